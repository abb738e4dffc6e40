#!/usr/bin/env bash
# LemonLDAP::NG (Debian bookworm packages lemonldap-ng, lemonldap-ng-fastcgi-server), side by side with the gateway
# in bench/gateway.sh: its nginx handler (auth_request to the FastCGI handler, the setup the package documents) in
# front of the same fast upstream, its portal signing the same 1,000 agents in against the same directory (LDAP
# authentication), its own configuration and session directories under bench/.work/gateway/llng (nothing in /etc or
# /var/lib is touched), everything on 127.0.0.1.
#
#   bench/gateway/lemonldap.sh setup            # writes the configuration (once)
#   bench/gateway/lemonldap.sh start            # FastCGI server (handler + portal) and nginx: protected :18083, portal :18084
#   bench/gateway/lemonldap.sh sessions [1000]  # signs the agents in through the portal → lemonldap-sessions.txt
#   bench/gateway/lemonldap.sh pids             # PIDs to account CPU to (nginx master, FastCGI manager)
#   bench/gateway/lemonldap.sh stop
#
# Settings: BENCH_LLNG_PORT [18083] BENCH_LLNG_PORTAL_PORT [18084] BENCH_UPSTREAM_PORT [18081] BENCH_LDAP_PORT [10390]
# BENCH_LLNG_NPROC [7, the package's default] FastCGI processes; BENCH_NICE [-10].
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(dirname "$HERE")/.work/gateway"
LL="$WORK/llng"
PORT="${BENCH_LLNG_PORT:-18083}"
PORTAL_PORT="${BENCH_LLNG_PORTAL_PORT:-18084}"
UPSTREAM_PORT="${BENCH_UPSTREAM_PORT:-18081}"
LDAP_PORT="${BENCH_LDAP_PORT:-10390}"
NPROC="${BENCH_LLNG_NPROC:-7}"
BENCH_NICE="${BENCH_NICE:--10}"
PRIO=(setsid bash -c 'echo "$0" >/proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "$BENCH_NICE")

setup() {
  command -v llng-fastcgi-server >/dev/null || { echo "apt-get install -y lemonldap-ng lemonldap-ng-fastcgi-server" >&2; exit 1; }
  mkdir -p "$LL/conf" "$LL/sessions/lock" "$LL/psessions/lock" "$LL/cache" "$LL/tmp"
  sed -e "s#/var/lib/lemonldap-ng/conf#$LL/conf#" -e "s#/var/lib/lemonldap-ng/cache#$LL/cache#" \
    /etc/lemonldap-ng/lemonldap-ng.ini >"$LL/lemonldap-ng.ini"
  # The package's configuration, with: sessions and caches in our directories (Apache::Session::File, the package's
  # default backend, and its local cache); the portal on 127.0.0.1:PORTAL_PORT authenticating against the benchmark
  # directory (the same 1,000 agents as Sésame's); the protected host 127.0.0.1 open to every signed-in agent,
  # relaying identity headers as the gateway does.
  python3 - "$LL" "$PORTAL_PORT" "$LDAP_PORT" <<'EOF'
import json, sys
ll, portal_port, ldap_port = sys.argv[1:]
conf = json.load(open('/var/lib/lemonldap-ng/conf/lmConf-1.json'))
conf['globalStorageOptions'].update({'Directory': ll + '/sessions', 'LockDirectory': ll + '/sessions/lock'})
conf['persistentStorageOptions'] = {'Directory': ll + '/psessions', 'LockDirectory': ll + '/psessions/lock'}
conf['localSessionStorageOptions']['cache_root'] = ll + '/cache'
conf['portal'] = 'http://127.0.0.1:%s/' % portal_port
conf['domain'] = '127.0.0.1'
conf['authentication'] = 'LDAP'
conf['userDB'] = 'Same'
conf['passwordDB'] = 'LDAP'
conf['registerDB'] = 'Null'
conf['ldapServer'] = 'ldap://127.0.0.1:%s' % ldap_port
conf['ldapBase'] = 'ou=people,dc=rivebelle,dc=fr'
conf['managerDn'] = 'cn=keycloak-svc,ou=services,dc=rivebelle,dc=fr'
conf['managerPassword'] = 'Svc-Passw0rd!'
conf['AuthLDAPFilter'] = '(&(uid=$user)(objectClass=inetOrgPerson))'
conf['ldapExportedVars'] = {'uid': 'uid', 'cn': 'cn', 'mail': 'mail'}
conf['ldapGroupBase'] = ''
conf['locationRules']['127.0.0.1'] = {'default': 'accept'}
conf['exportedHeaders']['127.0.0.1'] = {'Auth-User': '$uid', 'Auth-Mail': '$mail', 'Auth-Name': '$cn'}
conf['requireToken'] = 0
conf['portalAntiFrame'] = 0
conf['cfgNum'] = 1
json.dump(conf, open(ll + '/conf/lmConf-1.json', 'w'), indent=1)
EOF
  sed -e "s#@LL@#$LL#g" -e "s#@WORK@#$WORK#g" -e "s#@PORT@#$PORT#g" -e "s#@PORTAL_PORT@#$PORTAL_PORT#g" \
    -e "s#@UPSTREAM_PORT@#$UPSTREAM_PORT#g" "$HERE/nginx-lemonldap.conf" >"$LL/nginx.conf"
  echo "LemonLDAP::NG configured in $LL"
}

running() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  [[ -f "$LL/nginx.conf" ]] || setup
  if ! running "$LL/fcgi.pid"; then
    rm -f "$LL/fcgi.sock"
    # It refuses to run as root: as www-data (the package's user), owning its directories. Logs to stderr.
    chown -R www-data:www-data "$LL"
    LLNG_DEFAULTCONFFILE="$LL/lemonldap-ng.ini" LLNG_DEFAULTLOGGER=Lemonldap::NG::Common::Logger::Std \
      "${PRIO[@]}" llng-fastcgi-server --foreground -u www-data -g www-data -n "$NPROC" -s "$LL/fcgi.sock" \
      -p "$LL/fcgi-manager.pid" >"$LL/fcgi.log" 2>&1 &
    echo $! >"$LL/fcgi.pid"
    for _ in $(seq 1 60); do [[ -S "$LL/fcgi.sock" ]] && break; sleep 0.5; done
  fi
  if ! running "$LL/nginx.pid"; then
    "${PRIO[@]}" nginx -c "$LL/nginx.conf" -e "$LL/nginx-error.log" -g 'daemon off;' >"$LL/nginx.log" 2>&1 &
    echo $! >"$LL/nginx-master.pid"
    for _ in $(seq 1 30); do curl -s -o /dev/null "http://127.0.0.1:$PORTAL_PORT/" && break; sleep 0.5; done
  fi
  echo "LemonLDAP::NG: protected http://127.0.0.1:$PORT/bench/, portal http://127.0.0.1:$PORTAL_PORT/"
}

stop() {
  for f in "$LL/nginx-master.pid" "$LL/fcgi.pid"; do
    if running "$f"; then kill "$(cat "$f")"; fi
    rm -f "$f"
  done
}

pids() {
  # The nginx master (its workers are counted as its children) and the FastCGI manager (its processes likewise).
  echo "$(cat "$LL/nginx-master.pid") $(cat "$LL/fcgi.pid")"
}

sessions() {
  local n="${1:-1000}"
  mkdir -p "$WORK/classes"
  javac --release 17 -d "$WORK/classes" "$HERE/GatewaySignIn.java"
  java -cp "$WORK/classes" GatewaySignIn --portal "http://127.0.0.1:$PORTAL_PORT/" --cookie lemonldap \
    --check "http://127.0.0.1:$PORT/bench/" --users 'agent%03d' --range "1-$n" --password 'Bench-Passw0rd!' \
    --concurrency 4 --out "$WORK/lemonldap-sessions.txt"
}

case "${1:-}" in
  setup) setup ;;
  start) start ;;
  stop) stop ;;
  pids) pids ;;
  sessions) sessions "${2:-1000}" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
