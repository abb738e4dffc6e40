#!/usr/bin/env bash
# Side-by-side benchmark: Keycloak (reference) then Sésame on Java 17 and on Java 25, one server at a time, all on
# 127.0.0.1. Writes bench/results/<date>-<jdk>.md (one file per Sésame JDK, each with Keycloak's figures from the same
# run and the Sésame/Keycloak ratios; bench/results/<date>-keycloak-jdk25.md with --keycloak-only) and the raw figures
# in bench/results/raw/<date>-<time>/.
#
# usage: bench/run.sh [--keycloak-only | --sesame-only] [--jdks "17 25"] [--sesame-running PID]
#                     [--keycloak-running PID] [--cds] [--quick]
#   --sesame-running PID    benchmark an already started Sésame (not restarted; no time-to-ready; JDK label from
#                           /proc/PID/exe), instead of starting $SESAME_CMD once per JDK
#   --keycloak-running PID  the same for Keycloak (PID of its JVM)
#   --cds                   start Sésame as docs/operations.md says a deployment should: the extracted jar with a
#                           class-data-sharing archive (Java 17) or an AOT cache (Java 25+), made for each JDK by
#                           one training run (not timed, like Keycloak's `kc.sh build`) with the same options; the
#                           report shows the command
#   --quick                 3 s warm-up + 5 s measure per scenario (smoke test of the harness, not for figures)
#
# Settings (environment; defaults in brackets):
#   BENCH_WARMUP [5] BENCH_DURATION [20]      seconds per scenario (warm-up not measured, then measured)
#   BENCH_SERVER_WARMUP [20] seconds of each scenario (8 workers) run once per server before the measured ones
#                         (a JIT on 2 cores takes minutes: Keycloak still gains ~30 % after 2 min of load)
#   BENCH_QUIET_MAX [90]  before each scenario, wait up to this many seconds for the rest of the machine to be quiet
#                         (under BENCH_QUIET_CORES [0.3] cores busy besides the server); the figure is kept anyway
#                         and the busy CPU seen during the run is reported in the "other CPU" column
#   BENCH_RETRIES [1]     a scenario during which other processes used more than BENCH_OTHER_MAX [0.3] cores is
#                         measured again, up to this many times; the least disturbed try is kept
#   BENCH_NICE [0]        niceness (process and autogroup) of all that run.sh starts, e.g. -10 on a shared machine
#   Sésame:
#   SESAME_CMD ['{java} <bench/sesame-jvm-options> -jar auth-server/target/auth-server.jar --spring.profiles.active=bench ...']   run from the repository root; {java} is replaced
#                         by SESAME_JAVA17 [java] then SESAME_JAVA25 [/usr/lib/jvm/temurin-25-jdk-amd64/bin/java]
#   SESAME_ISSUER [http://localhost:9000]  SESAME_HEALTH [http://127.0.0.1:9000/actuator/health]
#   SESAME_CLIENT_ID [bench-client]  SESAME_CLIENT_SECRET (required for Sésame)
#   SESAME_USERS [agent%03d@rivebelle.fr] SESAME_USER_RANGE [1-200] or SESAME_USERS_FILE; SESAME_PASSWORD [Bench-Passw0rd!]
#   SESAME_REDIRECT_URI [http://127.0.0.1:9999/callback]
#   SESAME_LOGIN_ARGS     extra LoadClient arguments for Sésame's login form, e.g. "--form-extra commune=rivebelle"
#   SESAME_READY_TIMEOUT [120]
#   Keycloak (see keycloak.sh for the BENCH_KC_* and BENCH_LDAP_* settings):
#   KC_USERS [agent%03d] KC_USER_RANGE [1-200] or KC_USERS_FILE; KC_PASSWORD [Bench-Passw0rd!]
#   Directory:
#   BENCH_LDAP_PORT [10389]  if nothing listens there, run.sh starts the throwaway bench directory
#                            (DemoDirectory.java serving bench-directory.ldif) and stops it at the end
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
WORK="$BENCH_DIR/.work"
mkdir -p "$WORK"

