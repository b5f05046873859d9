#!/usr/bin/env python3
"""Quick latency benchmark of a running Engram: one store and one search, sequential, over one keep-alive connection.

  1. seeds ~1000 varied synthetic sentences (fixed random seed) through POST /v1/memories/batch (userId bench-quick);
  2. store:  20 warm-up + N single-sentence POST /v1/memories, timed one by one;
  3. search: 20 warm-up + N POST /v1/memories/search (limit 10, default mode = hybrid, default weights, no userId
     filter, so the whole tenant is the corpus), timed one by one;
  4. writes bench/results/quick-<model>.json with p50/p95/p99/mean (ms), the corpus size at search time and the
     machine (CPU, cores, Java, PostgreSQL, pgvector).

Times are client-side wall-clock per request (send -> whole body read), including HTTP and JSON on loopback.

  python3 bench/quick.py [--url http://127.0.0.1:8080] [--n 300] [--warmup 20] [--seed 42]
"""
import argparse
import random
import sys
import time

import common

SUBJECTS = ["Alice", "Bob", "Carmen", "Deepak", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemal", "Lena",
            "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara", "the user", "my manager",
            "our team", "the agent", "my sister", "the landlord", "the new intern", "the customer"]
VERBS = ["likes", "prefers", "bought", "visited", "forgot", "recommended", "booked", "cancelled", "asked about",
         "complained about", "is allergic to", "wants to learn", "started using", "stopped using", "borrowed",
         "repaired", "sold", "planned", "reviewed", "scheduled"]
OBJECTS = ["green tea", "a vegan restaurant", "the Lisbon trip", "dark mode in the editor", "a road bike",
           "the quarterly report", "peanuts", "Spanish lessons", "a standing desk", "the dentist appointment",
           "Python type hints", "jazz concerts", "a rescue dog", "the kitchen sink", "sushi", "a mechanical keyboard",
           "early morning meetings", "the hiking boots", "a flight to Tokyo", "PostgreSQL indexes", "oat milk",
           "the birthday party", "a budget spreadsheet", "the garden shed", "noise-cancelling headphones",
           "the pottery class", "a used Volvo", "weekly standups", "the apartment lease", "chess openings"]
PLACES = ["in Berlin", "at the office", "last weekend", "on Monday", "in March", "after lunch", "during the holidays",
          "at the airport", "online", "with friends", "before the deadline", "in the evening", "near the station",
          "for the third time", "without telling anyone"]
REASONS = ["because it was cheaper", "to save time", "after a long discussion", "on a colleague's advice",
           "since the old one broke", "for health reasons", "just for fun", "to prepare for the exam", "", "", ""]
QUESTIONS = ["What does {s} like?", "Which {o} did {s} mention?", "When did {s} book {o}?",
             "Who {v} {o}?", "What happened {p}?", "Is anyone allergic to {o}?", "{s} and {o}",
             "What are {s}'s preferences?", "Tell me about {o}", "Why did {s} cancel it?"]


def sentence(rng, i):
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
    r = rng.choice(REASONS)
    s = f"{s} {r}" if r else s
    s = s[0].upper() + s[1:] + "."
    return s if rng.random() < 0.8 else f"{s} (note {i})"


def question(rng):
    return rng.choice(QUESTIONS).format(s=rng.choice(SUBJECTS), v=rng.choice(VERBS), o=rng.choice(OBJECTS),
                                        p=rng.choice(PLACES))


def timed_loop(client, path, bodies, warmup):
    lat, non2xx = [], 0
    for i, body in enumerate(bodies):
        status, _, sec = client.post(path, body)
        if not 200 <= status < 300:
            non2xx += 1
        if i >= warmup and 200 <= status < 300:
            lat.append(sec)
    return lat, non2xx


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--seed-corpus", type=int, default=1000, help="synthetic memories stored via batch first")
    ap.add_argument("--batch-size", type=int, default=250)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--user", default="bench-quick")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    client = common.Client(args.url)
    model = common.engram_model(client)
    started = common.now_iso()
    print(f"[quick] Engram at {args.url}, model {model}", file=sys.stderr)

    # 1. seed corpus through the batch API
    corpus = [{"content": sentence(rng, i), "type": "semantic", "userId": args.user,
               "metadata": {"bench": "quick", "i": i}} for i in range(args.seed_corpus)]
    t0 = time.perf_counter()
    seeded = 0
    for k in range(0, len(corpus), args.batch_size):
        chunk = corpus[k:k + args.batch_size]
        status, body, _ = client.post("/v1/memories/batch", {"memories": chunk})
        if status != 201:
            raise common.HttpError(status, str(body))
        seeded += body["count"]
    seed_sec = time.perf_counter() - t0
    print(f"[quick] seeded {seeded} memories in {seed_sec:.1f} s", file=sys.stderr)

    # 2. store latency: single short sentence per request
    total = args.warmup + args.n
    stores = [{"content": sentence(rng, 100000 + i), "type": "semantic", "userId": args.user,
               "metadata": {"bench": "quick-store", "i": i}} for i in range(total)]
    store_lat, store_non2xx = timed_loop(client, "/v1/memories", stores, args.warmup)
    print(f"[quick] store: {common.percentiles(store_lat)}", file=sys.stderr)

    # 3. search latency over the whole tenant
    time.sleep(1.5)  # short pause between phases, not timed
    corpus_tenant = common.psql("select count(*) from memory where tenant_id = 'default'")
    corpus_user = common.psql(f"select count(*) from memory where user_id = '{args.user}'")
    searches = [{"query": question(rng), "limit": 10} for _ in range(total)]
    search_lat, search_non2xx = timed_loop(client, "/v1/memories/search", searches, args.warmup)
    print(f"[quick] search: {common.percentiles(search_lat)}", file=sys.stderr)

    result = {
        "benchmark": "quick",
        "timestamp": started,
        "finished": common.now_iso(),
        "engram_url": args.url,
        "model": model,
        "params": {"n": args.n, "warmup": args.warmup, "seed": args.seed, "seed_corpus": args.seed_corpus,
                   "batch_size": args.batch_size, "user": args.user,
                   "search": {"limit": 10, "mode": "hybrid (default)", "fusion": "weighted (default)",
                              "weights": "server defaults", "userId_filter": None}},
        "method": "sequential requests over one persistent HTTP/1.1 connection (http.client); per-request "
                  "client wall-clock from send to end of body; warm-up requests are not timed; percentiles by "
                  "linear interpolation",
        "seed_ingest": {"memories": seeded, "seconds": round(seed_sec, 2),
                        "memories_per_second": round(seeded / seed_sec, 1)},
        "corpus_size_at_search": {"tenant_total": int(corpus_tenant) if corpus_tenant else None,
                                  "bench_quick_user": int(corpus_user) if corpus_user else None},
        "store_ms": common.percentiles(store_lat),
        "search_ms": common.percentiles(search_lat),
        "non_2xx": {"store": store_non2xx, "search": search_non2xx, "all_requests": client.non_2xx()},
        "http_statuses": {str(k): v for k, v in sorted(client.statuses.items())},
        "http_errors": client.errors,
        "reconnects": client.reconnects,
        "machine": common.machine_info(),
    }
    path = common.write_json(f"quick-{model}.json", result)
    client.close()
    print(f"[quick] wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
