#!/usr/bin/env python3
"""Retrieval quality of a running Engram on LoCoMo (evidence recall@k), plus ingest throughput and search latency.

Data: ../shared/data/locomo-dev.json relative to the repository root (read at run time, never copied).

  1. every turn of every conversation becomes one memory through POST /v1/memories/batch:
     content "<speaker>: <text>", type episodic, userId = sample_id, metadata {diaId, session},
     occurredAt = the session's date ("1:56 pm on 8 May, 2023", read as UTC);
  2. every question with evidence is searched (query = question, userId = sample_id, limit 25) in each
     configuration below, in this fixed order:
        semantic / keyword / hybrid+weighted / hybrid+rrf, each with the server's default weights and then with
        relevance-only weights {relevance 1, recency 0, frequency 0, importance 0};
     then the first configuration is run once more ("drift check") to show how much the access counts that the
     earlier searches accumulated move the default-weight ranking (searches count as accesses, and access count
     feeds the frequency component; relevance-only configurations are not affected by it);
     Before the first configuration, --warmup (40) untimed searches run with a metadata filter that matches no
     memory (whole request path, no hits, so no access is counted);
  3. recall@k of a question = share of its evidence dia_ids found among the top k hits (by metadata.diaId);
     averaged per category and overall. Category 5 (adversarial) is reported separately and is NOT in "overall".
  4. writes bench/results/locomo-<model>-<representation>.json.

Evidence ids are read as given, with two repairs that are counted in the result file: an entry holding several
ids separated by ';' is split, and "D:11:26" is read as "D11:26". Ids that name no turn of the conversation are
dropped (counted); a question left without evidence is skipped (counted).

  python3 bench/locomo.py [--url http://127.0.0.1:8080] [--data ../shared/data/locomo-dev.json]
                          [--batch-size 250] [--limit-questions N]
"""
import argparse
import datetime
import json
import os
import re
import sys
import time

import common

KS = (5, 10, 25)
LIMIT = 25
RELEVANCE_ONLY = {"relevance": 1, "recency": 0, "frequency": 0, "importance": 0}
CONFIGS = [  # fixed order; see module doc
    ("semantic/default", {"mode": "semantic"}),
    ("semantic/relevance-only", {"mode": "semantic", "weights": RELEVANCE_ONLY}),
    ("keyword/default", {"mode": "keyword"}),
    ("keyword/relevance-only", {"mode": "keyword", "weights": RELEVANCE_ONLY}),
    ("hybrid-weighted/default", {"mode": "hybrid", "fusion": "weighted"}),
    ("hybrid-weighted/relevance-only", {"mode": "hybrid", "fusion": "weighted", "weights": RELEVANCE_ONLY}),
    ("hybrid-rrf/default", {"mode": "hybrid", "fusion": "rrf"}),
    ("hybrid-rrf/relevance-only", {"mode": "hybrid", "fusion": "rrf", "weights": RELEVANCE_ONLY}),
]
PRODUCT_DEFAULT_WEIGHTS = {"relevance": 0.7, "recency": 0.1, "frequency": 0.1, "importance": 0.1}
CONFIGS.append(("hybrid-weighted/0.7-0.1-0.1-0.1", {"mode": "hybrid", "fusion": "weighted",
                                                   "weights": PRODUCT_DEFAULT_WEIGHTS}))
DRIFT_CHECK = ("semantic/default (drift check, run last)", {"mode": "semantic"})
CATEGORY_LABELS = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}


