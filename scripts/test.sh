#!/usr/bin/env bash
# Runs Engram's whole test suite on a fresh Debian/Ubuntu machine: installs what is missing (JDK, PostgreSQL,
# pgvector, Redis), then `./mvnw verify`. The suite starts its own throwaway PostgreSQL and Redis on free ports.
# Set ENGRAM_TEST_DB_URL (+ _USER/_PASSWORD) and/or ENGRAM_TEST_REDIS_URL to use external servers instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec ./mvnw -B -ntp verify "$@"
