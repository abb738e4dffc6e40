#!/usr/bin/env bash
# Leaver revocation latency (the ldap-sync issue's incremental figure): Debian's slapd with the benchmark directory
# (100,000 agents, syncprov), Redis, the ldap-sync worker (ldap-sync-exec.jar, default synchronisation settings unless
# WORKER_ARGS says otherwise) and auth-server (Redis mode, a benchmark client), all on 127.0.0.1, sharing a Redis key
# prefix of their own. bench/sync/RevocationClient.java (with bench/LoadClient.java's sign-in flow) signs N agents
# in, then disables them one at a time in the directory (employeeType: inactive) and polls every 50 ms until the
# refresh token is refused and the access token is inactive at introspection; p50/p90/p99/max of each.
# Stops what it started (by PID), deletes its Redis keys, and enables the agents again.
#
# usage: bench/sync-revocation.sh [--changes 100] [--agents 100000] [--java PATH] [--poll-ms 50] [--jitter-ms 2000]
#   --changes N    agents disabled, one at a time [100]
#   --agents N     size of the directory [100000]
#   --java PATH    java of the worker and auth-server [java]
# Settings: SYNC_QUIET_MAX [120] (seconds to wait for a quiet machine first),
#   WORKER_ARGS (e.g. --sesame.directory.sync.interval=1s), WORKER_XMX [512m], AUTH_XMX [384m],
#   BENCH_NICE [-10 as root], REDIS_HOST/REDIS_PORT [127.0.0.1:6379].
# Results: bench/.work/sync/runs/<stamp>-revocation-jdkNN/ (revocation.txt, revocation.txt.csv, logs, metrics).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sync/lib.sh"

CHANGES=100 AGENTS=100000 POLL_MS=50 JITTER_MS=2000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --changes) CHANGES="$2"; shift 2 ;;
    --agents) AGENTS="$2"; shift 2 ;;
    --java) SYNC_JAVA="$2"; shift 2 ;;
    --poll-ms) POLL_MS="$2"; shift 2 ;;
    --jitter-ms) JITTER_MS="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
WORKER_ARGS="${WORKER_ARGS:-}"
JDK="$("$SYNC_JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
RUN="$SYNC_WORK/runs/$(date -u +%Y-%m-%d-%H%M%S)-revocation-jdk$JDK"
mkdir -p "$RUN"
PREFIX="bench-sync-rev-$(date +%s):"
trap 'stop_started; redis_cleanup "$PREFIX" >/dev/null; rm -rf "$RUN/slapd/data"' EXIT

ensure_tools
ensure_slapd
[[ -f "$AUTH_JAR" ]] || die "no auth-server jar at $AUTH_JAR: mvn -B -o -q -pl ldap-sync,auth-server -am package -DskipTests"
machine_info >"$RUN/machine.txt"
echo "busy_cores_before_start=$(wait_quiet)" >>"$RUN/machine.txt"
log "run folder $RUN; java $JDK; nice $BENCH_NICE; prefix $PREFIX; $(uptime)"
[[ "$(rcli --scan --pattern "$PREFIX*" | wc -l)" == 0 ]] || die "prefix $PREFIX is not empty"

# 1. directory, worker, first full pass
slapd_start "$AGENTS"
# shellcheck disable=SC2086
WORKER_JVM="-Xmx${WORKER_XMX:-512m}" worker_start rev $WORKER_ARGS
worker_wait_full_pass 900 >"$RUN/first-full-pass.txt"
log "worker: $(cat "$RUN/first-full-pass.txt")"

