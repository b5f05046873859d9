#!/usr/bin/env bash
# Runs every benchmark for every in-process model, then regenerates docs/benchmarks.md's tables and stops Engram.
#   bash bench/run_all.sh                      all three models
#   MODELS="all-minilm-l6-v2-q" bash bench/run_all.sh
# For each model: empty the memory tables, (re)start Engram with the model, run bench/locomo.py, then bench/quick.py.
# All memories live in one tenant, so the tables must be emptied before another model is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
MODELS="${MODELS:-all-minilm-l6-v2-q bge-small-en-v15-q e5-small-v2-q}"
PG_PORT="${ENGRAM_PG_PORT:-55432}"
pg() { PGPASSWORD=engram psql -h 127.0.0.1 -p "$PG_PORT" -U engram engram -qtAX "$@"; }
truncate_all() { pg -c 'truncate memory cascade; truncate context cascade'; }

for model in $MODELS; do
  echo "=== $model ===" >&2
  if pg -c "select 1" >/dev/null 2>&1; then truncate_all 2>/dev/null || true; fi
  # the benchmarks drive one key far above the default per-key limit: raise it (the limiter still runs)
  ENGRAM_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 ENGRAM_RATE_LIMIT_BURST=1000000 \
    ENGRAM_EMBEDDING_MODEL="$model" bash scripts/run.sh >/dev/null
  truncate_all   # also covers a first start on a fresh machine (the database did not exist before run.sh)
  [ "$(pg -c 'select count(*) from memory')" = "0" ] || { echo "memory table not empty" >&2; exit 1; }
  python3 bench/locomo.py
  python3 bench/quick.py
done
bash scripts/run.sh stop
python3 bench/report.py
