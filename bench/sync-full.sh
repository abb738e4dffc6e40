#!/usr/bin/env bash
# Full synchronisation benchmark (the ldap-sync issue): 100,000 generated agents (plus nested and large groups) in
# a directory on 127.0.0.1, the real worker (ldap-sync/target/ldap-sync-exec.jar) syncing them into Redis under a
# prefix of its own; measures the first full pass (empty index) and a second one (worker restarted on the populated
# index: reconciliation), each from the worker's own log line and status in Redis, its peak heap (GC log and jstat
# sampling, the worker running with -Xmx512m), the entries indexed in Redis, and the incremental passes that
# follow. Deletes its Redis keys and stops what it started, by PID.
#
# usage: bench/sync-full.sh [--agents N] [--directory slapd|inmemory|both] [--java PATH] [--heap-probe "256m 128m"]
#   --agents N          agents to generate [100000]
#   --directory KIND    slapd (Debian's OpenLDAP: mdb, syncprov; installed with apt-get if missing), inmemory
#                       (UnboundID InMemoryDirectoryServer, modifyTimestamp strategy) or both [both]
#   --java PATH         the worker's java [java]; e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   --heap-probe LIST   also run a first full pass with each of these -Xmx (smaller heaps) and say whether it completes
#   --incremental-s S   seconds of incremental passes observed after the second full pass [20]
# Settings: SYNC_QUIET_MAX [120] (seconds to wait for a quiet machine first), WORKER_XMX [512m],
#   WORKER_ARGS (more worker arguments, e.g. --sesame.directory.sync.page-size=5000),
#   BENCH_NICE [-10 as root, else 0], REDIS_HOST/REDIS_PORT [127.0.0.1:6379].
# Results: bench/.work/sync/runs/<stamp>-full-jdkNN/ (summary-<directory>.txt, logs, GC logs); figures to stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sync/lib.sh"

AGENTS=100000 KINDS="slapd inmemory" HEAP_PROBE="" INCR_S=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --agents) AGENTS="$2"; shift 2 ;;
    --directory) KINDS="$2"; [[ "$KINDS" == both ]] && KINDS="slapd inmemory"; shift 2 ;;
    --java) SYNC_JAVA="$2"; shift 2 ;;
    --heap-probe) HEAP_PROBE="$2"; shift 2 ;;
    --incremental-s) INCR_S="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
WORKER_XMX="${WORKER_XMX:-512m}"
WORKER_ARGS="${WORKER_ARGS:-}"
JDK="$("$SYNC_JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
RUN="$SYNC_WORK/runs/$(date -u +%Y-%m-%d-%H%M%S)-full-jdk$JDK"
mkdir -p "$RUN"
trap 'stop_started; for p in "${PREFIXES[@]:-}"; do [[ -n "$p" ]] && redis_cleanup "$p" >/dev/null; done; rm -rf "$RUN/slapd/data"' EXIT
PREFIXES=()

ensure_tools
[[ "$KINDS" == *slapd* ]] && ensure_slapd
machine_info >"$RUN/machine.txt"
echo "busy_cores_before_start=$(wait_quiet)" >>"$RUN/machine.txt"
log "run folder $RUN; java $JDK; nice $BENCH_NICE; $(uptime)"

