#!/usr/bin/env bash
# Several replicas, proven on one machine (issue 7, item 4): two auth-server and two gateway processes sharing one
# Redis, behind Debian's nginx as a round-robin load balancer, one throwaway directory (bench/DemoDirectory.java,
# 200 agents). Everything listens on 127.0.0.1 only; every process started here is stopped by PID at the end.
#
#   mvn -B -q -Dmaven.test.skip=true package      # auth-server/target/auth-server.jar, gateway/target/gateway.jar
#   bash deploy/replicas.sh [REPORT.md]           # default bench/results/<today>-replicas.md
#
# 1. A PKCE client signs in and gets a code at auth-server A, exchanges it at B, refreshes at A, then at B.
# 2. An agent signs in through gateway A; the same session is used through gateway B.
# 3. Load through the load balancers (agents' page loads with their sessions, plus continuous sign-ins); kill -9 of
#    auth-server A and gateway A in the middle; counts of lost sessions and errors.
# 4. Load again while every replica is restarted one by one (SIGTERM, graceful shutdown, start, ready); counts of
#    failed sign-ins, lost sessions and errors.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
report="${1:-bench/results/$(date -u +%F)-replicas.md}"
work="$root/target/replicas"
rm -rf "$work"
mkdir -p "$work/nginx-tmp"
for jar in auth-server/target/auth-server.jar gateway/target/gateway.jar; do
  [[ -f "$jar" ]] || { echo "replicas: $jar is missing: mvn -B -q -Dmaven.test.skip=true package" >&2; exit 1; }
done
command -v nginx >/dev/null || { echo "replicas: nginx is missing (apt-get install nginx-light)" >&2; exit 1; }

