#!/usr/bin/env bash
# Two gateway builds side by side, for a change whose effect is smaller than the spread between separate runs of
# gateway.sh: both builds run at once on the Redis store (so the 1,000 sessions signed in through the first serve
# the second), then take turns under the same wrk load, 15 s each, for PAIRS pairs; each line gives requests/s and
# the CPU time the instance used per request (utime + stime of its process over the run). Run it twice with the jars
# swapped: the instance started second has had a few percent advantage here.
#
# usage: bench/gateway/ab.sh JAR_A JAR_B
# Needs what `bench/gateway.sh --modes redis --keep` leaves running (directory, auth-server, Redis on :16379, the nginx
# upstream on :18081) and its compiled GatewaySignIn; ports 18080 (A) and 18086 (B) free.
# Settings: BENCH_AB_PAIRS [6], BENCH_AB_WARMUP [120] seconds per instance, BENCH_AB_CONNECTIONS [64];
# BENCH_AB_OPTS_A and BENCH_AB_OPTS_B [-Xms256m -Xmx256m]: the JVM options of each side (the same jar twice with two
# sets of options compares JVM settings).
set -euo pipefail
(($# == 2)) || { sed -n '2,14p' "$0" >&2; exit 2; }
# shellcheck source=bench/gateway/instances.sh
source "$(dirname "${BASH_SOURCE[0]}")/instances.sh"
PAIRS="${BENCH_AB_PAIRS:-6}"; WARMUP="${BENCH_AB_WARMUP:-120}"; CONNS="${BENCH_AB_CONNECTIONS:-64}"
SESSIONS="$WORK/sessions-ab.txt"
load() { load_gateway "$1" "$2" "$CONNS" "$SESSIONS"; } # port seconds
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

cd "$ROOT"
redis-cli -p 16379 flushall >/dev/null
start_gateway "$1" 18080 "${BENCH_AB_OPTS_A:--Xms256m -Xmx256m}"
start_gateway "$2" 18086 "${BENCH_AB_OPTS_B:--Xms256m -Xmx256m}"
java -cp "$WORK/classes" GatewaySignIn --gateway http://127.0.0.1:18080 --path /bench/ --users 'agent%03d@rivebelle.fr' \
  --range 1-1000 --password 'Bench-Passw0rd!' --concurrency 8 --out "$SESSIONS" >&2
load 18080 "$WARMUP" >/dev/null; load 18086 "$WARMUP" >/dev/null
for pair in $(seq 1 "$PAIRS"); do
  for side in A B; do
    if [[ $side == A ]]; then port=18080; pid="${GATEWAY_PIDS[0]}"; jar="$1"; else port=18086; pid="${GATEWAY_PIDS[1]}"; jar="$2"; fi
    t0="$(ticks "$pid")"; summary="$(load "$port" 15)"; t1="$(ticks "$pid")"
    requests="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$summary")"
    rps="$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$summary")"
    echo "pair=$pair side=$side jar=$jar rps=$rps cpu_us_per_request=$(( (t1 - t0) * 10000 / requests ))"
  done
done
