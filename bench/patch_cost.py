#!/usr/bin/env python3
"""Latency of PATCH /v1/memories/{id} on a running Engram: what keeping revisions costs an edit.

  1. stores --memories single-sentence memories through the batch API (one user);
  2. --warmup + --n PATCHes of importance only (no re-embedding), cycling over the memories, timed one by one;
  3. --warmup + --n PATCHes of content (re-embedded), the same way;
  4. writes patch-<label>.json with p50/p95/p99/mean (ms) of each to bench/results/ (or ENGRAM_BENCH_RESULTS).

Run it twice against the same build, once started with ENGRAM_MEMORY_MAX_REVISIONS=0 (no revisions kept) and once
with the default (20), alternating, and compare (docs/benchmarks.md, "Memory revisions").
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

WORDS = ("alice bob carol dave flight hotel meeting report invoice lisbon porto berlin monday friday coffee tea "
         "window seat budget deadline project launch review draft").split()


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--label", required=True, help="names the result file, e.g. revisions-20 or revisions-0")
    ap.add_argument("--memories", type=int, default=200)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    client = common.Client(args.url)
    model = common.engram_model(client)
    started = common.now_iso()
    user = "bench-patch-" + args.label
    status, body, _ = client.post("/v1/memories/batch", {"memories": [
        {"content": sentence(rng), "userId": user} for _ in range(args.memories)]})
    if status != 201:
        raise common.HttpError(status, str(body))
    ids = [m["id"] for m in body["memories"]]

    def run(change):
        lat, non2xx = [], 0
        for i in range(args.warmup + args.n):
            status, _, sec = client.request("PATCH", "/v1/memories/" + ids[i % len(ids)], change(i))
            if not 200 <= status < 300:
                non2xx += 1
            elif i >= args.warmup:
                lat.append(sec)
        return lat, non2xx

    importance, importance_bad = run(lambda i: {"importance": round(0.01 + (i % 97) / 100, 2)})
    print(f"[patch] importance: {common.percentiles(importance)}", file=sys.stderr)
    content, content_bad = run(lambda i: {"content": sentence(rng)})
    print(f"[patch] content: {common.percentiles(content)}", file=sys.stderr)

    path = common.write_json(f"patch-{args.label}.json", {
        "benchmark": "patch-cost",
        "label": args.label,
        "started": started,
        "finished": common.now_iso(),
        "machine": common.machine_info(),
        "model": model,
        "settings": {"memories": args.memories, "n": args.n, "warmup": args.warmup,
                     "patches_per_memory": 2 * (args.warmup + args.n) / args.memories},
        "patch_importance_ms": common.percentiles(importance),
        "patch_content_ms": common.percentiles(content),
        "non_2xx": {"importance": importance_bad, "content": content_bad, "all_requests": client.non_2xx()},
    })
    print(f"[patch] wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
