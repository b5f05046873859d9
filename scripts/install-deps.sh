#!/usr/bin/env bash
# Installs what Engram needs on a Debian/Ubuntu machine: a JDK (17+), PostgreSQL, pgvector, Redis and curl.
# Safe to re-run: every step checks first and does nothing when the piece is already there.
# pgvector comes from a binary package (postgresql-N-pgvector) when the distribution has one, otherwise it is
# built from Debian's `pgvector` source package against the installed PostgreSQL major.
set -euo pipefail

log() { printf '[install-deps] %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
    apt_updated=1
  fi
}
apt_install() {
  apt_update_once
  log "apt-get install $*"
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- curl (the README's examples; the tests run them) -------------------------------------------------------
if ! command -v curl >/dev/null 2>&1; then
  apt_install curl ca-certificates
fi

# --- JDK ---------------------------------------------------------------------------------------------------
if ! command -v javac >/dev/null 2>&1; then
  apt_install openjdk-17-jdk-headless
fi

# --- PostgreSQL --------------------------------------------------------------------------------------------
pg_major() {
  # newest installed server major under /usr/lib/postgresql
  ls -1 /usr/lib/postgresql 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -n 1
}
if [ -z "$(pg_major)" ] || [ ! -x "/usr/lib/postgresql/$(pg_major)/bin/initdb" ]; then
  apt_install postgresql postgresql-contrib
fi
PG_MAJOR="$(pg_major)"
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
log "PostgreSQL $PG_MAJOR at $PG_BIN"

# --- pgvector ----------------------------------------------------------------------------------------------
vector_installed() { [ -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ]; }
if ! vector_installed; then
  apt_update_once
  if apt-cache policy "postgresql-$PG_MAJOR-pgvector" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install "postgresql-$PG_MAJOR-pgvector"
  fi
fi
if ! vector_installed; then
  log "no binary pgvector package for PostgreSQL $PG_MAJOR: building Debian's pgvector source package"
  if ! apt-cache showsrc pgvector 2>/dev/null | grep -q '^Package: pgvector'; then
    # Source-only entry: binary packages keep coming from the machine's own suites.
    src_suite="trixie"
    log "adding deb-src for Debian $src_suite (source packages only)"
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$src_suite" | $SUDO tee /etc/apt/sources.list.d/engram-pgvector-src.sources >/dev/null
    apt_updated=0
    apt_update_once
  fi
  apt_install "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev
  build_dir="$(mktemp -d)"; chmod 755 "$build_dir"
  (
    cd "$build_dir"
    apt-get source -qq --download-only pgvector >/dev/null
    dpkg-source -x --no-check ./pgvector_*.dsc src >/dev/null
    cd src
    make -s PG_CONFIG="$PG_BIN/pg_config" >/dev/null
    $SUDO make -s PG_CONFIG="$PG_BIN/pg_config" install >/dev/null
  )
  rm -rf "$build_dir"
fi
vector_installed || { log "pgvector installation failed"; exit 1; }
log "pgvector $(grep default_version "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" | cut -d"'" -f2)"

# --- Redis -------------------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null 2>&1; then
  apt_install redis-server
fi
log "$(redis-server --version | cut -d' ' -f1-3)"
log "done"
