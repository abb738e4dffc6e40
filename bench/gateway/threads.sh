#!/usr/bin/env bash
# One gateway build under load, and the CPU each of its threads used during the measured run: shows how the work
# spreads over the event loops (and what the JIT, GC and Redis client threads take), which requests/s alone hide.
# Run it for two builds one after the other to compare them on the same machine.
#
# usage: bench/gateway/threads.sh JAR
# Needs what `bench/gateway.sh --modes redis --keep` leaves running (directory, auth-server, Redis on :16379, the nginx
# upstream on :18081), its compiled GatewaySignIn and its Redis sessions file; port 18080 free.
# Settings: BENCH_THREADS_WARMUP [60] and BENCH_THREADS_DURATION [20] seconds, BENCH_THREADS_CONNECTIONS [64],
# BENCH_THREADS_OPTS [-Xms256m -Xmx256m].
set -euo pipefail
(($# == 1)) || { sed -n '2,11p' "$0" >&2; exit 2; }
# shellcheck source=bench/gateway/instances.sh
source "$(dirname "${BASH_SOURCE[0]}")/instances.sh"
WARMUP="${BENCH_THREADS_WARMUP:-60}"; DURATION="${BENCH_THREADS_DURATION:-20}"; CONNS="${BENCH_THREADS_CONNECTIONS:-64}"
SESSIONS="$WORK/sessions-redis.txt"
[[ -s "$SESSIONS" ]] || { echo "no $SESSIONS: run bench/gateway.sh --modes redis --keep first" >&2; exit 1; }

cd "$ROOT"
start_gateway "$1" 18080 "${BENCH_THREADS_OPTS:--Xms256m -Xmx256m}"
PID="${GATEWAY_PIDS[0]}"
load() { load_gateway 18080 "$1" "$CONNS" "$SESSIONS"; } # seconds
# "tid:name ticks" for every thread of the gateway (ticks: utime + stime, 1/100 s).
threads() {
  for task in /proc/"$PID"/task/*; do
    echo "$(basename "$task"):$(tr ' ' _ <"$task/comm") $(awk '{ print $14 + $15 }' "$task/stat")"
  done | sort
}

load "$WARMUP" >/dev/null
threads >"$WORK/threads-before.txt"
summary="$(load "$DURATION")"
threads >"$WORK/threads-after.txt"
requests="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$summary")"
echo "jar=$1 $summary"
join "$WORK/threads-before.txt" "$WORK/threads-after.txt" | awk -v n="$requests" '
  { d = $3 - $2; total += d; if (d >= 10) printf "thread=%s cpu_s=%.2f\n", $1, d / 100 }
  END { printf "all_threads cpu_s=%.2f cpu_us_per_request=%.0f\n", total / 100, total * 10000 / n }'