def session_date(text):
    dt = datetime.datetime.strptime(text.strip(), "%I:%M %p on %d %B, %Y")
    return dt.replace(tzinfo=datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def load(path, representation="turn"):
    """Turns as memories. "turn": content "<speaker>: <text>". "contextual": the same content plus the caption of a
    photo the turn shares ("[shares a photo: <caption>]"), and the previous turn of the same session as the
    memory's searchContext (indexed for keyword search, not part of the content or the embedding)."""
    with open(path) as f:
        data = json.load(f)
    convs = []
    for sample in data:
        c = sample["conversation"]
        turns = []
        n = 1
        while f"session_{n}" in c:
            if isinstance(c[f"session_{n}"], list) and c[f"session_{n}"]:
                when = session_date(c[f"session_{n}_date_time"])
                previous = None
                for t in c[f"session_{n}"]:
                    content = f"{t['speaker']}: {t['text']}"
                    if representation == "contextual" and t.get("blip_caption"):
                        content += f" [shares a photo: {t['blip_caption']}]"
                    turn = {"content": content, "type": "episodic",
                            "userId": sample["sample_id"], "metadata": {"diaId": t["dia_id"], "session": n},
                            "occurredAt": when}
                    if representation == "contextual" and previous:
                        turn["searchContext"] = previous
                    turns.append(turn)
                    previous = content
            n += 1
        convs.append({"sample_id": sample["sample_id"], "turns": turns, "qa": sample["qa"]})
    return convs


def questions(convs):
    stats = {"questions_total": 0, "skipped_no_evidence": 0, "evidence_entries_split": 0,
             "evidence_ids_repaired": 0, "evidence_ids_unknown_dropped": 0, "unknown_ids": []}
    out = []
    for conv in convs:
        known = {t["metadata"]["diaId"] for t in conv["turns"]}
        for q in conv["qa"]:
            stats["questions_total"] += 1
            ids = []
            for e in q.get("evidence") or []:
                parts = [p.strip() for p in str(e).split(";") if p.strip()]
                if len(parts) > 1:
                    stats["evidence_entries_split"] += 1
                for p in parts:
                    m = re.fullmatch(r"D:(\d+):(\d+)", p)
                    if m:
                        p = f"D{m.group(1)}:{m.group(2)}"
                        stats["evidence_ids_repaired"] += 1
                    if p in known:
                        if p not in ids:
                            ids.append(p)
                    else:
                        stats["evidence_ids_unknown_dropped"] += 1
                        stats["unknown_ids"].append(f"{conv['sample_id']}:{p}")
            if not ids:
                stats["skipped_no_evidence"] += 1
                continue
            out.append({"sample_id": conv["sample_id"], "question": q["question"], "category": q["category"],
                        "evidence": ids})
    stats["questions_evaluated"] = len(out)
    return out, stats


def ingest(client, convs, batch_size):
    batches, seconds, stored = [], 0.0, 0
    for conv in convs:
        turns = conv["turns"]
        for k in range(0, len(turns), batch_size):
            chunk = turns[k:k + batch_size]
            status, body, sec = client.post("/v1/memories/batch", {"memories": chunk})
            if status != 201:
                raise common.HttpError(status, json.dumps(body))
            stored += body["count"]
            seconds += sec
            batches.append(sec)
            print(f"[locomo] {conv['sample_id']}: stored {body['count']} in {sec:.2f} s", file=sys.stderr)
    return {"memories": stored, "batches": len(batches), "batch_size": batch_size,
            "seconds": round(seconds, 2), "memories_per_second": round(stored / seconds, 1),
            "batch_ms": common.percentiles(batches)}


def evaluate(client, qs, name, extra):
    per_q, lat, took, non2xx, hit_counts = [], [], [], 0, []
    for q in qs:
        body = {"query": q["question"], "userId": q["sample_id"], "limit": LIMIT}
        body.update(extra)
        status, resp, sec = client.post("/v1/memories/search", body)
        if status != 200:
            non2xx += 1
            hits = []
        else:
            lat.append(sec)
            took.append(resp.get("tookMillis", 0) / 1000.0)
            hits = resp["hits"]
        ranked = [(h["memory"].get("metadata") or {}).get("diaId") for h in hits]
        hit_counts.append(len(ranked))
        ev = set(q["evidence"])
        per_q.append({"category": q["category"],
                      **{f"r@{k}": len(ev & set(ranked[:k])) / len(ev) for k in KS}})
    return {"name": name, "request": extra, "recall": summarise(per_q), "search_ms": common.percentiles(lat),
            "server_took_ms": common.percentiles(took), "non_2xx": non2xx,
            "mean_hits_returned": round(sum(hit_counts) / max(1, len(hit_counts)), 2)}


def summarise(per_q):
    def mean(rows):
        if not rows:
            return None
        return {"n": len(rows), **{f"r@{k}": round(100 * sum(r[f"r@{k}"] for r in rows) / len(rows), 2)
                                   for k in KS}}
    cats = sorted({r["category"] for r in per_q})
    return {"overall_excl_cat5": mean([r for r in per_q if r["category"] != 5]),
            "by_category": {str(c): mean([r for r in per_q if r["category"] == c]) for c in cats},
            "all_incl_cat5": mean(per_q)}


def main():
    repo = common.REPO
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--data", default=os.path.join(repo, "..", "shared", "data", "locomo-dev.json"))
    ap.add_argument("--batch-size", type=int, default=250)
    ap.add_argument("--limit-questions", type=int, default=0, help="evaluate only the first N questions (smoke test)")
    ap.add_argument("--warmup", type=int, default=40, help="untimed warm-up searches that match nothing")
    ap.add_argument("--skip-ingest", action="store_true", help="the conversations are already stored")
    ap.add_argument("--no-drift-check", action="store_true")
    ap.add_argument("--configs", default="", help="comma-separated configuration names to run (default: all)")
    ap.add_argument("--representation", choices=("turn", "contextual"), default="contextual",
                    help="turn: '<speaker>: <text>' only; contextual (default): plus the shared photo's caption, and "
                         "the previous turn as searchContext")
    args = ap.parse_args()

    convs = load(args.data, args.representation)
    qs, qstats = questions(convs)
    if args.limit_questions:
        qs = qs[:args.limit_questions]
    client = common.Client(args.url)
    model = common.engram_model(client)
    started = common.now_iso()
    print(f"[locomo] Engram at {args.url}, model {model}; {sum(len(c['turns']) for c in convs)} turns, "
          f"{len(qs)} questions", file=sys.stderr)

    ids = ",".join("'" + c["sample_id"] + "'" for c in convs)
    existing = common.psql(f"select count(*) from memory where user_id in ({ids})")
    if args.skip_ingest:
        ingest_result = None
    else:
        if existing not in (None, "0"):
            sys.exit(f"[locomo] {existing} LoCoMo memories are already stored; truncate the memory table first "
                     "(see docs/benchmarks.md) or pass --skip-ingest")
        ingest_result = ingest(client, convs, args.batch_size)
        print(f"[locomo] ingest: {ingest_result['memories_per_second']} memories/s", file=sys.stderr)
        time.sleep(2)  # short pause between phases, not timed
    corpus = common.psql(f"select count(*) from memory where user_id in ({ids})")
    tenant = common.psql("select count(*) from memory where tenant_id = 'default'")

    # Warm-up, not timed and not counted as accesses: the same searches with a metadata filter that matches no
    # memory, so the whole request path runs (embedding, SQL, JSON) but no hit is returned or access recorded.
    for i, q in enumerate(qs[:args.warmup]):
        _, extra = CONFIGS[i % len(CONFIGS)]
        client.post("/v1/memories/search", {"query": q["question"], "userId": q["sample_id"], "limit": LIMIT,
                                            "metadata": {"benchWarmup": "matches-nothing"}, **extra})

    # The warm-up's keyword searches made the server schedule the tenant's BM25 statistics (document frequencies,
    # recomputed in the background about a second later, see docs/retrieval.md): wait until they cover the corpus.
    for _ in range(60):
        covered = common.psql("select coalesce(max(documents), 0) from keyword_corpus")
        if covered is None or int(covered) >= int(corpus or 0):
            break
        client.post("/v1/memories/search", {"query": "warm-up", "mode": "keyword",
                                            "metadata": {"benchWarmup": "matches-nothing"}})
        time.sleep(0.5)
    print(f"[locomo] keyword statistics cover {covered} memories", file=sys.stderr)

    configs = list(CONFIGS) + ([] if args.no_drift_check else [DRIFT_CHECK])
    if args.configs:
        wanted = args.configs.split(",")
        configs = [c for c in configs if c[0] in wanted]
    results = []
    for name, extra in configs:
        t0 = time.perf_counter()
        r = evaluate(client, qs, name, extra)
        r["wall_seconds"] = round(time.perf_counter() - t0, 1)
        results.append(r)
        o = r["recall"]["overall_excl_cat5"]
        print(f"[locomo] {name:42s} R@5 {o['r@5']:6.2f} R@10 {o['r@10']:6.2f} R@25 {o['r@25']:6.2f} "
              f"p50 {r['search_ms'].get('p50')} ms p95 {r['search_ms'].get('p95')} ms non2xx {r['non_2xx']}",
              file=sys.stderr)
        time.sleep(1.5)  # not timed: the access counts of this configuration are flushed (every 1 s) before the next

    comparable = [r for r in results if "drift" not in r["name"]]
    best = max(comparable, key=lambda r: r["recall"]["overall_excl_cat5"]["r@10"])
    result = {
        "benchmark": "locomo-evidence-recall",
        "timestamp": started,
        "finished": common.now_iso(),
        "engram_url": args.url,
        "model": model,
        "data": {"file": os.path.relpath(os.path.abspath(args.data), repo),
                 "conversations": [c["sample_id"] for c in convs],
                 "turns": sum(len(c["turns"]) for c in convs), **qstats},
        "corpus": {"locomo_memories": int(corpus) if corpus else None,
                   "tenant_total": int(tenant) if tenant else None},
        "params": {"representation": args.representation, "limit": LIMIT, "ks": list(KS), "config_order": [n for n, _ in configs], "warmup": args.warmup,
                   "limit_questions": args.limit_questions or None},
        "category_labels_note": "numeric categories of the released file; commonly read as "
                                + ", ".join(f"{k} {v}" for k, v in CATEGORY_LABELS.items()),
        "method": "sequential searches over one persistent HTTP/1.1 connection; search_ms is client wall-clock "
                  "per request, server_took_ms is the tookMillis the server reports; percentiles by linear "
                  "interpolation. Searches increment access counts (frequency component) in the order above.",
        "ingest": ingest_result,
        "configs": results,
        "best_recall_at_10": {"name": best["name"], **best["recall"]["overall_excl_cat5"]},
        "http_statuses": {str(k): v for k, v in sorted(client.statuses.items())},
        "http_errors": client.errors,
        "reconnects": client.reconnects,
        "machine": common.machine_info(),
    }
    path = common.write_json(f"locomo-{model}-{args.representation}.json", result)
    client.close()
    print(f"[locomo] best R@10: {best['name']} {best['recall']['overall_excl_cat5']['r@10']}", file=sys.stderr)
    print(f"[locomo] wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
