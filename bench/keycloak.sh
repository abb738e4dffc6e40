#!/usr/bin/env bash
# Keycloak, the benchmark's reference, on 127.0.0.1 only.
#
#   bench/keycloak.sh download   fetch org.keycloak:keycloak-quarkus-dist:$BENCH_KC_VERSION (zip, Maven Central) and unpack
#                                it into bench/.work/ (git-ignored), then `kc.sh build` (local cache, health, dev-file db)
#   bench/keycloak.sh start      start it in the background (`start --optimized`, http on 127.0.0.1:$BENCH_KC_PORT), import
#                                realm sesame-bench from bench/keycloak-realm.json on first start, wait until ready;
#                                prints "ready_ms=N" and "pid=N" (the java process) and writes .work/keycloak.pid
#   bench/keycloak.sh stop       stop the Keycloak started by `start` (by its recorded PID only)
#   bench/keycloak.sh reset      stop, then delete Keycloak's data (H2 database): the realm is imported afresh next start
#   bench/keycloak.sh status     is it running; which PID; realm discovery URL
#
# Settings (environment):
#   BENCH_KC_VERSION [26.7.3]   BENCH_KC_JAVA_HOME [/usr/lib/jvm/temurin-25-jdk-amd64] (Keycloak needs Java 21+)
#   BENCH_KC_PORT [8180]        BENCH_KC_MGMT_PORT [9180] (health; Keycloak's default 9000 would clash with Sésame)
#   BENCH_KC_ADMIN [admin]      BENCH_KC_ADMIN_PASSWORD [admin]   (bootstrap admin, master realm)
#   BENCH_KC_CLIENT_SECRET [bench-secret-0f5c2a9e7d4b4e1c8a3f6b2d9e0c7a15]
#   BENCH_LDAP_HOST [127.0.0.1] BENCH_LDAP_PORT [10389]
#   BENCH_LDAP_BIND_DN [cn=keycloak-svc,ou=services,dc=rivebelle,dc=fr]  BENCH_LDAP_BIND_CREDENTIAL [Svc-Passw0rd!]
#   BENCH_LDAP_USERS_DN [ou=people,dc=rivebelle,dc=fr]
#   BENCH_LDAP_IMPORT [true]    Keycloak's default: federated users are imported into its database on first login
#                               (credentials are still checked by an LDAP bind at every login). Set false to compare
#                               without import (every lookup goes to LDAP).
#   BENCH_KC_READY_TIMEOUT [180] seconds
#   BENCH_NICE [0]              niceness of Keycloak's process and of its scheduling autogroup (set by run.sh)
# A change to any LDAP/client setting changes the rendered realm: the next `start` then wipes the data and re-imports.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$BENCH_DIR/.work"
BENCH_KC_VERSION="${BENCH_KC_VERSION:-26.7.3}"
BENCH_KC_JAVA_HOME="${BENCH_KC_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BENCH_KC_PORT="${BENCH_KC_PORT:-8180}"
BENCH_KC_MGMT_PORT="${BENCH_KC_MGMT_PORT:-9180}"
BENCH_KC_ADMIN="${BENCH_KC_ADMIN:-admin}"
BENCH_KC_ADMIN_PASSWORD="${BENCH_KC_ADMIN_PASSWORD:-admin}"
BENCH_KC_CLIENT_SECRET="${BENCH_KC_CLIENT_SECRET:-bench-secret-0f5c2a9e7d4b4e1c8a3f6b2d9e0c7a15}"
BENCH_LDAP_HOST="${BENCH_LDAP_HOST:-127.0.0.1}"
BENCH_LDAP_PORT="${BENCH_LDAP_PORT:-10389}"
BENCH_LDAP_BIND_DN="${BENCH_LDAP_BIND_DN:-cn=keycloak-svc,ou=services,dc=rivebelle,dc=fr}"
BENCH_LDAP_BIND_CREDENTIAL="${BENCH_LDAP_BIND_CREDENTIAL:-Svc-Passw0rd!}"
BENCH_LDAP_USERS_DN="${BENCH_LDAP_USERS_DN:-ou=people,dc=rivebelle,dc=fr}"
BENCH_LDAP_IMPORT="${BENCH_LDAP_IMPORT:-true}"
BENCH_KC_READY_TIMEOUT="${BENCH_KC_READY_TIMEOUT:-180}"

KC_HOME="$WORK/keycloak-$BENCH_KC_VERSION"
PID_FILE="$WORK/keycloak.pid"
LOG="$WORK/keycloak.log"
HEALTH_URL="http://127.0.0.1:$BENCH_KC_MGMT_PORT/health/ready"
ISSUER="http://127.0.0.1:$BENCH_KC_PORT/realms/sesame-bench"

log() { echo "keycloak.sh: $*" >&2; }

# Keycloak reads KC_* variables as its own options: never leak unrelated ones into its environment.
kc() { env -u KC_VERSION JAVA_HOME="$BENCH_KC_JAVA_HOME" "$KC_HOME/bin/kc.sh" "$@"; }