REDIS_PORT=26396 LDAP_PORT=20491 AUTH_LB=29020 GATEWAY_LB=28100 UPSTREAM=29030
declare -A port=([auth-a]=29010 [auth-b]=29011 [gateway-a]=28090 [gateway-b]=28091)
for p in $REDIS_PORT $LDAP_PORT $AUTH_LB $GATEWAY_LB $UPSTREAM "${port[@]}"; do
  if (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "replicas: port $p on 127.0.0.1 is already in use (a previous run still going?)" >&2
    exit 1
  fi
done
PASSWORD='Bench-Passw0rd!'
# C1 only: this proof counts errors, not throughput, and starts JVMs many times on a machine shared with builds.
JAVA_OPTS=(-Xms64m -Xmx256m -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1)

declare -A pid
others=()
stop_pid() { # SIGTERM, then SIGKILL after 30 s (a JVM still starting waits for its start before stopping)
  local i
  kill "$1" 2>/dev/null || return 0
  for ((i = 0; i < 30; i++)); do kill -0 "$1" 2>/dev/null || break; sleep 1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() { # the services first, then what they would wait for while stopping (Redis, the directory, nginx)
  local p i
  for p in "${pid[@]}"; do stop_pid "$p"; done
  for ((i = ${#others[@]} - 1; i >= 0; i--)); do stop_pid "${others[i]}"; done
}
trap cleanup EXIT
trap 'exit 143' TERM INT

redis-server --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
others+=($!)
unboundid="$(ls ~/.m2/repository/com/unboundid/unboundid-ldapsdk/7.0.5/unboundid-ldapsdk-7.0.5.jar)"
java -cp "$unboundid" bench/DemoDirectory.java serve bench/bench-directory.ldif $LDAP_PORT > "$work/directory.log" 2>&1 &
others+=($!)

cat > "$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log $work/nginx-access.log;
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  upstream auth-server {
    server 127.0.0.1:${port[auth-a]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${port[auth-b]} max_fails=1 fail_timeout=5s;
  }
  upstream gateway {
    server 127.0.0.1:${port[gateway-a]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${port[gateway-b]} max_fails=1 fail_timeout=5s;
  }
  proxy_set_header Host \$http_host;
  proxy_connect_timeout 2s;
  proxy_read_timeout 60s;
  # A refused connection (a stopped replica) is retried on the other one; a request already sent is not, unless
  # it is idempotent (nginx's default). A replica's own 502/503 answers are passed on, not counted as the replica
  # being down (counting them would take both replicas out for fail_timeout after one 503).
  proxy_next_upstream error timeout;
  server { listen 127.0.0.1:$AUTH_LB; location / { proxy_pass http://auth-server; } }
  server { listen 127.0.0.1:$GATEWAY_LB; location / { proxy_pass http://gateway; } }
  server { listen 127.0.0.1:$UPSTREAM; location / { default_type text/plain; return 200 "replica test application\n"; } }
}
EOF
nginx -c "$work/nginx.conf" > "$work/nginx.log" 2>&1 &
others+=($!)

mfa_key=$(head -c 32 /dev/urandom | base64)
keys_key=$(head -c 32 /dev/urandom | base64)
audit_key=$(head -c 32 /dev/urandom | base64)
clients_key=$(head -c 32 /dev/urandom | base64)
gateway_secret=$(head -c 36 /dev/urandom | base64 | tr -d '/+=')
cat > "$work/auth-server.yml" <<EOF
sesame:
  issuer: http://127.0.0.1:$AUTH_LB
  mfa:
    encryption-keys: [{id: replicas, key: "$mfa_key"}]
  keys:
    encryption-key: "$keys_key"
  audit:
    chain-key: "$audit_key"
  client-registry:
    secret-key: "$clients_key"
  directory:
    communes:
      - id: rivebelle
        display-name: Rivebelle
        login-domains: [rivebelle.fr]
        flavour: openldap
        urls: ["ldap://127.0.0.1:$LDAP_PORT"]
        bind-dn: cn=keycloak-svc,ou=services,dc=rivebelle,dc=fr
        bind-password: "Svc-Passw0rd!"
        user-base: ou=people,dc=rivebelle,dc=fr
        group-base: ou=groups,dc=rivebelle,dc=fr
        pool-size: 16
        role-mappings:
          sesame-gateway: {agent: [agents]}
  clients:
    sesame-gateway:
      name: Gateway
      secret: "$gateway_secret"
      redirect-uris:                # through the load balancer, and each gateway directly (step 2)
        - http://127.0.0.1:$GATEWAY_LB/login/oauth2/code/sesame
        - http://127.0.0.1:${port[gateway-a]}/login/oauth2/code/sesame
        - http://127.0.0.1:${port[gateway-b]}/login/oauth2/code/sesame
      post-logout-redirect-uris: [http://127.0.0.1:$GATEWAY_LB/]
      backchannel-logout-uri: http://127.0.0.1:$GATEWAY_LB/logout/connect/back-channel/sesame
      grant-types: [authorization_code, refresh_token]
      scopes: [openid, profile, email]
      access-token-ttl: 2m          # the gateway refreshes 60 s before expiry: every session refreshes during the load
    replica-test:
      name: Replica test (confidential, PKCE)
      secret: "replica-test-secret-0123456789abcdef-0123"
      redirect-uris: [http://127.0.0.1:9999/callback]
      grant-types: [authorization_code, refresh_token]
      scopes: [openid, profile]
EOF
cat > "$work/gateway.yml" <<EOF
spring:
  data:
    redis:
      timeout: 10s                  # the gateway's 2 s timed out on this machine, shared with builds (load average > 20)
sesame:
  gateway:
    sign-in:
      issuer: http://127.0.0.1:$AUTH_LB
      client-id: sesame-gateway
      client-secret: "$gateway_secret"
    rate-limits:
      enabled: false                # every simulated agent comes from 127.0.0.1
    applications:
      app:
        display-name: Replica test
        paths: [/app/**]
        uri: http://127.0.0.1:$UPSTREAM
        communes: ["*"]
        relay: headers
EOF

start() { # auth-a | auth-b | gateway-a | gateway-b
  local name="$1" jar config
  case "$name" in
    auth-*) jar=auth-server/target/auth-server.jar config=auth-server.yml ;;
    gateway-*) jar=gateway/target/gateway.jar config=gateway.yml ;;
  esac
  SESAME_REDIS_HOST=127.0.0.1 SESAME_REDIS_PORT=$REDIS_PORT java "${JAVA_OPTS[@]}" -jar "$jar" \
    --spring.profiles.active=redis --spring.config.additional-location="file:$work/$config" \
    --server.port="${port[$name]}" --server.address=127.0.0.1 --management.endpoint.health.probes.enabled=true \
    >> "$work/$name.log" 2>&1 &
  pid[$name]=$!
}
ready() { # name, seconds
  local i
  for ((i = 0; i < $2; i++)); do
    curl -sf "http://127.0.0.1:${port[$1]}/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"' && return 0
    kill -0 "${pid[$1]}" 2>/dev/null || { echo "replicas: $1 exited; tail of $work/$1.log:" >&2; tail -n 30 "$work/$1.log" >&2; return 1; }
    sleep 1
  done
  echo "replicas: $1 not ready after $2 s" >&2
  return 1
}
stamp() { date -u +%H:%M:%S; }
timeline=()
note() { timeline+=("$(stamp) $*"); echo "$(stamp) $*"; }

for _ in $(seq 1 120); do (echo > /dev/tcp/127.0.0.1/$LDAP_PORT) 2>/dev/null && break; sleep 1; done
start auth-a
start auth-b
# One after the other, not "a && b": under set -e, a failure inside an && list would not stop the script.
ready auth-a 900
ready auth-b 900
note "auth-server A and B ready"
start gateway-a
start gateway-b
ready gateway-a 900
ready gateway-b 900
note "gateway A and B ready"

javac -d "$work/classes" deploy/ReplicaLoad.java
load() { java -cp "$work/classes" ReplicaLoad "$@"; }

echo "== 1. sign in at auth-server A, code exchanged at B, refreshed at A then B"
load pkce --a "http://127.0.0.1:${port[auth-a]}" --b "http://127.0.0.1:${port[auth-b]}" \
  --client replica-test --secret replica-test-secret-0123456789abcdef-0123 \
  --user agent001@rivebelle.fr --password "$PASSWORD" > "$work/pkce.txt" 2>&1 || echo "pkce: FAILED" >> "$work/pkce.txt"
cat "$work/pkce.txt"
echo "== 2. sign in through gateway A, same session through gateway B"
load gateways --a "http://127.0.0.1:${port[gateway-a]}" --b "http://127.0.0.1:${port[gateway-b]}" \
  --user agent002@rivebelle.fr --password "$PASSWORD" > "$work/gateways.txt" 2>&1 || echo "gateways: FAILED" >> "$work/gateways.txt"
cat "$work/gateways.txt"

echo "== 3. load through nginx; kill -9 of auth-server A and gateway A"
load load --gateway "http://127.0.0.1:$GATEWAY_LB" --agents 10-59 --workers 6 --signin-workers 1 \
  --signin-agents 150-199 --password "$PASSWORD" --stop-file "$work/stop-kill" --ready-file "$work/ready-kill" \
  --max-seconds 900 --events "$work/events-kill.log" --summary "$work/summary-kill.txt" > "$work/load-kill.txt" 2>&1 &
others+=($!)
load_pid=$!
for _ in $(seq 1 900); do [[ -f "$work/ready-kill" ]] && break; sleep 1; done
note "phase 3: $(head -n 1 "$work/load-kill.txt")"
sleep 30
kill -9 "${pid[auth-a]}" "${pid[gateway-a]}"
note "kill -9 auth-server A (pid ${pid[auth-a]}) and gateway A (pid ${pid[gateway-a]})"
wait "${pid[auth-a]}" 2>/dev/null || true
wait "${pid[gateway-a]}" 2>/dev/null || true
sleep 60
note "phase 3: load ends (60 s after the kills, on the remaining replicas)"
touch "$work/stop-kill"
wait "$load_pid" || true
cat "$work/summary-kill.txt"
start auth-a
start gateway-a
ready auth-a 900
ready gateway-a 900
note "auth-server A and gateway A started again"

echo "== 4. load through nginx; rolling restart of every replica"
load load --gateway "http://127.0.0.1:$GATEWAY_LB" --agents 60-99 --workers 6 --signin-workers 2 \
  --signin-agents 100-149 --password "$PASSWORD" --stop-file "$work/stop-roll" --ready-file "$work/ready-roll" \
  --max-seconds 3600 --events "$work/events-roll.log" --summary "$work/summary-roll.txt" > "$work/load-roll.txt" 2>&1 &
others+=($!)
load_pid=$!
for _ in $(seq 1 900); do [[ -f "$work/ready-roll" ]] && break; sleep 1; done
note "phase 4: $(head -n 1 "$work/load-roll.txt")"
sleep 10
for name in auth-a auth-b gateway-a gateway-b; do
  started=$SECONDS
  kill -TERM "${pid[$name]}"
  wait "${pid[$name]}" 2>/dev/null || true
  note "$name stopped (SIGTERM, graceful) in $((SECONDS - started)) s"
  start "$name"
  ready "$name" 900
  note "$name started again, ready after $((SECONDS - started)) s in all"
  sleep 5
done
sleep 10
touch "$work/stop-roll"
wait "$load_pid" || true
cat "$work/summary-roll.txt"

# The report.
kv() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" "$1"; }
{
  echo "# Several replicas sharing one Redis, $(date -u +%F)"
  echo
  echo "\`bash deploy/replicas.sh\` on this 2-core machine, shared with other builds and benchmarks (load average"
  echo "at the end: $(cut -d' ' -f1-3 /proc/loadavg)). Two auth-server and two gateway processes (Java"
  echo "$(java -version 2>&1 | head -n 1 | sed 's/.*version "\([^"]*\)".*/\1/'), \`${JAVA_OPTS[*]}\`, profile \`redis\`) sharing one Redis"
  echo "($(redis-server --version | cut -d' ' -f3)), behind nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') round robin"
  echo "(\`proxy_next_upstream error timeout\`: a refused connection goes to the other replica), one"
  echo "throwaway directory (200 agents). auth-server's issuer and the gateway's public URL are the load balancers."
  echo "Access tokens live 2 minutes, so that the gateway refreshes every session (60 s before expiry) during the load,"
  echo "through either auth-server replica."
  echo
  echo "## 1. Sign in at one auth-server, tokens and refresh at the other"
  echo
  echo '```'
  cat "$work/pkce.txt"
  echo '```'
  echo
  echo "## 2. Sign in through one gateway, the session through the other"
  echo
  echo '```'
  cat "$work/gateways.txt"
  echo '```'
  echo
  echo "## 3. kill -9 of one auth-server and one gateway during the load"
  echo
  echo "6 workers load \`/app/\` through the gateway's load balancer with the sessions of 50 agents signed in first,"
  echo "each agent's requests one after the other (one browser tab; no redirect followed: a redirect to sign in counts"
  echo "as a lost session), 1 worker signs agents in continuously;"
  echo "30 s after the load starts, \`kill -9\` of auth-server A and gateway A; the load goes on 60 s on B."
  echo
  f="$work/summary-kill.txt"
  echo "| agents with a session | page loads OK | sessions lost | page-load errors | sign-ins OK | sign-ins failed |"
  echo "|---|---|---|---|---|---|"
  echo "| $(kv "$f" agents) | $(kv "$f" page_loads_ok) | $(kv "$f" sessions_lost) | $(kv "$f" page_load_errors) | $(kv "$f" signins_ok) | $(kv "$f" signins_failed) |"
  echo
  echo "Errors and losses, with their time (UTC):"
  echo
  echo '```'
  if [[ -s "$work/events-kill.log" ]]; then head -n 40 "$work/events-kill.log" | sed 's/code=[^&]*/code=…/'; else echo "(none)"; fi
  echo '```'
  echo
  echo "## 4. Rolling restart of every replica during the load"
  echo
  echo "6 workers load \`/app/\` with the sessions of 40 agents, 2 workers sign agents in continuously; each of"
  echo "auth-server A, auth-server B, gateway A, gateway B in turn gets SIGTERM (graceful shutdown), is started again"
  echo "and waited for (readiness), 5 s apart."
  echo
  f="$work/summary-roll.txt"
  echo "| agents with a session | page loads OK | sessions lost | page-load errors | sign-ins OK | sign-ins failed |"
  echo "|---|---|---|---|---|---|"
  echo "| $(kv "$f" agents) | $(kv "$f" page_loads_ok) | $(kv "$f" sessions_lost) | $(kv "$f" page_load_errors) | $(kv "$f" signins_ok) | $(kv "$f" signins_failed) |"
  echo
  echo "Errors and losses, with their time (UTC):"
  echo
  echo '```'
  if [[ -s "$work/events-roll.log" ]]; then head -n 40 "$work/events-roll.log" | sed 's/code=[^&]*/code=…/'; else echo "(none)"; fi
  echo '```'
  echo
  echo "## Timeline (UTC)"
  echo
  echo '```'
  printf '%s\n' "${timeline[@]}"
  echo '```'
} > "$report"
echo "replicas: report in $report"
