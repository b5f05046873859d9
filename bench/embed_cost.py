#!/usr/bin/env python3
"""How much of a search is the query embedding? Reads Engram's own timers from /q/metrics around N searches.

Runs 20 untimed + N (200) sequential searches (quick.py's query generator, limit 10, server defaults) against the
running Engram and reports the client p50/p95 plus the mean of the server timers `engram.embed` (query embedding)
and `engram.search` (whole search) over those N searches. Meant to be run for each model on the SAME database, so
that only the model differs: the search results are meaningless when the stored vectors come from another model,
but the work done per search is the same. Writes bench/results/embed-cost-<model>.json.

  python3 bench/embed_cost.py [--url http://127.0.0.1:8080] [--n 200]
"""
import argparse
import random
import re
import sys
import urllib.request

import common
import quick


def timers(url):
    text = urllib.request.urlopen(url + "/q/metrics", timeout=30).read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r"(engram_(?:embed|search)_seconds)_(count|sum)\{([^}]*)\} (\S+)", line)
        if m:
            out[(m.group(1), m.group(3), m.group(2))] = float(m.group(4))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    client = common.Client(args.url)
    model = common.engram_model(client)
    for _ in range(20):
        client.post("/v1/memories/search", {"query": quick.question(rng), "limit": 10})
    before = timers(args.url)
    lat = []
    for _ in range(args.n):
        status, _, sec = client.post("/v1/memories/search", {"query": quick.question(rng), "limit": 10})
        if status == 200:
            lat.append(sec)
    after = timers(args.url)
    server = {}
    for (name, labels, kind), v in after.items():
        if kind != "count":
            continue
        n = v - before.get((name, labels, "count"), 0)
        if n > 0:
            total = after[(name, labels, "sum")] - before.get((name, labels, "sum"), 0)
            server[f"{name}{{{labels}}}"] = {"n": int(n), "mean_ms": round(1000 * total / n, 2)}
    corpus = common.psql("select count(*) from memory where tenant_id = 'default'")
    result = {"benchmark": "embed-cost", "timestamp": common.now_iso(), "model": model,
              "params": {"n": args.n, "warmup": 20, "seed": args.seed, "limit": 10},
              "corpus_tenant_total": int(corpus) if corpus else None,
              "corpus_embedded_with": common.psql("select string_agg(distinct embedding_model, ',') from memory"),
              "client_search_ms": common.percentiles(lat), "server_timers": server,
              "http_statuses": {str(k): v for k, v in sorted(client.statuses.items())},
              "machine": common.machine_info()}
    path = common.write_json(f"embed-cost-{model}.json", result)
    print(f"[embed-cost] {model}: client {result['client_search_ms']} server {server}", file=sys.stderr)
    print(f"[embed-cost] wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