# 2. auth-server, Redis mode, same prefix and commune
APORT="$(free_port)"
SECRET="bench-sync-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
# Redis mode wants its keys (TOTP secrets and signing keys at rest, the audit chain, registered clients' secrets):
# throwaway ones
for key in mfa signing audit clients; do head -c 32 /dev/urandom | base64 >"$RUN/$key.key"; done
chmod 600 "$RUN"/*.key
{
  cat <<EOF
server:
  address: 127.0.0.1
  port: $APORT
spring:
  data:
    redis: {host: $REDIS_HOST, port: $REDIS_PORT}
  session:
    data:
      redis:
        namespace: "${PREFIX}session"
sesame:
  issuer: http://127.0.0.1:$APORT
  store:
    type: redis
    key-prefix: "$PREFIX"
  keys:
    encryption-key-file: $RUN/signing.key
  mfa:
    encryption-keys:
      - id: bench
        key-file: $RUN/mfa.key
  audit:
    chain-key-file: $RUN/audit.key
  client-registry:
    secret-key-file: $RUN/clients.key
  clients:
    bench-client:
      name: Benchmark client (synchronisation)
      secret: "$SECRET"
      redirect-uris: [http://127.0.0.1:9999/callback]
      grant-types: [authorization_code, refresh_token, client_credentials]
      scopes: [openid, profile, email]
EOF
  communes_yml | sed '1d'
} >"$RUN/auth-server.yml"
start_bg "$RUN/auth-server.pid" "$RUN/auth-server.log" "$SYNC_JAVA" "-Xmx${AUTH_XMX:-384m}" -jar "$AUTH_JAR" \
  --spring.profiles.active=redis "--spring.config.additional-location=file:$RUN/auth-server.yml" \
  --management.endpoints.web.exposure.include=health,prometheus
AUTH_PID="$BG_PID"
t0="$(now_ms)"
until curl -fsS -o /dev/null "http://127.0.0.1:$APORT/actuator/health" 2>/dev/null; do
  kill -0 "$AUTH_PID" 2>/dev/null || { grep -o '"message":"[^"]*"' "$RUN/auth-server.log" | tail -5 | cut -c1-600 >&2; die "auth-server exited"; }
  (( $(now_ms) - t0 < 180000 )) || die "auth-server not ready after 180 s"
  sleep 0.2
done
log "auth-server: pid $AUTH_PID on http://127.0.0.1:$APORT, ready in $(( $(now_ms) - t0 )) ms"

# 3. the client
mkdir -p "$RUN/classes"
javac --release 17 -nowarn -cp "$UNBOUNDID_JAR" -d "$RUN/classes" "$BENCH_DIR/LoadClient.java" \
  "$BENCH_DIR/sync/RevocationClient.java" 2>"$RUN/javac.log" || { cat "$RUN/javac.log" >&2; die "javac failed"; }
busy0="$(cpu_mark)"
start_bg "$RUN/client.pid" "$RUN/client.log" java -cp "$RUN/classes:$UNBOUNDID_JAR" RevocationClient \
  --issuer "http://127.0.0.1:$APORT" --client-id bench-client --client-secret "$SECRET" \
  --users-file "$SYNC_WORK/grandval-$AGENTS.ldif.logins" --domain grandval.fr --password "$AGENT_PASSWORD" \
  --changes "$CHANGES" --poll-ms "$POLL_MS" --jitter-ms "$JITTER_MS" --ldap "127.0.0.1:$LDAP_PORT" \
  --ldap-bind-dn "$SLAPD_ROOT_DN" --ldap-password "$SLAPD_ROOT_PW" --user-dn "uid=%s,ou=people,$SUFFIX" \
  --out "$RUN/revocation.txt"
CLIENT_PID="$BG_PID"
UPTIMES=()
while kill -0 "$CLIENT_PID" 2>/dev/null; do
  sleep 30; UPTIMES+=("$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)")
  log "client: $(grep -c '^change' "$RUN/client.log" || true)/$CHANGES changes; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
[[ -s "$RUN/revocation.txt" ]] || { tail -30 "$RUN/client.log" >&2; die "the client failed"; }

# 4. what each side says
{
  echo "busy_cores_machine_during_changes=$(cpu_busy_cores "$busy0")"
  printf 'loadavg_samples=%s\n' "$(IFS=';'; echo "${UPTIMES[*]}")"
  st="$(rcli GET "${PREFIX}directory:{grandval}:status")"
  echo "worker_strategy=$(sed -n 's/.*"strategy":"\([^"]*\)".*/\1/p' <<<"$st")"
  # interval = nextAttempt - lastAttempt of a successful pass (CommuneSync schedules the next pass at + interval)
  echo "worker_interval_s=$(python3 -c 'import json,sys,datetime as d; s=json.loads(sys.argv[1]); f=lambda x: d.datetime.fromisoformat(x.replace("Z","+00:00")[:26]+"+00:00"); print((f(s["nextAttempt"])-f(s["lastAttempt"])).total_seconds())' "$st")"
  echo "worker_args=${WORKER_ARGS:-(none: defaults)}"
  echo "first_full_pass=$(cat "$RUN/first-full-pass.txt")"
  curl -fsS "http://127.0.0.1:$WORKER_PORT/actuator/prometheus" >"$RUN/worker-prometheus.txt" || true
  curl -fsS "http://127.0.0.1:$APORT/actuator/prometheus" >"$RUN/auth-prometheus.txt" || true
  awk '/^sesame_directory_sync_passes_seconds_(count|sum|max)\{/ && /pass="incremental"/ && /outcome="success"/ {
         n=$1; sub(/\{.*/, "", n); sub(/sesame_directory_sync_passes_seconds_/, "", n); print "worker_incremental_" n "=" $2 }' \
    "$RUN/worker-prometheus.txt"
  grep -h '^sesame_directory_sync_changes_total' "$RUN/worker-prometheus.txt" | sed 's/^/worker_metric=/'
  grep -h '^sesame_leavers_revoked_total\|^sesame_tokens_refused_total' "$RUN/auth-prometheus.txt" | sed 's/^/auth_metric=/'
  echo "worker_full_passes=$(grep -c 'full pass:' "$WORKER_LOG")"
  echo "worker_failures=$(grep -c 'synchronisation failed' "$WORKER_LOG" || true)"
  echo "auth_revocations_logged=$(grep -c 'Directory change applied' "$RUN/auth-server.log" || true)"
  echo "uptime_end=$(uptime)"
} >>"$RUN/revocation.txt"
# re-enabled agents are seen by the next incremental pass: give it a moment before stopping
sleep 5
stop_started
echo "redis_keys_deleted=$(redis_cleanup "$PREFIX")" >>"$RUN/revocation.txt"
echo "redis_keys_left=$(rcli --scan --pattern "$PREFIX*" | wc -l)" >>"$RUN/revocation.txt"
log "done: $RUN"
cat "$RUN/revocation.txt"