# One full pass by a fresh worker; writes <label>.txt (key=value). Leaves the worker running (WORKER_PID).
full_pass() { # label
  local label="$1" out="$RUN/$1.txt" line ms sampler cpu0 busy0 dir0 w redis_pid redis0
  redis_pid="$(pgrep -x redis-server | head -1 || true)"
  busy0="$(cpu_mark)"; dir0="$(proc_cpu_ticks "$SLAPD_PID")"; redis0="$( [[ -n "$redis_pid" ]] && proc_cpu_ticks "$redis_pid" || echo 0)"
  # shellcheck disable=SC2086
  WORKER_JVM="-Xmx$XMX -XX:+ExitOnOutOfMemoryError" worker_start "$label" $WORKER_ARGS
  sampler="$(heap_sampler_start "$WORKER_PID" "$RUN/$label-heap.txt")"
  worker_wait_full_pass 900 >"$RUN/$label-line.txt"
  line="$(cat "$RUN/$label-line.txt")"
  ms="$(sed -n 's/.* \([0-9]*\) ms$/\1/p' <<<"$line")"
  w="$WORKER_PID"
  {
    echo "label=$label"
    echo "xmx=$XMX"
    echo "worker_args=$WORKER_ARGS"
    echo "log_line=$line"
    echo "full_pass_ms=$ms"
    echo "started_in_s=$(grep -o 'Started LdapSyncApplication in [0-9.]* seconds' "$WORKER_LOG" | awk '{print $4}')"
    echo "process_start_to_pass_end_ms=$((WORKER_T1 - WORKER_T0))"
    echo "status_last_pass_ms=$(rcli GET "${PREFIX}directory:{grandval}:status" | sed -n 's/.*"lastPassMillis":\([0-9]*\).*/\1/p')"
    echo "status_strategy=$(rcli GET "${PREFIX}directory:{grandval}:status" | sed -n 's/.*"strategy":"\([^"]*\)".*/\1/p')"
    echo "busy_cores_machine=$(cpu_busy_cores "$busy0")"
    echo "worker_cpu_s_since_start=$(awk -v t="$(proc_cpu_ticks "$w")" 'BEGIN{printf "%.1f", t/100}')"
    echo "directory_cpu_s=$(awk -v a="$dir0" -v b="$(proc_cpu_ticks "$SLAPD_PID")" 'BEGIN{printf "%.1f", (b-a)/100}')"
    [[ -n "$redis_pid" ]] && echo "redis_cpu_s=$(awk -v a="$redis0" -v b="$(proc_cpu_ticks "$redis_pid")" 'BEGIN{printf "%.1f", (b-a)/100}')"
    echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
    read -r before after n < <(gc_peaks "$WORKER_GC")
    echo "gc_peak_heap_before_gc_mb=$before"
    echo "gc_peak_heap_after_gc_mb=$after"
    echo "gc_collections=$n"
    echo "gc_full=$(grep -c 'Pause Full' "$WORKER_GC" || true)"
    echo "jstat_peak_used_mb=$(heap_sampler_peak "$RUN/$label-heap.txt")"
    echo "rss_mb=$(awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$w/status")"
    echo "rss_peak_mb=$(awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$w/status")"
  } >"$out"
  kill "$sampler" 2>/dev/null || true
  # The retained set once the pass is over (what stays between passes: group graph, DN map), after a full GC.
  "$(jdk_tool jcmd)" "$w" GC.run >/dev/null 2>&1 || true
  sleep 1
  echo "heap_after_full_gc_mb=$("$(jdk_tool jcmd)" "$w" GC.heap_info 2>/dev/null | sed -n 's/.*[ ,]used \([0-9]*\)K.*/\1/p' | head -1 | awk '{printf "%d", $1/1024}')" >>"$out"
  echo "heap_info=$("$(jdk_tool jcmd)" "$w" GC.heap_info 2>/dev/null | sed -n 2p | tr -s ' ')" >>"$out"
  log "$label: $(tr '\n' ' ' <"$out")"
}

index_figures() { # -> key=value lines about the index in Redis
  local key="${PREFIX}directory:{grandval}:agents"
  echo "redis_hlen_agents=$(rcli HLEN "$key")"
  echo "redis_disabled_agents=$(rcli HVALS "$key" | grep -c '"enabled":false' || true)"
  echo "redis_agents_with_role_agent=$(rcli HVALS "$key" | grep -c '"bench-client":\["agent"' || true)"
  echo "redis_agents_officier=$(rcli HVALS "$key" | grep -c 'officier-etat-civil' || true)"
  echo "redis_memory_usage_agents_mb=$(rcli MEMORY USAGE "$key" SAMPLES 0 | awk '{printf "%.1f", $1/1048576}')"
  echo "redis_keys_under_prefix=$(rcli --scan --pattern "$PREFIX*" | wc -l)"
}

