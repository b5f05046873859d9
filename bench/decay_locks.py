#!/usr/bin/env python3
"""Decay of a large tenant next to live writes: how long one decay run takes and what it does to the latency of
PATCH requests on the same tenant's memories while it runs.

Decay writes most of a tenant's rows; every row it updates stays locked until its transaction commits, and a PATCH
of such a memory waits for that commit. The benchmark:

  1. keeps a copy of every memory's importance of the tenant (table bench_decay_importance, made once) and restores
     it before the run, with importance_decayed_at cleared, so that every run decays the same rows;
  2. starts --writers clients, each PATCHing the confidence of random memories of the tenant in a closed loop;
  3. after --warmup seconds (not recorded) and --baseline seconds, calls POST /v1/maintenance/decay (synchronous)
     and times it;
  4. stops the writers --tail seconds after the decay answered and writes bench/results/decay-locks-<label>.json:
     the decay's wall time and rows written, and PATCH p50/p95/p99/max before and during the decay.

Start the service with a policy under which the corpus is due, e.g.
  ENGRAM_MAINTENANCE_DECAY_GRACE=PT1M ENGRAM_MAINTENANCE_DECAY_MIN_CHANGE=0 scripts/run.sh
on a tenant holding a corpus (bench/Scale.java --sizes 20000), then
  python3 bench/decay_locks.py --label batched [--tenant local] [--writers 4] [--ids 5000]
"""
import argparse
import random
import sys
import threading
import time

import common


def restore(tenant):
    t = tenant.replace("'", "''")
    steps = ["create table if not exists bench_decay_importance as "
             f"select id, importance from memory where tenant_id = '{t}'",
             "update memory m set importance = b.importance, importance_decayed_at = null "
             "from bench_decay_importance b where m.id = b.id "
             "and (m.importance <> b.importance or m.importance_decayed_at is not null)",
             "vacuum (analyze) memory"]
    for sql in steps:
        if common.psql(sql, timeout=1800) is None:
            sys.exit(f"could not restore the tenant's importance: {sql}")


def writer(url, ids, stop, samples, seed):
    client = common.Client(url)
    rnd = random.Random(seed)
    while not stop.is_set():
        mid = rnd.choice(ids)
        status, _, secs = client.request("PATCH", f"/v1/memories/{mid}",
                                         {"confidence": round(rnd.uniform(0.5, 1.0), 3)})
        samples.append((time.monotonic(), secs, status))
    client.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--tenant", default="local")
    ap.add_argument("--label", required=True)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--ids", type=int, default=5000)
    ap.add_argument("--warmup", type=float, default=20.0, help="seconds of PATCHes not recorded (the JIT)")
    ap.add_argument("--baseline", type=float, default=10.0)
    ap.add_argument("--tail", type=float, default=2.0)
    args = ap.parse_args()

    restore(args.tenant)
    t = args.tenant.replace("'", "''")
    ids = (common.psql(f"select id from memory where tenant_id = '{t}' order by id limit {args.ids}") or "").split()
    total = int(common.psql(f"select count(*) from memory where tenant_id = '{t}'") or 0)
    if not ids:
        sys.exit(f"tenant {args.tenant} holds no memories; load a corpus first (bench/Scale.java)")

    stop = threading.Event()
    samples = []
    threads = [threading.Thread(target=writer, args=(args.url, ids, stop, samples, i)) for i in range(args.writers)]
    for th in threads:
        th.start()
    time.sleep(args.warmup)
    warm = time.monotonic()
    time.sleep(args.baseline)
    client = common.Client(args.url)
    start = time.monotonic()
    status, run, secs = client.post("/v1/maintenance/decay", {})
    end = time.monotonic()
    time.sleep(args.tail)
    stop.set()
    for th in threads:
        th.join()
    if status != 201:
        sys.exit(f"decay answered {status}: {run}")

    samples = [x for x in samples if x[0] - x[1] >= warm]
    before = [s for at, s, _ in samples if at < start]
    # a PATCH overlaps the decay if it ended after the decay started and began before the decay ended
    during = [s for at, s, _ in samples if at >= start and at - s <= end]
    codes = {}
    for _, _, st in samples:
        codes[str(st)] = codes.get(str(st), 0) + 1
    result = {
        "label": args.label,
        "finished": common.now_iso(),
        "tenant_memories": total,
        "writers": args.writers,
        "decay": {"wall_ms": round(secs * 1000), "server_ms": run.get("durationMillis"), "updated": run.get("updated"),
                  "parameters": run.get("parameters")},
        "patch_before": common.percentiles(before),
        "patch_during": common.percentiles(during),
        "patch_status_codes": codes,
        "machine": common.machine_info(),
    }
    path = common.write_json(f"decay-locks-{args.label}.json", result)
    print(f"{args.label}: decay of {total} memories wrote {run.get('updated')} in {result['decay']['wall_ms']} ms; "
          f"PATCH before p50/p99 {result['patch_before'].get('p50')}/{result['patch_before'].get('p99')} ms, "
          f"during p50/p99/max {result['patch_during'].get('p50')}/{result['patch_during'].get('p99')}/"
          f"{result['patch_during'].get('max')} ms (n {result['patch_during']['n']}); codes {codes} -> {path}")


if __name__ == "__main__":
    main()