WARMUP="${BENCH_WARMUP:-5}"
DURATION="${BENCH_DURATION:-20}"
QUIET_MAX="${BENCH_QUIET_MAX:-90}"
SERVER_WARMUP="${BENCH_SERVER_WARMUP:-20}"
RETRIES="${BENCH_RETRIES:-1}"
OTHER_MAX="${BENCH_OTHER_MAX:-0.3}"
QUIET_CORES="${BENCH_QUIET_CORES:-0.3}"
# The deployment's JVM options for a 2-core auth-server (bench/sesame-jvm-options; bench/README.md, "JVM settings",
# says why), and two malloc arenas instead of eight per core.
SESAME_JVM_OPTS="$(grep -v '^#' "$BENCH_DIR/sesame-jvm-options" | tr '\n' ' ')"
DEFAULT_SESAME_CMD="{java} ${SESAME_JVM_OPTS}-jar auth-server/target/auth-server.jar --spring.profiles.active=bench --spring.config.import=file:bench/sesame-bench.yml"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
SESAME_CMD="${SESAME_CMD:-$DEFAULT_SESAME_CMD}"
SESAME_JAVA17="${SESAME_JAVA17:-java}"
SESAME_JAVA25="${SESAME_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
SESAME_ISSUER="${SESAME_ISSUER:-http://localhost:9000}"
SESAME_HEALTH="${SESAME_HEALTH:-http://127.0.0.1:9000/actuator/health}"
SESAME_CLIENT_ID="${SESAME_CLIENT_ID:-bench-client}"
# The bench client's secret; exported because bench/sesame-bench.yml reads it from the environment.
export SESAME_CLIENT_SECRET="${SESAME_CLIENT_SECRET:-bench-client-secret-0123456789abcdef-0123}"
SESAME_USERS="${SESAME_USERS:-agent%03d@rivebelle.fr}"
SESAME_USER_RANGE="${SESAME_USER_RANGE:-1-200}"
SESAME_USERS_FILE="${SESAME_USERS_FILE:-}"
SESAME_PASSWORD="${SESAME_PASSWORD:-Bench-Passw0rd!}"
SESAME_REDIRECT_URI="${SESAME_REDIRECT_URI:-http://127.0.0.1:9999/callback}"
SESAME_LOGIN_ARGS="${SESAME_LOGIN_ARGS:-}"
SESAME_READY_TIMEOUT="${SESAME_READY_TIMEOUT:-120}"
KC_USERS="${KC_USERS:-agent%03d}"
KC_USER_RANGE="${KC_USER_RANGE:-1-200}"
KC_USERS_FILE="${KC_USERS_FILE:-}"
KC_PASSWORD="${KC_PASSWORD:-Bench-Passw0rd!}"
export BENCH_LDAP_PORT="${BENCH_LDAP_PORT:-10389}"
KC_ISSUER="http://127.0.0.1:${BENCH_KC_PORT:-8180}/realms/sesame-bench"
KC_SECRET="${BENCH_KC_CLIENT_SECRET:-bench-secret-0f5c2a9e7d4b4e1c8a3f6b2d9e0c7a15}"
# shellcheck source=bench/directory.sh
source "$BENCH_DIR/directory.sh"

DO_KC=true; DO_SESAME=true; JDKS="17 25"; SESAME_PID=""; KC_PID=""; CDS=false
while (($#)); do
  case "$1" in
    --keycloak-only) DO_SESAME=false ;;
    --sesame-only) DO_KC=false ;;
    --jdks) JDKS="$2"; shift ;;
    --sesame-running) SESAME_PID="$2"; shift ;;
    --keycloak-running) KC_PID="$2"; shift ;;
    --cds) CDS=true ;;
    --quick) WARMUP=2; DURATION=5; SERVER_WARMUP=2 ;;
    -h|--help) sed -n '2,40p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if $DO_SESAME && [[ -z "$SESAME_CLIENT_SECRET" ]]; then
  echo "run.sh: SESAME_CLIENT_SECRET is required to benchmark Sésame (or use --keycloak-only)" >&2; exit 2
