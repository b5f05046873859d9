#!/usr/bin/env python3
"""What the MCP endpoint costs a call on a running Engram, against the REST call that does the same work.

  1. stores --memories single-sentence memories through the batch API (one user);
  2. --warmup + --n pairs of searches, each pair one POST /v1/memories/search and one MCP tools/call
     search_memories with the same arguments (limit 10, the user's memories), the order within a pair alternating,
     every query new (no query-embedding cache hit on either side), timed one by one;
  3. the same for storing one memory: POST /v1/memories against tools/call store_memory;
  4. writes mcp-cost.json with p50/p95/p99/mean (ms) of each to bench/results/ (or ENGRAM_BENCH_RESULTS).

MCP calls are sent as a serverless agent sends them: no handshake, no session (auto-init), one HTTP request each.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

WORDS = ("alice bob carol dave flight hotel meeting report invoice lisbon porto berlin monday friday coffee tea "
         "window seat budget deadline project launch review draft").split()
MCP_ACCEPT = "application/json, text/event-stream"


def sentence(rng, n=12):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--memories", type=int, default=1000)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    client = common.Client(args.url)
    model = common.engram_model(client)
    started = common.now_iso()
    user = "bench-mcp-%d" % rng.randrange(1 << 30)
    for start in range(0, args.memories, 500):
        status, body, _ = client.post("/v1/memories/batch", {"memories": [
            {"content": sentence(rng), "userId": user} for _ in range(min(500, args.memories - start))]})
        if status != 201:
            raise common.HttpError(status, str(body))

    def mcp(tool, arguments, i):
        status, body, sec = client.request("POST", "/mcp", {"jsonrpc": "2.0", "id": i, "method": "tools/call",
                                                            "params": {"name": tool, "arguments": arguments}},
                                           accept=MCP_ACCEPT)
        ok = status == 200 and body is not None and not body.get("result", {}).get("isError", True)
        return ok, sec

    def rest(path, payload):
        status, _, sec = client.post(path, payload)
        return 200 <= status < 300, sec

    def pairs(rest_call, mcp_call):
        rest_lat, mcp_lat, failed = [], [], 0
        for i in range(args.warmup + args.n):
            calls = [("rest", rest_call), ("mcp", mcp_call)]
            if i % 2:
                calls.reverse()
            for name, call in calls:
                ok, sec = call(i)
                if not ok:
                    failed += 1
                elif i >= args.warmup:
                    (rest_lat if name == "rest" else mcp_lat).append(sec)
        return rest_lat, mcp_lat, failed

    search_rest, search_mcp, search_failed = pairs(
        lambda i: rest("/v1/memories/search", {"query": sentence(rng, 6), "userId": user, "limit": 10}),
        lambda i: mcp("search_memories", {"query": sentence(rng, 6), "userId": user, "limit": 10}, i))
    print(f"[mcp] search rest {common.percentiles(search_rest)}", file=sys.stderr)
    print(f"[mcp] search mcp  {common.percentiles(search_mcp)}", file=sys.stderr)
    store_rest, store_mcp, store_failed = pairs(
        lambda i: rest("/v1/memories", {"content": sentence(rng), "userId": user}),
        lambda i: mcp("store_memory", {"content": sentence(rng), "userId": user}, i))
    print(f"[mcp] store rest {common.percentiles(store_rest)}", file=sys.stderr)
    print(f"[mcp] store mcp  {common.percentiles(store_mcp)}", file=sys.stderr)

    path = common.write_json("mcp-cost.json", {
        "benchmark": "mcp-cost",
        "started": started,
        "finished": common.now_iso(),
        "machine": common.machine_info(),
        "model": model,
        "settings": {"memories": args.memories, "n": args.n, "warmup": args.warmup, "limit": 10},
        "search_rest_ms": common.percentiles(search_rest),
        "search_mcp_ms": common.percentiles(search_mcp),
        "store_rest_ms": common.percentiles(store_rest),
        "store_mcp_ms": common.percentiles(store_mcp),
        "failed": {"search": search_failed, "store": store_failed, "all_non_2xx": client.non_2xx()},
    })
    print(f"[mcp] wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