download() {
  if [[ -x "$KC_HOME/bin/kc.sh" ]]; then log "already unpacked: $KC_HOME"; else
    mkdir -p "$WORK"
    local zip="$WORK/keycloak-quarkus-dist-$BENCH_KC_VERSION.zip"
    if [[ ! -s "$zip" ]]; then
      log "downloading org.keycloak:keycloak-quarkus-dist:$BENCH_KC_VERSION:zip"
      (cd "$WORK" && mvn -q -B dependency:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$BENCH_KC_VERSION:zip" -DoutputDirectory="$WORK")
    fi
    (cd "$WORK" && unzip -q -o "$zip")
    rm -f "$KC_HOME/.bench-built"
  fi
  if [[ ! -f "$KC_HOME/.bench-built" ]]; then
    log "kc.sh build (cache=local, health, db=dev-file)"
    kc build --cache=local --health-enabled=true --db=dev-file >"$WORK/keycloak-build.log" 2>&1 \
      || { tail -30 "$WORK/keycloak-build.log" >&2; exit 1; }
    touch "$KC_HOME/.bench-built"
  fi
}

render_realm() {
  mkdir -p "$KC_HOME/data/import"
  local esc_url esc_dn esc_cred esc_users esc_secret
  sedesc() { printf '%s' "$1" | sed -e 's/[\/&|\\]/\\&/g' -e 's/"/\\\\"/g'; }
  sed -e "s|@LDAP_URL@|$(sedesc "ldap://$BENCH_LDAP_HOST:$BENCH_LDAP_PORT")|" \
      -e "s|@LDAP_BIND_DN@|$(sedesc "$BENCH_LDAP_BIND_DN")|" \
      -e "s|@LDAP_BIND_CREDENTIAL@|$(sedesc "$BENCH_LDAP_BIND_CREDENTIAL")|" \
      -e "s|@LDAP_USERS_DN@|$(sedesc "$BENCH_LDAP_USERS_DN")|" \
      -e "s|@LDAP_IMPORT@|$(sedesc "$BENCH_LDAP_IMPORT")|" \
      -e "s|@CLIENT_SECRET@|$(sedesc "$BENCH_KC_CLIENT_SECRET")|" \
      "$BENCH_DIR/keycloak-realm.json" >"$KC_HOME/data/import/sesame-bench-realm.json.new"
  local new old=""
  new="$(sha256sum <"$KC_HOME/data/import/sesame-bench-realm.json.new" | cut -c1-64)"
  [[ -f "$KC_HOME/data/.bench-realm-sha" ]] && old="$(cat "$KC_HOME/data/.bench-realm-sha")"
  if [[ "$new" != "$old" ]]; then
    [[ -n "$old" ]] && log "realm settings changed: wiping Keycloak's database to re-import"
    rm -rf "$KC_HOME/data/h2"
  fi
  mv "$KC_HOME/data/import/sesame-bench-realm.json.new" "$KC_HOME/data/import/sesame-bench-realm.json"
  echo "$new" >"$KC_HOME/data/.bench-realm-sha"
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

start() {
  if pid="$(running_pid)"; then log "already running (pid $pid)"; echo "pid=$pid"; return 0; fi
  download
  render_realm
  local first=false; [[ -d "$KC_HOME/data/h2" ]] || first=true
  local t0; t0="$(now_ms)"
  # The wrapper (kc.sh) forks the JVM; KC_BOOTSTRAP_ADMIN_* only matter on the first start (master realm creation).
  env -u KC_VERSION JAVA_HOME="$BENCH_KC_JAVA_HOME" \
    KC_BOOTSTRAP_ADMIN_USERNAME="$BENCH_KC_ADMIN" KC_BOOTSTRAP_ADMIN_PASSWORD="$BENCH_KC_ADMIN_PASSWORD" \
    setsid bash -c 'echo "$0" >/proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "${BENCH_NICE:-0}" \
      "$KC_HOME/bin/kc.sh" start --optimized --import-realm \
      --http-enabled=true --http-host=127.0.0.1 --http-port="$BENCH_KC_PORT" \
      --http-management-host=127.0.0.1 --http-management-port="$BENCH_KC_MGMT_PORT" \
      --hostname-strict=false --log-level=INFO >"$LOG" 2>&1 </dev/null &
  local wrapper=$!
  local deadline=$(( $(date +%s) + BENCH_KC_READY_TIMEOUT ))
  until curl -fsS -o /dev/null "$HEALTH_URL" 2>/dev/null; do
    if ! kill -0 "$wrapper" 2>/dev/null; then log "Keycloak exited; see $LOG"; tail -30 "$LOG" >&2; exit 1; fi
    if (( $(date +%s) > deadline )); then log "not ready after ${BENCH_KC_READY_TIMEOUT}s; see $LOG"; stop_pid "$wrapper"; exit 1; fi
    sleep 0.05
  done
  local t1; t1="$(now_ms)"
  # The JVM is the wrapper's child; record it (RSS and stop target). Fall back to the wrapper.
  local jpid; jpid="$(pgrep -P "$wrapper" -n java || true)"
  [[ -n "$jpid" ]] || jpid="$wrapper"
  echo "$jpid" >"$PID_FILE"
  echo "$wrapper" >"$PID_FILE.wrapper"
  curl -fsS -o /dev/null "$ISSUER/.well-known/openid-configuration" || { log "realm sesame-bench not served"; exit 1; }
  log "ready in $((t1 - t0)) ms (first start with realm import: $first), JVM pid $jpid, issuer $ISSUER"
  echo "ready_ms=$((t1 - t0))"
  echo "first_start=$first"
  echo "pid=$jpid"
}

stop_pid() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "pid $pid still alive after 30 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  local pid
  if pid="$(running_pid)"; then stop_pid "$pid"; log "stopped pid $pid"; else log "not running"; fi
  if [[ -f "$PID_FILE.wrapper" ]]; then
    local w; w="$(cat "$PID_FILE.wrapper")"
    kill -0 "$w" 2>/dev/null && stop_pid "$w"
  fi
  rm -f "$PID_FILE" "$PID_FILE.wrapper"
}

case "${1:-}" in
  download) download ;;
  start) start ;;
  stop) stop ;;
  reset) stop; rm -rf "$KC_HOME/data/h2" "$KC_HOME/data/.bench-realm-sha"; log "data wiped" ;;
  status)
    if pid="$(running_pid)"; then echo "running pid=$pid issuer=$ISSUER"; else echo "not running"; exit 1; fi ;;
  *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
