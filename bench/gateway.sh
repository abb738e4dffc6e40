#!/usr/bin/env bash
# The gateway benchmark of the gateway issue: authenticated requests/s through the gateway to a fast local upstream,
# with 1,000 distinct agent sessions taking turns, side by side with the same upstream hit directly, through plain
# nginx as a reverse proxy, and (if set up) through LemonLDAP::NG's nginx handler; at 32 and 64 connections:
# requests/s, p50/p99, added latency over direct, the gateway's RSS; plus latency at a fixed offered load, and the
# Redis commands per request. Everything listens on 127.0.0.1 only. Raw figures go to
# bench/results/raw/<stamp>-gateway/, the Markdown table to stdout and <that dir>/report.md (bench/gateway/report.sh).
#
# usage: bench/gateway.sh [--modes "memory redis"] [--jar PATH] [--label NAME] [--java PATH] [--lemonldap]
#                         [--floor] [--quick] [--keep]
#   --modes      gateway stores to measure, each with its own start and 1,000 sign-ins [memory redis]
#   --jar        the gateway jar [gateway/target/gateway.jar, built with `mvn -o -q -pl gateway package -DskipTests`
#                if missing]; --label names it in the figures [after]
#   --java       the JVM of the gateway [java]; e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   --lemonldap  also measure LemonLDAP::NG's nginx handler with 1,000 sessions (bench/gateway/lemonldap.sh setup
#                must have run once)
#   --floor      also measure Spring Cloud Gateway alone (gateway/PlainGateway.java: the gateway jar's libraries, one
#                route, no security, session, policy or relay): the most any gateway built on it can serve here
#   --quick      5 s runs, 1 of each, 10 s warm-up: checks the harness, not for figures
#   --keep       leave the directory, auth-server, Redis and nginx running at the end (a rerun reuses them)
#
# Settings (environment; defaults in brackets):
#   BENCH_DURATION [20] seconds per measured run; BENCH_RUNS [3] runs per point (the report keeps the median);
#   BENCH_WARMUP [90] seconds of load on each gateway before measuring (a JIT on 2 shared cores needs minutes);
#   BENCH_CONNECTIONS ["32 64"]; BENCH_PACED_RATES ["1000 5000"] offered loads (requests/s, 32 connections, wrk's
#   delay()) for the latency at a given load; BENCH_NICE [-10] niceness (process and autogroup) of everything
#   started here, wrk included (as root; the machine is shared); BENCH_GATEWAY_OPTS [-Xms256m -Xmx256m];
#   ports: BENCH_GATEWAY_PORT [18080] BENCH_UPSTREAM_PORT [18081] BENCH_NGINX_PORT [18082] BENCH_LLNG_PORT [18083]
#   BENCH_PLAIN_PORT [18085]
#   BENCH_AUTH_PORT [19000] BENCH_LDAP_PORT [10390] BENCH_REDIS_PORT [16379]
#   BENCH_AUTH_JAR [auth-server/target/auth-server.jar, copied once into bench/.work/gateway/ so that a rebuild by
#   someone else does not change it mid-run]
#
# Needs: java 17, nginx and wrk (Debian packages; apt-get install -y nginx wrk), redis-server, curl, ss, unzip, the
# UnboundID jar in ~/.m2 (any build of the project brings it). Only processes started here are stopped, by PID.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
HERE="$BENCH_DIR/gateway"
WORK="$BENCH_DIR/.work/gateway"
mkdir -p "$WORK" "$WORK/nginx-tmp"

MODES="memory redis"; JAR=""; LABEL="after"; JAVA="java"; LEMONLDAP=false; FLOOR=false; QUICK=false; KEEP=false
while (($#)); do
  case "$1" in
    --modes) MODES="$2"; shift ;;
    --jar) JAR="$2"; shift ;;
    --label) LABEL="$2"; shift ;;
    --java) JAVA="$2"; shift ;;
    --lemonldap) LEMONLDAP=true ;;
    --floor) FLOOR=true ;;
    --quick) QUICK=true ;;
    --keep) KEEP=true ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

