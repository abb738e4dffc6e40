# Sourced by ab.sh and threads.sh: gateway instances on the stack that `bench/gateway.sh --modes redis --keep` leaves
# running (directory, auth-server, Redis on :16379, the nginx upstream on :18081), and wrk load through them with the
# signed-in sessions of a file. Every instance started here is stopped when the script exits.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
WORK="$BENCH_DIR/.work/gateway"
export BENCH_UPSTREAM_PORT="${BENCH_UPSTREAM_PORT:-18081}" BENCH_AUTH_PORT="${BENCH_AUTH_PORT:-19000}"
export SESAME_GATEWAY_CLIENT_SECRET="${SESAME_GATEWAY_CLIENT_SECRET:-bench-gateway-secret-0123456789abcdef-0123}"
GATEWAY_PIDS=()
trap 'for p in "${GATEWAY_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

start_gateway() { # jar port options: in the background, on the Redis store; returns once its health answers
  # shellcheck disable=SC2086 # the options are words
  java $3 -jar "$1" --spring.profiles.active=bench,redis \
    "--spring.config.import=file:$BENCH_DIR/gateway/gateway-bench.yml" --spring.data.redis.port=16379 \
    "--server.port=$2" >"$WORK/gateway-$2.log" 2>&1 &
  GATEWAY_PIDS+=("$!")
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$2/actuator/health" >/dev/null && return; sleep 1; done
  echo "the gateway on :$2 did not start (see $WORK/gateway-$2.log)" >&2; exit 1
}

load_gateway() { # port seconds connections sessions-file: wrk's summary line
  wrk -t2 -c"$3" -d"$2s" -s "$BENCH_DIR/gateway/rotate-sessions.lua" "http://127.0.0.1:$1/bench/" -- \
    "$4" 0 SESAME_GATEWAY 2>&1 | grep wrk-summary
}
