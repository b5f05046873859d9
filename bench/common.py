"""Shared helpers of the Engram benchmark scripts (Python 3 standard library only).

- Client: one persistent HTTP/1.1 connection (http.client) that times each request and counts non-2xx answers.
- percentiles(): linear interpolation between closest ranks (the same rule as numpy's default).
- machine_info(): CPU, cores, Java, PostgreSQL and pgvector versions, for the result files.
"""
import datetime
import http.client
import json
import os
import platform
import subprocess
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.environ.get("ENGRAM_BENCH_RESULTS") or os.path.join(REPO, "bench", "results")

PG = {"host": os.environ.get("ENGRAM_BENCH_PG_HOST", "127.0.0.1"),
      "port": os.environ.get("ENGRAM_PG_PORT", "55432"),
      "user": "engram", "password": "engram", "db": "engram"}


class HttpError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


def _api_key():
    """ENGRAM_KEY, else the key scripts/run.sh wrote to .engram/api-key."""
    key = os.environ.get("ENGRAM_KEY")
    if key:
        return key.strip()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".engram", "api-key")
    return open(path).read().strip() if os.path.exists(path) else None


API_KEY = _api_key()


class Client:
    """A persistent connection to Engram. Every call returns (status, parsed JSON or None, seconds)."""

    def __init__(self, base_url, timeout=300):
        u = urllib.parse.urlsplit(base_url)
        self.host = u.hostname
        self.port = u.port or 80
        self.timeout = timeout
        self.conn = None
        self.statuses = {}          # status code -> count, over every request made
        self.errors = []            # first non-2xx answers (status, path, body excerpt)
        self.reconnects = 0

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self.conn.connect()

    def request(self, method, path, body=None, accept="application/json"):
        if self.conn is None:
            self._connect()
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Accept": accept, "Connection": "keep-alive"}
        if API_KEY:
            headers["Authorization"] = "Bearer " + API_KEY
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            try:
                t0 = time.perf_counter()
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                elapsed = time.perf_counter() - t0
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest):
                # The server closed an idle keep-alive connection: reconnect once (not timed as a success twice).
                if attempt == 1:
                    raise
                self.reconnects += 1
                self.conn.close()
                self._connect()
        self.statuses[resp.status] = self.statuses.get(resp.status, 0) + 1
        if not 200 <= resp.status < 300 and len(self.errors) < 20:
            self.errors.append({"status": resp.status, "path": path, "body": raw[:500].decode("utf-8", "replace")})
        parsed = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
        return resp.status, parsed, elapsed

    def post(self, path, body):
        return self.request("POST", path, body)

    def get(self, path):
        return self.request("GET", path)

    def non_2xx(self):
        return sum(n for s, n in self.statuses.items() if not 200 <= s < 300)

    def close(self):
        if self.conn is not None:
            self.conn.close()


def percentiles(samples_seconds, ps=(50, 95, 99)):
    """Milliseconds: p50/p95/p99 (linear interpolation), mean, min, max and n of the given durations in seconds."""
    xs = sorted(s * 1000.0 for s in samples_seconds)
    out = {"n": len(xs)}
    if not xs:
        return out
    for p in ps:
        k = (len(xs) - 1) * p / 100.0
        lo = int(k)
        hi = min(lo + 1, len(xs) - 1)
        out[f"p{p}"] = round(xs[lo] + (xs[hi] - xs[lo]) * (k - lo), 2)
    out["mean"] = round(sum(xs) / len(xs), 2)
    out["min"] = round(xs[0], 2)
    out["max"] = round(xs[-1], 2)
    return out


def psql(sql, timeout=30):
    """Runs one SQL statement with psql against Engram's database; returns stdout stripped, or None on failure."""
    env = dict(os.environ, PGPASSWORD=PG["password"])
    try:
        r = subprocess.run(["psql", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"], PG["db"],
                            "-tAXc", sql], capture_output=True, text=True, env=env, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


def _run(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return None


def machine_info():
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gb = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    java = _run(["java", "-version"])
    return {
        "nproc": os.cpu_count(),
        "nproc_cmd": _run(["nproc"]),
        "cpu_model": cpu,
        "mem_total_gb": mem_gb,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "java_version": java.splitlines()[0] if java else None,
        "java_version_full": java,
        "postgresql_version": psql("select version()"),
        "pgvector_version": psql("select extversion from pg_extension where extname = 'vector'"),
    }


def engram_model(client):
    """The embedding model the running Engram uses, read from a search answer (field `model`)."""
    status, body, _ = client.post("/v1/memories/search", {"query": "model probe", "limit": 1,
                                                            "userId": "__bench_probe__"})
    if status != 200 or not isinstance(body, dict):
        raise HttpError(status, json.dumps(body))
    return body.get("model")


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_json(name, data):
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, name)
    with open(path, "w") as f:
        json.dump(data, f, indent=2, sort_keys=False)
        f.write("\n")
    return path