DURATION="${BENCH_DURATION:-20}"; RUNS="${BENCH_RUNS:-3}"; WARMUP="${BENCH_WARMUP:-90}"
CONNECTIONS="${BENCH_CONNECTIONS:-32 64}"; PACED_RATES="${BENCH_PACED_RATES:-1000 5000}"
if $QUICK; then DURATION=5; RUNS=1; WARMUP=10; fi
BENCH_NICE="${BENCH_NICE:--10}"
GATEWAY_OPTS="${BENCH_GATEWAY_OPTS:--Xms256m -Xmx256m}"
export BENCH_GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18080}" BENCH_UPSTREAM_PORT="${BENCH_UPSTREAM_PORT:-18081}"
export BENCH_AUTH_PORT="${BENCH_AUTH_PORT:-19000}" BENCH_LDAP_PORT="${BENCH_LDAP_PORT:-10390}"
export BENCH_PLAIN_PORT="${BENCH_PLAIN_PORT:-18085}"
NGINX_PORT="${BENCH_NGINX_PORT:-18082}"; LLNG_PORT="${BENCH_LLNG_PORT:-18083}"; REDIS_PORT="${BENCH_REDIS_PORT:-16379}"
export SESAME_GATEWAY_CLIENT_SECRET="${SESAME_GATEWAY_CLIENT_SECRET:-bench-gateway-secret-0123456789abcdef-0123}"
UNBOUNDID_JAR="${UNBOUNDID_JAR:-$HOME/.m2/repository/com/unboundid/unboundid-ldapsdk/7.0.5/unboundid-ldapsdk-7.0.5.jar}"
AGENTS=1000
STAMP="$(date -u +%Y-%m-%d-%H%M%S)"
RAW="$BENCH_DIR/results/raw/$STAMP-gateway"
mkdir -p "$RAW"

