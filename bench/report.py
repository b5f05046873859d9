#!/usr/bin/env python3
"""Regenerates the result tables of docs/benchmarks.md from bench/results/*.json.

The tables replace everything between the markers <!-- BEGIN GENERATED --> and <!-- END GENERATED --> in
docs/benchmarks.md; the rest of the file is left alone. With --stdout the tables are printed instead.

  python3 bench/report.py [--stdout]
"""
import glob
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(REPO, "bench", "results")
REPEAT = os.path.join(RESULTS, "repeat")
DOC = os.path.join(REPO, "docs", "benchmarks.md")
BEGIN, END = "<!-- BEGIN GENERATED -->", "<!-- END GENERATED -->"
MODEL_ORDER = ["all-minilm-l6-v2-q", "bge-small-en-v15-q", "e5-small-v2-q"]
DEFAULT_CONFIG = "hybrid-weighted/default"   # what a client gets when it sends only a query
CAT_LABELS = {"1": "multi-hop", "2": "temporal", "3": "open-domain", "4": "single-hop", "5": "adversarial"}


def load(prefix, directory=RESULTS):
    out = {}
    for path in sorted(glob.glob(os.path.join(directory, f"{prefix}-*.json"))):
        with open(path) as f:
            d = json.load(f)
        out[d["model"]] = d
    order = {m: i for i, m in enumerate(MODEL_ORDER)}
    return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], 99)))


def f(v, nd=1):
    return "–" if v is None else f"{v:.{nd}f}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def config(d, name):
    return next((c for c in d["configs"] if c["name"] == name), None)


def comparable(d):
    return [c for c in d["configs"] if "drift" not in c["name"]]


