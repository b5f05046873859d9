#!/usr/bin/env bash
# Runs Engram locally on a fresh Debian/Ubuntu machine:
#   installs what is missing (JDK, PostgreSQL, pgvector, Redis), starts PostgreSQL and Redis on loopback with their
#   data under .engram/ (git-ignored), creates the database and the vector extension, builds Engram, starts it in
#   the background and prints its URL. Safe to re-run: running pieces are kept, Engram is rebuilt and restarted.
#
#   scripts/run.sh              start (or restart) everything
#   scripts/run.sh --foreground start PostgreSQL/Redis, then run Engram in this terminal
#   scripts/run.sh stop         stop Engram, Redis and PostgreSQL
#
# Ports: ENGRAM_PORT (8080), ENGRAM_PG_PORT (55432), ENGRAM_REDIS_PORT (56379).
# The service's JVM: ENGRAM_JAVA (the java binary, default: java on the PATH) and ENGRAM_JAVA_OPTS (more options,
# split on spaces), e.g. a JDK 25 AOT cache (docs/deploy.md) or a flight recording.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
STATE="$ROOT/.engram"
APP_PORT="${ENGRAM_PORT:-8080}"
PG_PORT="${ENGRAM_PG_PORT:-55432}"
REDIS_PORT="${ENGRAM_REDIS_PORT:-56379}"
log() { printf '[run] %s\n' "$*" >&2; }

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { echo "/usr/lib/postgresql/$(ls -1 /usr/lib/postgresql | grep -E '^[0-9]+$' | sort -n | tail -n 1)/bin"; }

stop_all() {
  if [ -f "$STATE/engram.pid" ] && kill -0 "$(cat "$STATE/engram.pid")" 2>/dev/null; then
    log "stopping Engram"; kill "$(cat "$STATE/engram.pid")"
    for _ in $(seq 1 50); do kill -0 "$(cat "$STATE/engram.pid")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$STATE/engram.pid"
  if [ -f "$STATE/redis/redis.pid" ] && kill -0 "$(cat "$STATE/redis/redis.pid")" 2>/dev/null; then
    log "stopping Redis"; kill "$(cat "$STATE/redis/redis.pid")"
  fi
  if [ -f "$STATE/pg/data/postmaster.pid" ]; then
    log "stopping PostgreSQL"; as_pg "$(pg_bin)/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null || true
  fi
}

if [ "${1:-}" = "stop" ]; then stop_all; exit 0; fi

bash scripts/install-deps.sh
PG_BIN="$(pg_bin)"
mkdir -p "$STATE/pg" "$STATE/redis" "$STATE/tmp"

# --- PostgreSQL ---------------------------------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then chown postgres "$STATE/pg"; fi
if [ ! -f "$STATE/pg/data/PG_VERSION" ]; then
  log "initialising PostgreSQL in .engram/pg/data"
  as_pg "$PG_BIN/initdb" -D "$STATE/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $STATE/pg -c listen_addresses=127.0.0.1 -c shared_buffers=${ENGRAM_PG_SHARED_BUFFERS:-1GB}" \
    start >/dev/null
fi
psql_admin() { as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -d postgres -c "select 1 from pg_roles where rolname = 'engram'")" != "1" ]; then
  psql_admin -d postgres -c "create role engram login password 'engram'"
fi
if [ "$(psql_admin -d postgres -c "select 1 from pg_database where datname = 'engram'")" != "1" ]; then
  psql_admin -d postgres -c "create database engram owner engram"
fi
psql_admin -d engram -c "create extension if not exists vector"

# --- Redis ---------------------------------------------------------------------------------------------------
if ! { [ -f "$STATE/redis/redis.pid" ] && kill -0 "$(cat "$STATE/redis/redis.pid")" 2>/dev/null; }; then
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$STATE/redis" \
    --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log" --save "" --appendonly no
fi

# A tenant 'local' and an API key for it in .engram/api-key, made once with the operator key (kept while it works).
provision_local_key() {
  local base="http://127.0.0.1:$APP_PORT" op="Authorization: Bearer $(cat "$STATE/operator-key")"
  if [ -s "$STATE/api-key" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$STATE/api-key")" \
      "$base/v1/memory-types")" = 200 ]; then
    return
  fi
  curl -s -o /dev/null -X POST "$base/v1/admin/tenants" -H "$op" -H 'Content-Type: application/json' \
    -d '{"id": "local", "name": "Local development"}'
  (umask 077; curl -fsS -X POST "$base/v1/admin/tenants/local/keys" -H "$op" -H 'Content-Type: application/json' \
    -d '{"name": "scripts/run.sh", "scopes": ["read", "write", "admin"]}' | sed -E 's/.*"key":"([^"]+)".*/\1/' \
    >"$STATE/api-key")
}

# --- Engram --------------------------------------------------------------------------------------------------
log "building Engram"
./mvnw -B -q -ntp package -DskipTests
if [ -f "$STATE/engram.pid" ] && kill -0 "$(cat "$STATE/engram.pid")" 2>/dev/null; then
  log "restarting Engram"; kill "$(cat "$STATE/engram.pid")"
  for _ in $(seq 1 50); do kill -0 "$(cat "$STATE/engram.pid")" 2>/dev/null || break; sleep 0.2; done
fi
export ENGRAM_PORT="$APP_PORT"
export ENGRAM_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/engram"
export ENGRAM_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
# The operator key (creates tenants and API keys) is generated once and kept in .engram/operator-key.
if [ ! -s "$STATE/operator-key" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 | tr -d '/+=\n' >"$STATE/operator-key")
fi
export ENGRAM_AUTH_ADMIN_KEY="$(cat "$STATE/operator-key")"
JAVA_BIN="${ENGRAM_JAVA:-java}"
# shellcheck disable=SC2206 # split on purpose: several options in one variable
JAVA_OPTS=(${ENGRAM_JAVA_OPTS:-} -Djava.io.tmpdir="$STATE/tmp" -DDJL_CACHE_DIR="$STATE/tmp/djl")
export DJL_CACHE_DIR="$STATE/tmp/djl"
if [ "${1:-}" = "--foreground" ]; then
  log "Engram on http://127.0.0.1:$APP_PORT (Ctrl-C stops it)"
  exec "$JAVA_BIN" "${JAVA_OPTS[@]}" -jar target/quarkus-app/quarkus-run.jar
fi
nohup "$JAVA_BIN" "${JAVA_OPTS[@]}" -jar target/quarkus-app/quarkus-run.jar >"$STATE/engram.log" 2>&1 &
echo $! >"$STATE/engram.pid"
for _ in $(seq 1 $((${ENGRAM_START_TIMEOUT:-300} * 2))); do
  if curl -fsS "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null 2>&1; then
    provision_local_key
    log "Engram is ready: http://127.0.0.1:$APP_PORT  (API docs: http://127.0.0.1:$APP_PORT/q/swagger-ui)"
    log "API key of tenant 'local' (read, write, admin): export ENGRAM_KEY=\$(cat .engram/api-key)"
    log "logs: .engram/engram.log; stop everything with: scripts/run.sh stop"
    echo "http://127.0.0.1:$APP_PORT"
    exit 0
  fi
  if ! kill -0 "$(cat "$STATE/engram.pid")" 2>/dev/null; then
    log "Engram exited during start-up; last log lines:"; tail -n 40 "$STATE/engram.log" >&2; exit 1
  fi
  sleep 0.5
done
log "Engram did not become ready within ${ENGRAM_START_TIMEOUT:-300} s; see .engram/engram.log"; exit 1