fi

# Optional CPU priority for everything this script starts (servers, directory, load client), e.g. BENCH_NICE=-10 as
# root when other work shares the machine; the same for every server. With Linux's scheduler autogroups a plain
# `nice` only counts inside one session, so each process is started in its own session (setsid) whose autogroup
# gets that niceness too. Mind that it slows whatever else runs meanwhile (and its timing-sensitive tests).
export BENCH_NICE="${BENCH_NICE:-0}"
# Prefix: run a command in its own session with that niceness. No fork on the way (setsid and bash exec), so `$!` of
# "${PRIO[@]}" cmd & is the command's PID.
PRIO=(setsid bash -c 'echo "$0" >/proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "$BENCH_NICE")

DAY="$(date +%F)"
STAMP="$(date +%F-%H%M%S)"
RAW="$BENCH_DIR/results/raw/$STAMP"
mkdir -p "$RAW"
log() { echo "[$(date +%T)] $*" | tee -a "$RAW/run.log" >&2; }

# ------------------------------------------------------------------ processes we start (stopped by PID only)
STARTED_PIDS=()
stop_pid() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${STARTED_PIDS[@]:-}"; do [[ -n "$p" ]] && stop_pid "$p"; done
  if [[ "${KC_STARTED:-false}" == true ]]; then "$BENCH_DIR/keycloak.sh" stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ------------------------------------------------------------------ load client
CLASSES="$WORK/classes"
if [[ ! -f "$CLASSES/LoadClient.class" || "$BENCH_DIR/LoadClient.java" -nt "$CLASSES/LoadClient.class" ]]; then
  mkdir -p "$CLASSES"; javac --release 17 -d "$CLASSES" "$BENCH_DIR/LoadClient.java"
fi
load() { "${PRIO[@]}" java -Xss512k -XX:+UseParallelGC -cp "$CLASSES" LoadClient "$@"; }

# Busy CPU (cores) of the whole machine over 2 s, minus the server's own.
busy_other() {
  local pid="$1" a b sa sb
  read -r a < <(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat)
  sa=$(awk '{print $14+$15}' <(sed 's/^.*) //; s/^/x x /' "/proc/$pid/stat") 2>/dev/null || echo 0)
  sleep 2
  read -r b < <(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat)
  sb=$(awk '{print $14+$15}' <(sed 's/^.*) //; s/^/x x /' "/proc/$pid/stat") 2>/dev/null || echo 0)
  awk -v a="$a" -v b="$b" -v sa="$sa" -v sb="$sb" 'BEGIN{printf "%.2f", ((b-a)-(sb-sa))/100/2}'
}
wait_quiet() {
  local pid="$1" t0 o; t0=$(date +%s)
  while true; do
    o="$(busy_other "$pid")"
    if awk -v o="$o" -v q="$QUIET_CORES" 'BEGIN{exit !(o<q)}'; then return 0; fi
    if (( $(date +%s) - t0 >= QUIET_MAX )); then log "machine still busy (${o} cores used by other processes): measuring anyway"; return 0; fi
    log "machine busy (${o} cores used by other processes), waiting…"
    sleep 3
  done
}

rss_mb() { awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

# run_scenarios TARGET PID -- common LoadClient args
run_scenarios() {
  local target="$1" pid="$2"; shift 3
  local spec scenario conc
  # Warm the server up with every scenario first (not measured): JIT, pools, caches, imported users.
  log "$target: warm-up (${SERVER_WARMUP}s per scenario, not measured)"
  for scenario in client-credentials login refresh introspect; do
    load "$scenario" "$@" --concurrency 8 --warmup "$SERVER_WARMUP" --duration 1 --label "$target-warmup" \
      --out "$RAW/$target-warmup-$scenario.txt" 2>>"$RAW/$target-errors.log" >/dev/null \
      || log "$target: warm-up $scenario FAILED (see $RAW/$target-errors.log)"
  done
  for spec in client-credentials:16 login:8 login:32 refresh:16 introspect:16; do
    scenario="${spec%%:*}"; conc="${spec##*:}"
    local final="$RAW/$target-$scenario-c$conc.txt" try=0 other kept
    while true; do
      wait_quiet "$pid"
      log "$target: $scenario at $conc$( ((try)) && echo " (try $((try + 1)))")"
      load "$scenario" "$@" --concurrency "$conc" --warmup "$WARMUP" --duration "$DURATION" --pid "$pid" \
        --label "$target" --out "$RAW/try.txt" 2>>"$RAW/$target-errors.log" | tee -a "$RAW/run.log" \
        || { log "$target: $scenario at $conc FAILED (see $RAW/$target-errors.log)"; break; }
      other="$(sed -n 's/^other_cpu_cores=//p' "$RAW/try.txt")"
      kept="$( [[ -f "$final" ]] && sed -n 's/^other_cpu_cores=//p' "$final" || echo 99)"
      # keep the least disturbed of the tries
      if awk -v a="$other" -v b="$kept" 'BEGIN{exit !(a+0 < b+0)}'; then mv "$RAW/try.txt" "$final"; else rm -f "$RAW/try.txt"; fi
      try=$((try + 1))
      awk -v o="$other" -v m="$OTHER_MAX" 'BEGIN{exit !(o+0 >= m+0)}' || break
      ((try <= RETRIES)) || break
      log "$target: $scenario at $conc was disturbed (${other} cores used by other processes): measuring again"
    done
  done
  echo "rss_after_load_mb=$(rss_mb "$pid")" >>"$RAW/$target-server.txt"
}

user_args() { # users_file pattern range
  if [[ -n "$1" ]]; then echo "--users-file $1"; else echo "--users $2 --user-range $3"; fi
}

# ------------------------------------------------------------------ directory
ensure_directory() {
  if port_open "$BENCH_LDAP_PORT"; then
    log "directory: using the LDAP server already listening on 127.0.0.1:$BENCH_LDAP_PORT"
    echo "directory=external LDAP server on 127.0.0.1:$BENCH_LDAP_PORT" >>"$RAW/machine.txt"
    return
  fi
  local started=true
  start_directory "$BENCH_LDAP_PORT" "$RAW/directory.log" "${PRIO[@]}" || started=false
  STARTED_PIDS+=("$DIRECTORY_PID")
  $started || { log "directory did not start"; exit 1; }
  log "directory: started the throwaway bench directory on 127.0.0.1:$BENCH_LDAP_PORT (pid $DIRECTORY_PID)"
  echo "directory=throwaway bench directory (DemoDirectory.java, bench-directory.ldif) on 127.0.0.1:$BENCH_LDAP_PORT" >>"$RAW/machine.txt"
}

# ------------------------------------------------------------------ machine
{
  echo "date=$(date -u '+%F %T UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
  # Family and model tell CPU generations apart where the model name does not ("AMD EPYC" in a VM).
  echo "cpu_id=$(awk -F': ' '/^cpu family/ { f = $2 } /^model\t/ { m = $2 } /^flags/ { a = ($2 ~ /avx512f/) ? "avx512" : "no-avx512"; print "family " f " model " m " " a; exit }' /proc/cpuinfo)"
  echo "mem=$(free -h | awk '/^Mem:/{print $2" total, "$7" available"}')"
  echo "kernel=$(uname -r)"
  echo "java17=$($SESAME_JAVA17 -version 2>&1 | sed -n 2p)"
  echo "java25=$($SESAME_JAVA25 -version 2>&1 | sed -n 2p)"
  echo "loadclient_java=$(java -version 2>&1 | sed -n 2p)"
  echo "warmup_s=$WARMUP"
  echo "duration_s=$DURATION"
  echo "nice=$BENCH_NICE"
} >"$RAW/machine.txt"
free -h >"$RAW/free.txt"
ensure_directory

# ------------------------------------------------------------------ Keycloak
if $DO_KC; then
  T=keycloak
  KC_VER="${BENCH_KC_VERSION:-26.7.3}"
  if [[ -n "$KC_PID" ]]; then
    log "keycloak: using running pid $KC_PID"
  else
    "$BENCH_DIR/keycloak.sh" download
    "$BENCH_DIR/keycloak.sh" stop >/dev/null 2>&1 || true
    KC_STARTED=true
    out="$("$BENCH_DIR/keycloak.sh" start)"
    if grep -q '^first_start=true' <<<"$out"; then
      echo "first_start_ready_ms=$(sed -n 's/^ready_ms=//p' <<<"$out")" >>"$RAW/$T-server.txt"
      log "keycloak: first start (realm import) done; restarting to measure time to ready on restart"
      "$BENCH_DIR/keycloak.sh" stop
      out="$("$BENCH_DIR/keycloak.sh" start)"
    fi
    echo "ready_ms=$(sed -n 's/^ready_ms=//p' <<<"$out")" >>"$RAW/$T-server.txt"
    KC_PID="$(sed -n 's/^pid=//p' <<<"$out")"
  fi
  sleep 5
  {
    echo "pid=$KC_PID"
    echo "version=Keycloak $KC_VER"
    echo "java=$(/proc/"$KC_PID"/exe -version 2>&1 | sed -n 2p)"
    echo "idle_rss_mb=$(rss_mb "$KC_PID")"
    echo "ldap_import=${BENCH_LDAP_IMPORT:-true}"
  } >>"$RAW/$T-server.txt"
  log "keycloak: pid $KC_PID, idle RSS $(rss_mb "$KC_PID") MB"
  # shellcheck disable=SC2046
  run_scenarios "$T" "$KC_PID" -- --issuer "$KC_ISSUER" --client-id bench-client --client-secret "$KC_SECRET" \
    --password "$KC_PASSWORD" $(user_args "$KC_USERS_FILE" "$KC_USERS" "$KC_USER_RANGE")
  if [[ "${KC_STARTED:-false}" == true ]]; then "$BENCH_DIR/keycloak.sh" stop; KC_STARTED=false; fi
fi

# ------------------------------------------------------------------ Sésame
SESAME_TARGETS=()
# The extracted jar with a class-data-sharing archive (docs/operations.md): one training run of this JVM with the same
# options, which stops once the context is refreshed and writes the archive; from Java 25 on, an AOT cache
# (-XX:AOTCacheOutput / -XX:AOTCache, JEP 483 and 514: classes loaded and linked ahead of time as well). Echoes the
# command that uses it.
FAT_JAR="-jar auth-server/target/auth-server.jar"
cds_command() { # label java major
  local label="$1" jbin="$2" major="$3" dir="$BENCH_DIR/.work/cds-$1" write use
  [[ "$SESAME_CMD" == *"$FAT_JAR"* ]] || { log "--cds needs '$FAT_JAR' in SESAME_CMD"; exit 2; }
  rm -rf "$dir" && mkdir -p "$dir"
  "$jbin" -Djarmode=tools -jar "$ROOT/auth-server/target/auth-server.jar" extract --destination "$dir/app" >/dev/null
  if (( major >= 25 )); then
    write="-XX:AOTCacheOutput=$dir/app.aot"; use="-XX:AOTCache=$dir/app.aot"
  else
    write="-XX:ArchiveClassesAtExit=$dir/app.jsa"; use="-XX:SharedArchiveFile=$dir/app.jsa"
  fi
  local training="${SESAME_CMD/"$FAT_JAR"/$write -Dspring.context.exit=onRefresh -jar $dir/app/auth-server.jar}"
  log "sesame-$label: training run ($write)"
  (cd "$ROOT" && ${training//\{java\}/$jbin}) >"$RAW/sesame-$label-cds-training.log" 2>&1 \
    || { log "the training run failed; see $RAW/sesame-$label-cds-training.log"; exit 1; }
  echo "${SESAME_CMD/"$FAT_JAR"/$use -jar $dir/app/auth-server.jar}"
}
start_sesame() { # label java command -> sets S_PID
  local label="$1" jbin="$2" cmd="${3//\{java\}/$2}"
  if port_open 9000; then log "port 9000 is already in use: stop that server or use --sesame-running PID"; exit 1; fi
  log "sesame-$label: starting: $cmd"
  local t0 t1; t0="$(now_ms)"
  (cd "$ROOT" && exec setsid bash -c "echo $BENCH_NICE >/proc/self/autogroup 2>/dev/null; exec nice -n $BENCH_NICE $cmd" \
    >"$RAW/sesame-$label.log" 2>&1 </dev/null) &
  S_PID=$!
  STARTED_PIDS+=("$S_PID")
  local deadline=$(( $(date +%s) + SESAME_READY_TIMEOUT ))
  until curl -fsS -o /dev/null "$SESAME_HEALTH" 2>/dev/null; do
    kill -0 "$S_PID" 2>/dev/null || { log "sesame-$label exited; see $RAW/sesame-$label.log"; tail -20 "$RAW/sesame-$label.log" >&2; return 1; }
    (( $(date +%s) <= deadline )) || { log "sesame-$label not ready after ${SESAME_READY_TIMEOUT}s"; stop_pid "$S_PID"; return 1; }
    sleep 0.05
  done
  t1="$(now_ms)"
  echo "ready_ms=$((t1 - t0))" >>"$RAW/sesame-$label-server.txt"
  log "sesame-$label: ready in $((t1 - t0)) ms (pid $S_PID)"
}
sesame_bench() { # label pid
  local label="$1" pid="$2" T="sesame-$1"
  sleep 5
  {
    echo "pid=$pid"
    echo "java=$(/proc/"$pid"/exe -version 2>&1 | sed -n 2p)"
    echo "idle_rss_mb=$(rss_mb "$pid")"
    echo "command=${SESAME_USED_CMD:-$SESAME_CMD}"
  } >>"$RAW/$T-server.txt"
  log "$T: idle RSS $(rss_mb "$pid") MB"
  # shellcheck disable=SC2046,SC2086
  run_scenarios "$T" "$pid" -- --issuer "$SESAME_ISSUER" --client-id "$SESAME_CLIENT_ID" \
    --client-secret "$SESAME_CLIENT_SECRET" --redirect-uri "$SESAME_REDIRECT_URI" --password "$SESAME_PASSWORD" \
    $(user_args "$SESAME_USERS_FILE" "$SESAME_USERS" "$SESAME_USER_RANGE") $SESAME_LOGIN_ARGS
  SESAME_TARGETS+=("$label")
}
if $DO_SESAME; then
  if [[ -n "$SESAME_PID" ]]; then
    v="$(/proc/"$SESAME_PID"/exe -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
    sesame_bench "jdk$v" "$SESAME_PID"
  else
    for j in $JDKS; do
      case "$j" in 17) jb="$SESAME_JAVA17" ;; 25) jb="$SESAME_JAVA25" ;; *) jb="$j" ;; esac
      v="$($jb -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
      SESAME_USED_CMD="$SESAME_CMD"
      if $CDS; then SESAME_USED_CMD="$(cds_command "jdk$v" "$jb" "$v")" || exit 1; fi
      if start_sesame "jdk$v" "$jb" "$SESAME_USED_CMD"; then
        sesame_bench "jdk$v" "$S_PID"
        stop_pid "$S_PID"
      fi
    done
  fi
fi

# ------------------------------------------------------------------ report
"$BENCH_DIR/report.sh" "$RAW"