def render():
    locomo, quick = load("locomo"), load("quick")
    out = []
    any_file = next(iter(locomo.values()), None) or next(iter(quick.values()), None)
    if any_file is None:
        return "_No result files in bench/results yet._"

    m = any_file["machine"]
    out.append("### Machine and versions (from the result files)\n")
    out.append(table(["", ""], [
        ["CPU", f"{m['cpu_model']} ({m['nproc']} cores visible to the OS)"],
        ["Memory", f"{m['mem_total_gb']} GB"],
        ["Java", m["java_version"]],
        ["PostgreSQL", m["postgresql_version"]],
        ["pgvector", m["pgvector_version"]],
        ["Python (client)", m["python"]],
        ["Runs", ", ".join(f"{k} {d['timestamp']}" for k, d in {**{f'locomo/{a}': b for a, b in locomo.items()},
                                                               **{f'quick/{a}': b for a, b in quick.items()}}.items())],
    ]))

    if locomo:
        first = next(iter(locomo.values()))
        dd = first["data"]
        out.append("\n### LoCoMo: headline per model\n")
        out.append(f"{dd['turns']} turns of {len(dd['conversations'])} conversations stored; "
                   f"{dd['questions_evaluated']} of {dd['questions_total']} questions have usable evidence "
                   f"({dd['skipped_no_evidence']} skipped without evidence; evidence entries split: "
                   f"{dd['evidence_entries_split']}, ids repaired: {dd['evidence_ids_repaired']}, "
                   f"unknown ids dropped: {dd['evidence_ids_unknown_dropped']} {dd.get('unknown_ids') or ''}). "
                   "Recall in %, overall = categories 1–4 (category 5, adversarial, excluded). "
                   f"\"Default config\" = `{DEFAULT_CONFIG}`, i.e. a search request with only a query.\n")
        rows = []
        for model, d in locomo.items():
            best = max(comparable(d), key=lambda c: c["recall"]["overall_excl_cat5"]["r@10"])
            dc = config(d, DEFAULT_CONFIG)
            bo, do = best["recall"]["overall_excl_cat5"], dc["recall"]["overall_excl_cat5"]
            rows.append([f"`{model}`", f"`{best['name']}`", f(bo["r@5"]), f"**{f(bo['r@10'])}**", f(bo["r@25"]),
                         f"{f(best['search_ms'].get('p50'))} / {f(best['search_ms'].get('p95'))}",
                         f(do["r@10"]), f"{f(dc['search_ms'].get('p50'))} / {f(dc['search_ms'].get('p95'))}",
                         f(d["ingest"]["memories_per_second"]) if d.get("ingest") else "–"])
        out.append(table(["model", "best config (by R@10)", "R@5", "R@10", "R@25", "search p50 / p95 ms",
                          "default-config R@10", "default-config p50 / p95 ms", "ingest memories/s"], rows))

        out.append("\n### LoCoMo: every configuration, overall (categories 1–4)\n")
        out.append("Configurations ran in this order within each model's run; searches count as accesses, so the "
                   "frequency component of `/default` rows depends on how many searches ran before. The last row "
                   "per model repeats the first configuration after all others (drift check). Latency is client-side "
                   "per request, sequential, keep-alive.\n")
        rows = []
        for model, d in locomo.items():
            for c in d["configs"]:
                o = c["recall"]["overall_excl_cat5"]
                rows.append([f"`{model}`", f"`{c['name']}`", f(o["r@5"]), f(o["r@10"]), f(o["r@25"]),
                             f(c["search_ms"].get("p50")), f(c["search_ms"].get("p95")),
                             f(c["server_took_ms"].get("p50")), f(c["mean_hits_returned"]), c["non_2xx"]])
        out.append(table(["model", "config", "R@5", "R@10", "R@25", "p50 ms", "p95 ms", "server p50 ms",
                          "hits/query", "non-2xx"], rows))

        out.append("\n### LoCoMo: per category (R@5 / R@10 / R@25, %)\n")
        cats = sorted({k for d in locomo.values() for c in d["configs"] for k in c["recall"]["by_category"]})
        n_by_cat = {k: v["n"] for k, v in first["configs"][0]["recall"]["by_category"].items()}
        header = ["model", "config"] + [f"cat {k} {CAT_LABELS.get(k, '')} (n={n_by_cat.get(k)})" for k in cats]
        rows = []
        for model, d in locomo.items():
            for c in d["configs"]:
                cells = []
                for k in cats:
                    v = c["recall"]["by_category"].get(k)
                    cells.append("–" if v is None else f"{f(v['r@5'])} / {f(v['r@10'])} / {f(v['r@25'])}")
                rows.append([f"`{model}`", f"`{c['name']}`"] + cells)
        out.append(table(header, rows))
        out.append("\nCategory names are the common reading of the released file's numbers; category 5 "
                   "(adversarial) is not part of any overall figure.\n")

        out.append("\n### LoCoMo: ingest through the batch API\n")
        rows = []
        for model, d in locomo.items():
            i = d.get("ingest")
            if i:
                rows.append([f"`{model}`", i["memories"], i["batches"], i["batch_size"], f(i["seconds"]),
                             f"**{f(i['memories_per_second'])}**", f(i["batch_ms"].get("p50"), 0),
                             f(i["batch_ms"].get("max"), 0)])
        out.append(table(["model", "memories", "batches", "batch size", "seconds", "memories/s",
                          "batch p50 ms", "batch max ms"], rows))

    if quick:
        out.append("\n### Quick latency (sequential, one keep-alive connection)\n")
        q0 = next(iter(quick.values()))
        p = q0["params"]
        out.append(f"{p['warmup']} warm-up + {p['n']} timed requests each. Store = `POST /v1/memories` with one "
                   "short sentence; search = `POST /v1/memories/search` with limit 10, server defaults (hybrid, "
                   "weighted fusion, default weights), no userId filter, so the corpus is the whole tenant "
                   "(the model's LoCoMo memories + quick's seeded and stored sentences).\n")
        rows = []
        for model, d in quick.items():
            s, r = d["store_ms"], d["search_ms"]
            rows.append([f"`{model}`", d["corpus_size_at_search"]["tenant_total"],
                         f(s.get("p50")), f(s.get("p95")), f(s.get("p99")), f(s.get("mean")),
                         f(r.get("p50")), f(r.get("p95")), f(r.get("p99")), f(r.get("mean")),
                         d["non_2xx"]["all_requests"]])
        out.append(table(["model", "corpus at search", "store p50", "p95", "p99", "mean",
                          "search p50", "p95", "p99", "mean", "non-2xx"], rows))
        out.append("\nAll times in ms.\n")

    embed = load("embed-cost")
    if embed:
        e0 = next(iter(embed.values()))
        out.append("\n### Query embedding share of a search (`bench/embed_cost.py`)\n")
        out.append(f"{e0['params']['n']} sequential default searches (limit 10) per model, all on the same database "
                   f"({e0['corpus_tenant_total']} memories embedded with `{e0['corpus_embedded_with']}`), so only the "
                   "model differs. Server means are Engram's own `engram.embed` and `engram.search` timers "
                   "(/q/metrics) over the same searches.\n")
        rows = []
        for model, d in embed.items():
            t = d["server_timers"]
            emb = next((v for k, v in t.items() if k.startswith("engram_embed_seconds")), {})
            srch = next((v for k, v in t.items() if k.startswith("engram_search_seconds")), {})
            rows.append([f"`{model}`", f(emb.get("mean_ms")), f(srch.get("mean_ms")),
                         f(d["client_search_ms"].get("p50")), f(d["client_search_ms"].get("p95")),
                         ", ".join(f"{k}: {v}" for k, v in d["http_statuses"].items())])
        out.append(table(["model", "query embedding mean ms", "server search mean ms", "client p50 ms",
                          "client p95 ms", "status: count"], rows))

    rep_locomo, rep_quick = load("locomo", REPEAT), load("quick", REPEAT)
    if rep_locomo or rep_quick:
        out.append("\n### Repeatability: a second full run (bench/results/repeat/)\n")
        out.append("The whole procedure (`bench/run_all.sh`) was run a second time with "
                   "`ENGRAM_BENCH_RESULTS=bench/results/repeat`. Run 1 is the one in every table above.\n")
        rows = []
        for model in [m for m in MODEL_ORDER if m in locomo or m in quick]:
            for label, ld, qd in (("run 1", locomo.get(model), quick.get(model)),
                                  ("run 2", rep_locomo.get(model), rep_quick.get(model))):
                cells = [f"`{model}`", label]
                if ld:
                    best = max(comparable(ld), key=lambda c: c["recall"]["overall_excl_cat5"]["r@10"])
                    dc = config(ld, DEFAULT_CONFIG)
                    cells += [f"`{best['name']}` {f(best['recall']['overall_excl_cat5']['r@10'])}",
                              f(dc["recall"]["overall_excl_cat5"]["r@10"]),
                              f"{f(best['search_ms'].get('p50'))} / {f(best['search_ms'].get('p95'))}",
                              f(ld["ingest"]["memories_per_second"]) if ld.get("ingest") else "–"]
                else:
                    cells += ["–"] * 4
                if qd:
                    cells += [f"{f(qd['store_ms'].get('p50'))} / {f(qd['store_ms'].get('p95'))}",
                              f"{f(qd['search_ms'].get('p50'))} / {f(qd['search_ms'].get('p95'))}"]
                else:
                    cells += ["–"] * 2
                rows.append(cells)
        out.append(table(["model", "run", "best config R@10", "default-config R@10", "best config p50 / p95 ms",
                          "ingest memories/s", "quick store p50 / p95 ms", "quick search p50 / p95 ms"], rows))

    out.append(render_scale())

    out.append("\n### HTTP status codes seen by the benchmark clients\n")
    rows = []
    for kind, ds in (("locomo", locomo), ("quick", quick), ("locomo (run 2)", rep_locomo), ("quick (run 2)", rep_quick)):
        for model, d in ds.items():
            errs = "; ".join(f"{e['status']} {e['path']}: {e['body'][:120]}" for e in d.get("http_errors", [])[:3])
            rows.append([kind, f"`{model}`", ", ".join(f"{k}: {v}" for k, v in d["http_statuses"].items()),
                         d.get("reconnects", 0), errs or "none"])
    out.append(table(["benchmark", "model", "status: count", "reconnects", "non-2xx examples"], rows))
    return "\n".join(out) + "\n"


