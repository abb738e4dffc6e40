#!/usr/bin/env bash
# Runs the three images built by Jib with the configuration the chart renders, without Kubernetes nor Docker:
#  1. the chart rendered with deploy/smoke-values.yaml (own Redis with a password on 127.0.0.1:26395, a throwaway
#     directory on 127.0.0.1:20489 serving two communes, a client_credentials client), and validated;
#  2. each Deployment "materialized" like a kubelet would (ConfigMap and projected Secret files, environment with the
#     secretKeyRefs resolved, args, runAsUser): deploy/validate/materialize.mjs;
#  3. each image run by deploy/run-image.sh: layers unpacked, root file system mounted read-only, tmpfs on /tmp, user
#     65532, only the image's and the pod's environment;
#  4. checks: readiness and liveness groups UP on the management ports, discovery, a client_credentials grant with the
#     secret from the Secret, both communes synchronised by ldap-sync into Redis, the gateway healthy, the processes'
#     user, the root file system read-only, what each process wrote under /tmp.
# Needs root, the images (mvn -pl ldap-sync,auth-server,gateway -am package jib:buildTar
# -Djib.from.image=tar://$PWD/target/jre-base/jre-base.tar, after bash deploy/jre-base.sh), redis-server, curl.
# Ends with "N passed, N failed". Everything it starts is stopped by PID at the end.
set -euo pipefail
# The system Python (a version manager's shim can take seconds per start on a loaded machine).
PY="$(command -v /usr/bin/python3 || command -v python3)"
cd "$(dirname "$0")/.."
root="$PWD"
work="$root/target/image-smoke"
rm -rf "$work"
mkdir -p "$work"
helm="$(bash deploy/helm.sh)"
[[ -d deploy/validate/node_modules ]] || (cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error)
for m in auth-server gateway ldap-sync; do
  [[ -f "$m/target/jib-image.tar" ]] || { echo "image-smoke: $m/target/jib-image.tar is missing (see the header)" >&2; exit 1; }
done

passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
ko() { echo "FAIL $*"; failed=$((failed + 1)); }
pids=()
cleanup() { # the services first, then Redis and the directory they would wait for while stopping
  local i j
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || continue
    for ((j = 0; j < 30; j++)); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 1; done
    kill -9 "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# Redis (own port, password) and the directory.
redis-server --bind 127.0.0.1 --port 26395 --save '' --appendonly no --requirepass smoke-redis-password \
  --dir "$work" > "$work/redis.log" 2>&1 &
pids+=($!)
unboundid="$(ls ~/.m2/repository/com/unboundid/unboundid-ldapsdk/7.0.5/unboundid-ldapsdk-7.0.5.jar)"
java -cp "$unboundid" bench/DemoDirectory.java serve bench/bench-directory.ldif 20489 > "$work/directory.log" 2>&1 &
pids+=($!)

"$helm" template smoke helm/sesame -f deploy/smoke-values.yaml > "$work/rendered.yaml"
node deploy/validate/validate.mjs "$work/rendered.yaml" | tail -n 1
for m in auth-server gateway ldap-sync; do
  node deploy/validate/materialize.mjs "$work/rendered.yaml" "smoke-sesame-$m" "$work/pod-$m"
done

for _ in $(seq 1 120); do (echo > /dev/tcp/127.0.0.1/20489) 2>/dev/null && break; sleep 1; done
declare -A pid_of
for m in ldap-sync auth-server gateway; do
  bash deploy/run-image.sh "$m/target/jib-image.tar" "$work/rootfs-$m" "$work/pod-$m" "$work/$m.log" &
  pid_of[$m]=$!
  pids+=($!)
done

up() { # url, seconds
  local i
  for ((i = 0; i < $2; i++)); do
    curl -sf "$1" 2>/dev/null | grep -q '"status":"UP"' && return 0
    sleep 1
  done
  return 1
}
declare -A management=([auth-server]=29001 [gateway]=29081 [ldap-sync]=29100)
for m in ldap-sync auth-server gateway; do
  started=$SECONDS
  if up "http://127.0.0.1:${management[$m]}/actuator/health/readiness" "${SMOKE_START_TIMEOUT:-900}"; then
    ok "$m: readiness UP after $((SECONDS - started)) s (image $(tar -xOf "$m/target/jib-image.tar" config.json \
      | "$PY" -c 'import json,sys; c=json.load(sys.stdin)["config"]; print(c["User"], " ".join(c["Entrypoint"][:4]), "…")'))"
  else
    ko "$m: readiness not UP; last lines of $work/$m.log:"
    tail -n 20 "$work/$m.log" | cut -c1-400 | sed 's/^/     /'
  fi
  if up "http://127.0.0.1:${management[$m]}/actuator/health/liveness" 5; then ok "$m: liveness UP"; else ko "$m: liveness"; fi
done

issuer=$(curl -sf http://127.0.0.1:29000/.well-known/openid-configuration | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["issuer"])' || true)
[[ "$issuer" == "http://127.0.0.1:29000" ]] && ok "auth-server: discovery, issuer $issuer" || ko "auth-server: discovery ($issuer)"
token=$(curl -sf -u 'smoke-client:smoke-client-secret-0123456789abcdef-0123' -d grant_type=client_credentials -d scope=smoke \
  http://127.0.0.1:29000/oauth2/token | "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("token_type",""))' || true)
[[ "$token" == "Bearer" ]] && ok "auth-server: client_credentials grant with the client secret from the Secret" \
  || ko "auth-server: client_credentials grant"
code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:29000/actuator/health || true)
[[ "$code" == 404 ]] && ok "auth-server: no actuator on the public port (404)" || ko "auth-server: actuator on the public port ($code)"

synced=""
for _ in $(seq 1 60); do
  synced=$(curl -sf http://127.0.0.1:29100/actuator/health/directorySync | "$PY" -c '
import json,sys
c=json.load(sys.stdin).get("components",{})
print(" ".join("%s=%s/%s" % (k, v.get("status"), v.get("details", {}).get("agents")) for k, v in sorted(c.items())))' \
    2>/dev/null || true)
  [[ "$synced" == "montclair=UP/200 rivebelle=UP/200" ]] && break
  sleep 1
done
[[ "$synced" == "montclair=UP/200 rivebelle=UP/200" ]] && ok "ldap-sync: both communes synchronised ($synced)" \
  || ko "ldap-sync: synchronisation ($synced)"
indexed=$(redis-cli -p 26395 -a smoke-redis-password --no-auth-warning hlen 'smoke:directory:{rivebelle}:agents')
[[ "$indexed" == 200 ]] && ok "Redis (password from the Secret): 200 agents of rivebelle in smoke:directory:{rivebelle}:agents" \
  || ko "Redis: directory index of rivebelle ($indexed)"
gw=$(curl -sf http://127.0.0.1:29081/actuator/health | "$PY" -c '
import json,sys
c=json.load(sys.stdin).get("components",{})
print(" ".join("%s=%s" % (k, v.get("status")) for k, v in sorted(c.items()) if k in ("authServer", "redis")))' || true)
[[ "$gw" == "authServer=UP redis=UP" ]] && ok "gateway: $gw" || ko "gateway: health components ($gw)"

for m in ldap-sync auth-server gateway; do
  pid=${pid_of[$m]}
  uid=$(awk '/^Uid:/{print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")
  [[ "$uid" == 65532 ]] && ok "$m: runs as uid $uid" || ko "$m: uid $uid"
  if touch "/proc/$pid/root/opt/probe" 2>"$work/$m.touch"; then
    ko "$m: root file system writable"
  elif grep -q "Read-only file system" "$work/$m.touch"; then
    ok "$m: root file system read-only"
  else
    ko "$m: root file system check: $(cat "$work/$m.touch")"
  fi
  echo "     $m wrote under /tmp: $(cd "/proc/$pid/root/tmp" 2>/dev/null && find . -mindepth 1 -maxdepth 2 | sort | tr '\n' ' ')"
done

echo "image-smoke: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
