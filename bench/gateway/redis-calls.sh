#!/usr/bin/env bash
# Redis commands per authenticated request through a running gateway: records `redis-cli monitor` while wrk sends
# requests through the gateway for DURATION seconds (each request with the next of the 1,000 sessions, as in the
# benchmark), keeps only the commands sent from the gateway's own Redis connections (found with ss from its PID),
# and divides them by the number of requests wrk completed. Background work of the gateway (rate-limit syncs) is
# counted too, spread over the requests.
#
#   bench/gateway/redis-calls.sh GATEWAY_PID URL SESSIONS_FILE [DURATION=10] [CONNECTIONS=32] [PACE_MS]
#   REDIS_PORT (6379): the Redis the gateway uses
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pid="$1" url="$2" sessions="$3" duration="${4:-10}" connections="${5:-32}" pace="${6:-}"
redis_port="${REDIS_PORT:-6379}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# The gateway's connections to Redis: their local ports identify its commands in MONITOR's output.
ports="$(ss -tnpH "dport = :$redis_port" | awk -v p="pid=$pid," 'index($0, p) { split($4, a, ":"); print a[length(a)] }' | sort -u)"
if [[ -z "$ports" ]]; then
  echo "gateway $pid has no connection to Redis on port $redis_port"
  exit 1
fi

redis-cli -p "$redis_port" monitor >"$out" &
monitor=$!
sleep 0.5
summary="$(wrk -t2 -c"$connections" -d"${duration}s" -s "$here/rotate-sessions.lua" "$url" -- "$sessions" $pace | grep wrk-summary)"
sleep 0.5
kill "$monitor"
wait "$monitor" 2>/dev/null || true

requests="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$summary")"
pattern="$(printf '127.0.0.1:%s]|' $ports | sed 's/|$//')"
echo "$summary"
grep -E "$pattern" "$out" | awk -v n="$requests" '
  { cmd = toupper($4); gsub(/"/, "", cmd); c[cmd]++; t++ }
  END {
    for (k in c) printf "  %-10s %8d  %.4f per request\n", k, c[k], c[k] / n
    printf "  %-10s %8d  %.4f per request (%d requests)\n", "TOTAL", t, t / n, n
  }'