def render_scale():
    """Tables of bench/Scale.java's result files (scale-<model>.json)."""
    # every file, not one per model: the 1M runs (SQL copies, through the API) share a model
    runs = []
    for prefix in ("scale", "scale1m"):
        for path in sorted(glob.glob(os.path.join(RESULTS, f"{prefix}-*.json"))):
            with open(path) as fh:
                runs.append(json.load(fh))
    if not runs:
        return ""
    out = []
    for d in runs:
        model = d["model"]
        out.append(f"\n### Scale: `{model}` (`bench/Scale.java`, finished {d['finished']})\n")
        rows = []
        for s in d["sizes"]:
            if "ingest" not in s:
                # a step that did not ingest: search measured again, or the corpus grown by SQL copies
                c, st = s.get("sqlCopies", {}), s.get("storage", {})
                what = ("search only (corpus already stored)" if s.get("searchOnly")
                        else f"SQL copies ({c.get('insertSeconds')} s insert, {c.get('hnswBuildSeconds')} s HNSW build)")
                rows.append([f"{s['memories']:,}", what, "–", "–", "–", "–",
                             s["service"].get("rssMiB", "–"), s["service"].get("peakRssMiB", "–"),
                             st.get("memoryTableMiB", "–"), st.get("hnswIndexMiB", "–")])
                continue
            ing, raw, svc, st = s["ingest"], s["rawEmbedding"], s["service"], s["storage"]
            rows.append([f"{s['memories']:,}", f(ing["memoriesPerSecond"]), f(s.get("memoriesPerSecondUntilLinked")),
                         f(raw["textsPerSecond"]),
                         f"{100 * s['ingestShareOfRawEmbedding']:.0f} %", ing["errors"],
                         svc.get("rssMiB", "–"), svc.get("peakRssMiB", "–"), st["memoryTableMiB"], st["hnswIndexMiB"]])
        out.append(table(["memories", "ingest memories/s (answered)", "… until auto-linked", "raw embedding texts/s", "ingest / raw", "errors",
                          "RSS MiB", "peak RSS MiB", "memory table MiB", "HNSW index MiB"], rows))
        warmup = d.get("warmupSearches")
        warm = f"{warmup} untimed warm-up searches first" if warmup is not None else "100 untimed warm-up searches first"
        out.append(f"\nSearch latency, ms (client side, hybrid, limit 10, whole tenant; closed loop; {warm}):\n")
        rows = []
        for s in d["sizes"]:
            for cache in ("miss", "hit", "user-miss"):
                for conc, cell in s.get("search", {}).get(cache, {}).items():
                    rows.append([f"{s['memories']:,}", cache, conc[1:], f(cell.get("p50"), 1), f(cell.get("p95"), 1),
                                 f(cell.get("p99"), 1), f(cell.get("requestsPerSecond"), 0), cell["errors"],
                                 f(cell.get("observedCacheHitRatio"), 2)])
        out.append(table(["memories", "cell", "concurrency", "p50", "p95", "p99", "requests/s",
                          "errors", "observed hit ratio"], rows))
        out.append("\nHNSW recall@10 against exact search (same vectors, same filter):\n")
        rows = []
        for s in d["sizes"]:
            r = s.get("hnswRecall")
            if r is None:
                continue
            for e in r["efSearch"]:
                rows.append([f"{s['memories']:,}", e["efSearch"], f(e["top10Recall"], 4),
                             f(e.get("top10TieAwareRecall"), 4), f(e["top10MeanMillis"], 2),
                             f(e["candidates50Recall"], 4), f(e.get("candidates50TieAwareRecall"), 4),
                             f(e["candidates50MeanMillis"], 2), f(r["exactMeanMillis"], 1)])
        out.append(table(["memories", "ef_search", "recall@10, top-10 query", "tie-aware", "ms",
                          "recall@10, 50 candidates", "tie-aware", "ms", "exact scan ms"], rows))
        out.append("\n(\"tie-aware\": ann-benchmarks' definition, a returned neighbour also counts when its distance is within"
                   " 1e-3 of the 10th exact one; \"–\" for runs before it was measured.)")
        startup = d["service"].get("startupSeconds")
        if startup is not None:
            out.append(f"\nStart-up (Quarkus 'started in', model loaded and warmed): {startup} s; "
                       f"RSS after start: {d['service'].get('rssMiB', '–')} MiB.")
    return "\n".join(out)


def main():
    text = render()
    if "--stdout" in sys.argv or not os.path.exists(DOC):
        print(text)
        return
    with open(DOC) as fh:
        doc = fh.read()
    if BEGIN not in doc or END not in doc:
        sys.exit(f"{DOC} has no {BEGIN} ... {END} markers")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(DOC, "w") as fh:
        fh.write(head + BEGIN + "\n" + text + END + tail)
    print(f"updated {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