for KIND in $KINDS; do
  log "=== directory: $KIND, $AGENTS agents"
  if [[ "$KIND" == slapd ]]; then slapd_start "$AGENTS"; else inmemory_start "$AGENTS"; fi
  DIR_PID="$SLAPD_PID"
  S="$RUN/summary-$KIND.txt"
  {
    echo "directory=$DIRECTORY_KIND"
    echo "agents_generated=$AGENTS"
    echo "agents_seen_over_ldap=$(count_agents_ldap)"
    [[ "$KIND" == slapd ]] && sed 's/^/directory_/' "$SYNC_WORK/slapd-$AGENTS/load.txt"
    echo "directory_rss_mb=$(awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$DIR_PID/status")"
  } >"$S"
  PREFIX="bench-sync-full-$(date +%s)-$KIND:"; PREFIXES+=("$PREFIX")
  [[ "$(rcli --scan --pattern "$PREFIX*" | wc -l)" == 0 ]] || die "prefix $PREFIX is not empty"

  # 1. first full pass, empty index
  XMX="$WORKER_XMX"
  full_pass "$KIND-first"
  index_figures >>"$RUN/$KIND-first.txt"
  curl -fsS "http://127.0.0.1:$WORKER_PORT/actuator/health" >"$RUN/$KIND-first-health.json" 2>/dev/null || true
  stop_pid "$WORKER_PID"

  # 2. a second full pass by a restarted worker: the index is full (reconciliation, the every-10-minutes case)
  full_pass "$KIND-second"
  # 3. incremental passes with no change: what each costs on this directory
  sleep "$INCR_S"
  curl -fsS "http://127.0.0.1:$WORKER_PORT/actuator/prometheus" >"$RUN/$KIND-second-prometheus.txt" 2>/dev/null || true
  awk '/^sesame_directory_sync_passes_seconds_(count|sum|max)\{.*pass="incremental"/ && /outcome="success"/ {
         n=$1; sub(/\{.*/, "", n); sub(/sesame_directory_sync_passes_seconds_/, "", n); print "incremental_" n "=" $2 }' \
    "$RUN/$KIND-second-prometheus.txt" >>"$RUN/$KIND-second.txt"
  echo "incremental_passes_giving_way_to_full=$(grep -c 'a full pass follows' "$WORKER_LOG" || true)" >>"$RUN/$KIND-second.txt"
  echo "full_passes_in_run=$(grep -c 'full pass:' "$WORKER_LOG" || true)" >>"$RUN/$KIND-second.txt"
  stop_pid "$WORKER_PID"
  log "$KIND-second incremental: $(grep '^incremental_' "$RUN/$KIND-second.txt" | tr '\n' ' ')"

  # 4. smaller heaps: does a first full pass still complete?
  for x in $HEAP_PROBE; do
    redis_cleanup "$PREFIX" >/dev/null
    XMX="$x"
    if ( full_pass "$KIND-xmx$x" ); then echo "heap_probe_${x}=completed" >>"$S"; else echo "heap_probe_${x}=failed" >>"$S"; fi
    stop_pid "$(cat "$RUN/worker-$KIND-xmx$x.pid" 2>/dev/null)"
  done

  echo "redis_keys_deleted=$(redis_cleanup "$PREFIX")" >>"$S"
  echo "redis_keys_left=$(rcli --scan --pattern "$PREFIX*" | wc -l)" >>"$S"
  stop_pid "$DIR_PID"
  rm -rf "$RUN/slapd/data"   # a copy of the pristine database (the one in bench/.work/sync/slapd-N stays)
  log "=== $KIND summary"; cat "$S" "$RUN/$KIND-first.txt" "$RUN/$KIND-second.txt" >&2
done
echo "uptime_end=$(uptime)" >>"$RUN/machine.txt"
log "done: $RUN"