# Everything started here runs in its own session (setsid) whose scheduling autogroup gets BENCH_NICE too: with
# Linux's autogroups a plain `nice` only counts inside one session, and other sessions share this machine.
PRIO=(setsid bash -c 'echo "$0" >/proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "$BENCH_NICE")

STARTED=()
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Starts a server in the background; its PID goes to $WORK/<name>.pid and to the list stopped at the end.
start() {
  local name="$1"; shift
  "${PRIO[@]}" "$@" >"$WORK/$name.log" 2>&1 &
  echo $! >"$WORK/$name.pid"
  STARTED+=("$name")
}

stop() {
  local name="$1" pid
  [[ -f "$WORK/$name.pid" ]] || return 0
  pid="$(cat "$WORK/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$WORK/$name.pid"
}

cleanup() {
  stop gateway
  if ! $KEEP; then
    for name in "${STARTED[@]}"; do stop "$name"; done
    # LemonLDAP::NG's FastCGI server and nginx are started by lemonldap.sh, which records their PIDs itself.
    if $LEMONLDAP; then "$HERE/lemonldap.sh" stop >&2 || true; fi
  fi
}
trap cleanup EXIT

running() { [[ -f "$WORK/$1.pid" ]] && kill -0 "$(cat "$WORK/$1.pid")" 2>/dev/null; }

wait_http() {
  local url="$1" timeout="${2:-120}"
  for _ in $(seq 1 "$timeout"); do curl -sf -o /dev/null "$url" && return 0; sleep 1; done
  die "$url did not answer within ${timeout}s"
}

# ---------------------------------------------------------------------------------------------------- prerequisites
command -v nginx >/dev/null || die "nginx is missing (apt-get install -y nginx)"
command -v wrk >/dev/null || die "wrk is missing (apt-get install -y wrk)"
command -v redis-server >/dev/null || die "redis-server is missing"
[[ -f "$UNBOUNDID_JAR" ]] || die "no UnboundID jar at $UNBOUNDID_JAR"
if [[ -z "$JAR" ]]; then
  JAR="$ROOT/gateway/target/gateway.jar"
  [[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -o -q -pl gateway package -DskipTests)
fi
[[ -f "$JAR" ]] || die "no gateway jar at $JAR"
AUTH_JAR="$WORK/auth-server.jar"
if [[ ! -f "$AUTH_JAR" ]]; then
  src="${BENCH_AUTH_JAR:-$ROOT/auth-server/target/auth-server.jar}"
  [[ -f "$src" ]] || die "no auth-server jar at $src (mvn -o -q -pl auth-server -am package -DskipTests)"
  cp "$src" "$AUTH_JAR"
fi
mkdir -p "$WORK/classes"
javac --release 17 -d "$WORK/classes" "$HERE/GatewaySignIn.java"

# ---------------------------------------------------------------------------------------------------- fixed parts
if ! running directory; then
  [[ -f "$WORK/directory.ldif" ]] || java -cp "$UNBOUNDID_JAR" "$BENCH_DIR/DemoDirectory.java" generate \
    "$WORK/directory.ldif" "$AGENTS" 'Bench-Passw0rd!' >/dev/null
  log "directory: $AGENTS agents on 127.0.0.1:$BENCH_LDAP_PORT"
  start directory java -cp "$UNBOUNDID_JAR" "$BENCH_DIR/DemoDirectory.java" serve "$WORK/directory.ldif" "$BENCH_LDAP_PORT"
  for _ in $(seq 1 60); do grep -q listening "$WORK/directory.log" && break; sleep 1; done
fi
if ! running auth-server; then
  log "auth-server on 127.0.0.1:$BENCH_AUTH_PORT"
  start auth-server java -Xms64m -Xmx384m -jar "$AUTH_JAR" --spring.profiles.active=bench \
    "--spring.config.import=file:$HERE/auth-server-bench.yml"
  wait_http "http://127.0.0.1:$BENCH_AUTH_PORT/actuator/health" 180
fi
if ! running redis; then
  log "redis on 127.0.0.1:$REDIS_PORT (the gateway's own, no persistence)"
  start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$WORK"
  sleep 1
fi
for nginx_conf in upstream:$BENCH_UPSTREAM_PORT proxy:$NGINX_PORT; do
  name="nginx-${nginx_conf%%:*}"; port="${nginx_conf##*:}"
  running "$name" && continue
  sed -e "s#@WORK@#$WORK#g" -e "s#@PORT@#$port#g" -e "s#@UPSTREAM_PORT@#$BENCH_UPSTREAM_PORT#g" \
    "$HERE/$name.conf" >"$WORK/$name.conf"
  log "$name on 127.0.0.1:$port"
  start "$name" nginx -c "$WORK/$name.conf" -e "$WORK/$name-error.log" -g 'daemon off;'
done
wait_http "http://127.0.0.1:$BENCH_UPSTREAM_PORT/bench/" 30
wait_http "http://127.0.0.1:$NGINX_PORT/bench/" 30
if $LEMONLDAP; then
  "$HERE/lemonldap.sh" start >&2
  [[ -s "$WORK/lemonldap-sessions.txt" ]] || "$HERE/lemonldap.sh" sessions "$AGENTS" >&2
fi
if $FLOOR; then
  # Built from this gateway jar each time, so that the floor is the same framework as the gateway, with the gateway's
  # framework settings (its classes bring the upstream pools and spring.factories; PlainGateway.java says which).
  rm -rf "$WORK/plain" && mkdir -p "$WORK/plain/lib" "$WORK/plain/classes" "$WORK/plain/app"
  unzip -q -j "$JAR" 'BOOT-INF/lib/*' -d "$WORK/plain/lib"
  unzip -q "$JAR" 'BOOT-INF/classes/*' -d "$WORK/plain/app"
  # The repackaged jar keeps spring.factories at its root, not under BOOT-INF/classes: put it back beside them.
  unzip -q -o "$JAR" 'META-INF/spring.factories' -d "$WORK/plain/app/BOOT-INF/classes"
  PLAIN_CP="$WORK/plain/classes:$WORK/plain/app/BOOT-INF/classes:$WORK/plain/lib/*"
  javac --release 17 -cp "$PLAIN_CP" -d "$WORK/plain/classes" "$HERE/PlainGateway.java"
  running plain-gateway && stop plain-gateway
  log "Spring Cloud Gateway alone ($("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ { print $2 }')) on 127.0.0.1:$BENCH_PLAIN_PORT"
  # shellcheck disable=SC2086
  start plain-gateway "$JAVA" $GATEWAY_OPTS -cp "$PLAIN_CP" sesame.bench.PlainGateway \
    "--spring.config.location=file:$HERE/plain-gateway.yml"
  wait_http "http://127.0.0.1:$BENCH_PLAIN_PORT/bench/" 120
  log "warm-up of Spring Cloud Gateway alone: ${WARMUP}s at 64 connections"
  "${PRIO[@]}" wrk -t2 -c64 -d"${WARMUP}s" "http://127.0.0.1:$BENCH_PLAIN_PORT/bench/" >/dev/null
fi

# ---------------------------------------------------------------------------------------------------- measuring
# CPU ticks (1/100 s) of a process and its children (nginx workers).
ticks() {
  local pid total=0 p
  for pid in "$@"; do
    for p in "$pid" $(pgrep -P "$pid" 2>/dev/null); do
      [[ -r /proc/$p/stat ]] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
  done
  echo "$total"
}
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# RSS of processes and their children (nginx workers, FastCGI processes), in kB.
rss_total() {
  local total=0 pid p
  for pid in "$@"; do
    for p in "$pid" $(pgrep -P "$pid" 2>/dev/null); do total=$((total + $(rss_kb "$p"))); done
  done
  echo "$total"
}

# One wrk run against a target; appends a line of figures to $RAW/runs.txt and echoes it.
#   measure <target> <url> <sessions file> <connections> <pace ms or 0> <run> <cookie name> <server PIDs or ->
measure() {
  local target="$1" url="$2" sessions="$3" conns="$4" pace="$5" run="$6" cookie="$7" server="$8"
  local pids=() t0 b0 w0 summary t1 b1 rss_max=0 sampler out
  for name in nginx-upstream redis; do running "$name" && pids+=("$(cat "$WORK/$name.pid")"); done
  local servers=()
  [[ "$server" != "-" ]] && read -r -a servers <<<"$server"
  pids+=("${servers[@]}")
  out="$(mktemp)"
  if ((${#servers[@]})); then
    (while kill -0 "${servers[0]}" 2>/dev/null; do rss_total "${servers[@]}"; sleep 0.5; done) >"$out.rss" &
    sampler=$!
  fi
  local started; started="$(date +%s%N)"
  t0="$(ticks "${pids[@]}")"; b0="$(busy_ticks)"; w0=0
  ((${#servers[@]})) && w0="$(ticks "${servers[@]}")"
  local paced=""; [[ "$pace" != "0" ]] && paced="$pace"
  "${PRIO[@]}" bash -c 'wrk "$@"; times' wrk -t2 -c"$conns" -d"${DURATION}s" -s "$HERE/rotate-sessions.lua" "$url" -- \
    "$sessions" "${paced:-0}" "$cookie" >"$out" 2>&1 || true
  t1="$(ticks "${pids[@]}")"; b1="$(busy_ticks)"
  local w1=0; ((${#servers[@]})) && w1="$(ticks "${servers[@]}")"
  if [[ -n "${sampler:-}" ]]; then kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; rss_max="$(sort -n "$out.rss" | tail -1)"; fi
  summary="$(grep wrk-summary "$out" | sed 's/^wrk-summary //')"
  [[ -n "$summary" ]] || { cat "$out" >&2; die "wrk gave no summary for $target"; }
  # wrk's own CPU: the children line of `times` (user and system, as 0m1.234s).
  local wrk_s; wrk_s="$(tail -1 "$out" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, a, /m|s/); n += a[1] * 60 + a[2] } print n }')"
  # CPU shares over the wall-clock time of the whole run (wrk's start and end included).
  local secs; secs="$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')"
  local line
  line="$(awk -v label="$LABEL" -v mode="$MODE" -v jdk="$JDK" -v target="$target" -v conns="$conns" -v pace="$pace" \
    -v run="$run" -v s="$summary" -v servers=$((t1 - t0)) -v server=$((w1 - w0)) -v busy=$((b1 - b0)) \
    -v wrk="$wrk_s" -v secs="$secs" -v rss="$rss_max" -v loadavg="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
      other = (busy - servers) / 100 - wrk; if (other < 0) other = 0
      printf "label=%s mode=%s jdk=%s target=%s conns=%s pace_ms=%s run=%s %s server_cores=%.2f wrk_cores=%.2f other_cores=%.2f load1=%s rss_max_kb=%s\n",
        label, mode, jdk, target, conns, pace, run, s, server / 100 / secs, wrk / secs, other / secs, loadavg, rss
    }')"
  echo "$line" >>"$RAW/runs.txt"
  echo "$line"
  rm -f "$out" "$out.rss"
}

start_gateway() {
  local profiles="bench" extra=()
  if [[ "$MODE" == "redis" ]]; then
    profiles="bench,redis"
    extra=("--spring.data.redis.port=$REDIS_PORT")
    redis-cli -p "$REDIS_PORT" flushall >/dev/null
  fi
  log "gateway ($LABEL, $MODE store, $JDK) on 127.0.0.1:$BENCH_GATEWAY_PORT"
  # shellcheck disable=SC2086
  start gateway "$JAVA" $GATEWAY_OPTS -jar "$JAR" "--spring.profiles.active=$profiles" \
    "--spring.config.import=file:$HERE/gateway-bench.yml" "${extra[@]}"
  wait_http "http://127.0.0.1:$BENCH_GATEWAY_PORT/actuator/health" 180
  GATEWAY_PID="$(cat "$WORK/gateway.pid")"
  echo "label=$LABEL mode=$MODE jdk=$JDK ready_rss_kb=$(rss_kb "$GATEWAY_PID")" >>"$RAW/rss.txt"
}

sign_in() {
  log "signing $AGENTS agents in through the gateway and auth-server"
  local result
  result="$("${PRIO[@]}" java -cp "$WORK/classes" GatewaySignIn --gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT" \
    --path /bench/ --users 'agent%03d@rivebelle.fr' --range "1-$AGENTS" --password 'Bench-Passw0rd!' \
    --concurrency 8 --out "$WORK/sessions-$MODE.txt")"
  log "$result"
  echo "label=$LABEL mode=$MODE jdk=$JDK $result" >>"$RAW/sign-in.txt"
  echo "label=$LABEL mode=$MODE jdk=$JDK signed_in_rss_kb=$(rss_kb "$GATEWAY_PID")" >>"$RAW/rss.txt"
}

machine() {
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc=$(nproc)"
    echo "kernel=$(uname -sr)"
    echo "cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    # Family and model tell CPU generations apart where the model name does not ("AMD EPYC" in a VM).
    echo "cpu_id=$(awk -F': ' '/^cpu family/ { f = $2 } /^model\t/ { m = $2 } /^flags/ { a = ($2 ~ /avx512f/) ? "avx512" : "no-avx512"; print "family " f " model " m " " a; exit }' /proc/cpuinfo)"
    echo "memory=$(free -h | awk '/Mem:/ { print $2 }')"
    echo "nginx=$(nginx -v 2>&1 | sed 's/.*nginx\///')"
    echo "wrk=$(dpkg-query -W -f '${Version}' wrk 2>/dev/null)"
    echo "redis=$(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/')"
    echo "duration_s=$DURATION runs=$RUNS warmup_s=$WARMUP nice=$BENCH_NICE gateway_opts=$GATEWAY_OPTS"
  } >"$RAW/machine.txt"
  free -h >>"$RAW/machine.txt"
}
machine

for MODE in $MODES; do
  JDK="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ { print $2 }')"
  start_gateway
  sign_in
  log "warm-up: ${WARMUP}s at 64 connections"
  "${PRIO[@]}" wrk -t2 -c64 -d"${WARMUP}s" -s "$HERE/rotate-sessions.lua" "http://127.0.0.1:$BENCH_GATEWAY_PORT/bench/" -- \
    "$WORK/sessions-$MODE.txt" >/dev/null
  if $LEMONLDAP; then
    "${PRIO[@]}" wrk -t2 -c64 -d10s -s "$HERE/rotate-sessions.lua" "http://127.0.0.1:$LLNG_PORT/bench/" -- \
      "$WORK/lemonldap-sessions.txt" 0 lemonldap >/dev/null
  fi
  # Saturation: each point RUNS times, targets interleaved so that they share the machine's moods.
  for conns in $CONNECTIONS; do
    for run in $(seq 1 "$RUNS"); do
      measure direct "http://127.0.0.1:$BENCH_UPSTREAM_PORT/bench/" "$WORK/sessions-$MODE.txt" "$conns" 0 "$run" SESAME_GATEWAY - >&2
      measure nginx "http://127.0.0.1:$NGINX_PORT/bench/" "$WORK/sessions-$MODE.txt" "$conns" 0 "$run" SESAME_GATEWAY \
        "$(cat "$WORK/nginx-proxy.pid")" >&2
      measure gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT/bench/" "$WORK/sessions-$MODE.txt" "$conns" 0 "$run" \
        SESAME_GATEWAY "$GATEWAY_PID" >&2
      if $FLOOR; then
        measure plain-scg "http://127.0.0.1:$BENCH_PLAIN_PORT/bench/" "$WORK/sessions-$MODE.txt" "$conns" 0 "$run" \
          SESAME_GATEWAY "$(cat "$WORK/plain-gateway.pid")" >&2
      fi
      if $LEMONLDAP; then
        measure lemonldap "http://127.0.0.1:$LLNG_PORT/bench/" "$WORK/lemonldap-sessions.txt" "$conns" 0 "$run" \
          lemonldap "$("$HERE/lemonldap.sh" pids)" >&2
      fi
    done
  done
  # A given offered load (32 connections, each waiting PACE ms before each request): latency without queueing.
  for rate in $PACED_RATES; do
    pace=$((32 * 1000 / rate))
    for run in $(seq 1 "$RUNS"); do
      measure direct "http://127.0.0.1:$BENCH_UPSTREAM_PORT/bench/" "$WORK/sessions-$MODE.txt" 32 "$pace" "$run" SESAME_GATEWAY - >&2
      measure nginx "http://127.0.0.1:$NGINX_PORT/bench/" "$WORK/sessions-$MODE.txt" 32 "$pace" "$run" SESAME_GATEWAY \
        "$(cat "$WORK/nginx-proxy.pid")" >&2
      measure gateway "http://127.0.0.1:$BENCH_GATEWAY_PORT/bench/" "$WORK/sessions-$MODE.txt" 32 "$pace" "$run" \
        SESAME_GATEWAY "$GATEWAY_PID" >&2
      if $FLOOR; then
        measure plain-scg "http://127.0.0.1:$BENCH_PLAIN_PORT/bench/" "$WORK/sessions-$MODE.txt" 32 "$pace" "$run" \
          SESAME_GATEWAY "$(cat "$WORK/plain-gateway.pid")" >&2
      fi
      if $LEMONLDAP; then
        measure lemonldap "http://127.0.0.1:$LLNG_PORT/bench/" "$WORK/lemonldap-sessions.txt" 32 "$pace" "$run" \
          lemonldap "$("$HERE/lemonldap.sh" pids)" >&2
      fi
    done
  done
  if [[ "$MODE" == "redis" ]]; then
    for pace in 0 32; do
      log "Redis commands per request (pace ${pace} ms)"
      {
        echo "label=$LABEL mode=$MODE jdk=$JDK connections=32 pace_ms=$pace"
        REDIS_PORT="$REDIS_PORT" "$HERE/redis-calls.sh" "$GATEWAY_PID" "http://127.0.0.1:$BENCH_GATEWAY_PORT/bench/" \
          "$WORK/sessions-$MODE.txt" 15 32 "$([[ $pace == 0 ]] || echo $pace)"
      } >>"$RAW/redis-calls.txt" 2>&1
    done
  fi
  echo "label=$LABEL mode=$MODE jdk=$JDK end_rss_kb=$(rss_kb "$GATEWAY_PID")" >>"$RAW/rss.txt"
  stop gateway
done

"$HERE/report.sh" "$RAW" | tee "$RAW/report.md"
log "raw figures and report in $RAW"
