# Shared by bench/sync-full.sh and bench/sync-revocation.sh (sourced, not run): the benchmark directory (Debian's
# slapd or UnboundID's in-memory server), the ldap-sync worker, Redis key prefixes, niceness, process bookkeeping.
# Everything listens on 127.0.0.1; only processes started here are ever stopped, by their PID.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
SYNC_WORK="${SYNC_WORK:-$BENCH_DIR/.work/sync}"
UNBOUNDID_JAR="${UNBOUNDID_JAR:-$HOME/.m2/repository/com/unboundid/unboundid-ldapsdk/7.0.5/unboundid-ldapsdk-7.0.5.jar}"
WORKER_JAR="${WORKER_JAR:-$ROOT/ldap-sync/target/ldap-sync-exec.jar}"
AUTH_JAR="${AUTH_JAR:-$ROOT/auth-server/target/auth-server.jar}"
SYNC_JAVA="${SYNC_JAVA:-java}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
SLAPD_BIN="${SLAPD_BIN:-/usr/sbin/slapd}"
SLAPADD_BIN="${SLAPADD_BIN:-/usr/sbin/slapadd}"
# Niceness (process and its scheduling autogroup) of everything started here; -10 when root, as run.sh's BENCH_NICE.
if [[ -z "${BENCH_NICE:-}" ]]; then if [[ "$(id -u)" == 0 ]]; then BENCH_NICE=-10; else BENCH_NICE=0; fi; fi

SUFFIX="dc=grandval,dc=fr"
SVC_DN="cn=sesame,ou=services,$SUFFIX"
SVC_PASSWORD="Sync-Svc-Passw0rd!"
SLAPD_ROOT_DN="cn=admin,$SUFFIX"
SLAPD_ROOT_PW="bench-slapd-root-secret"
AGENT_PASSWORD="Bench-Passw0rd!"

STARTED_PIDS=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "${RUN:-/dev/null}/run.log" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Runs "$@" in the background in its own session and scheduling autogroup at niceness $BENCH_NICE; its PID (the
# command's own, after exec) is written to $pidfile, appended to STARTED_PIDS and left in BG_PID (call it directly,
# not in $(…), or the bookkeeping is lost). usage: start_bg pidfile logfile cmd…
start_bg() {
  local pidfile="$1" logfile="$2"; shift 2
  rm -f "$pidfile"
  setsid bash -c 'echo $$ >"$0"; echo '"$BENCH_NICE"' >/proc/self/autogroup 2>/dev/null; exec nice -n '"$BENCH_NICE"' "$@"' \
    "$pidfile" "$@" >"$logfile" 2>&1 </dev/null &
  for _ in $(seq 1 100); do [[ -s "$pidfile" ]] && break; sleep 0.05; done
  BG_PID="$(cat "$pidfile")"
  STARTED_PIDS+=("$BG_PID")
}

stop_pid() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_started() {
  local i
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${STARTED_PIDS[$i]}"; done
  STARTED_PIDS=()
}

# ------------------------------------------------------------------------------------------------ machine
machine_info() { # -> key=value lines
  echo "date=$(date -u '+%F %T UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
  echo "mem=$(free -h | awk '/^Mem:/{print $2" total, "$7" available"}')"
  echo "kernel=$(uname -r)"
  echo "java=$("$SYNC_JAVA" -version 2>&1 | sed -n 2p)"
  echo "slapd=$("$SLAPD_BIN" -VV 2>&1 | sed -n 's/.*\(slapd [0-9][^ ]*\).*/\1/p' | head -1)"
  echo "redis=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" INFO server 2>/dev/null | sed -n 's/^redis_version:\(.*\)\r*$/\1/p' | tr -d '\r')"
  echo "nice=$BENCH_NICE"
  echo "uptime_start=$(uptime)"
}

# busy cores over the last interval, from /proc/stat (call once to arm, then again to read)
cpu_mark() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
cpu_busy_cores() { # "busy total" from cpu_mark
  local now; now="$(cpu_mark)"
  awk -v a="$1" -v b="$now" -v n="$(nproc)" 'BEGIN{split(a,x," "); split(b,y," "); t=y[2]-x[2]; if (t<=0) {print 0; exit} printf "%.2f", n*(y[1]-x[1])/t}'
}
# Waits up to SYNC_QUIET_MAX [120] seconds for the machine to be quiet (under SYNC_QUIET_CORES [0.5] busy cores over
# 3 s, nothing of ours running yet); the benchmark runs anyway afterwards, and the load is reported.
wait_quiet() {
  local deadline=$(( $(date +%s) + ${SYNC_QUIET_MAX:-120} )) m b
  while true; do
    m="$(cpu_mark)"; sleep 3; b="$(cpu_busy_cores "$m")"
    if awk -v b="$b" -v t="${SYNC_QUIET_CORES:-0.5}" 'BEGIN{exit !(b+0 < t+0)}'; then log "machine quiet ($b busy cores)"; echo "$b"; return; fi
    (( $(date +%s) < deadline )) || { log "machine still busy ($b cores busy) after ${SYNC_QUIET_MAX:-120} s: running anyway"; echo "$b"; return; }
  done
}
proc_cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# ------------------------------------------------------------------------------------------------ directory
# Other people rebuild target/ while a benchmark runs: run from copies in $SYNC_WORK/jars/, refreshed from target/
# when target/ holds a newer, complete jar (SYNC_JARS=target uses target/ directly).
snapshot_jar() { # target jar -> prints the path to run
  local src="$1" dst="$SYNC_WORK/jars/$(basename "$1")"
  if [[ "${SYNC_JARS:-snapshot}" == target ]]; then echo "$src"; return; fi
  mkdir -p "$SYNC_WORK/jars"
  if [[ -f "$src" && ( ! -f "$dst" || "$src" -nt "$dst" ) ]] && unzip -tq "$src" >/dev/null 2>&1; then
    cp -p "$src" "$dst.tmp" && mv "$dst.tmp" "$dst"
    echo "$(date -u '+%F %T') $(basename "$src") from $(git -C "$ROOT" rev-parse --short HEAD) (+ working tree), built $(date -u -r "$src" '+%F %T')" >>"$SYNC_WORK/jars/origin.txt"
  fi
  [[ -f "$dst" ]] && echo "$dst" || echo "$src"
}

ensure_tools() {
  WORKER_JAR="$(snapshot_jar "$WORKER_JAR")"
  AUTH_JAR="$(snapshot_jar "$AUTH_JAR")"
  command -v "$SYNC_JAVA" >/dev/null || die "no java"
  [[ -f "$UNBOUNDID_JAR" ]] || die "no UnboundID jar at $UNBOUNDID_JAR (any build of the project puts it there)"
  [[ -f "$WORKER_JAR" ]] || die "no worker jar at $WORKER_JAR: mvn -B -o -q -pl ldap-sync -am package -DskipTests"
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || die "no Redis on $REDIS_HOST:$REDIS_PORT"
}

# Debian's slapd, installed the way .ci/run does: a policy-rc.d answering 101 keeps the package from starting a
# system slapd.
ensure_slapd() {
  [[ -x "$SLAPD_BIN" ]] && return 0
  log "installing slapd ldap-utils (apt-get)"
  local own_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=yes
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils >/dev/null
  [[ -n "$own_policy" ]] && rm -f /usr/sbin/policy-rc.d
  [[ -x "$SLAPD_BIN" ]] || die "slapd did not install"
}

# The LDIF of N agents (generated once per N; bench/sync/SyncDirectory.java).
ensure_ldif() { # N -> path
  local n="$1" ldif="$SYNC_WORK/grandval-$1.ldif" src="$BENCH_DIR/sync/SyncDirectory.java"
  local stamp; stamp="$(sha1sum "$src" | cut -c1-12)"
  if [[ ! -s "$ldif" || "$(cat "$ldif.gen" 2>/dev/null)" != "$stamp" ]]; then
    mkdir -p "$SYNC_WORK"
    log "generating $n agents into $ldif"
    "$SYNC_JAVA" -cp "$UNBOUNDID_JAR" "$src" generate "$ldif" "$n" >&2 || die "generation failed"
    echo "$stamp" >"$ldif.gen"
  fi
  echo "$ldif"
}

slapd_conf() { # folder -> slapd.conf on stdout
  local f="$1"
  cat <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload syncprov
pidfile $f/slapd.pid
argsfile $f/slapd.args
tool-threads 2
database mdb
suffix "$SUFFIX"
rootdn "$SLAPD_ROOT_DN"
rootpw $SLAPD_ROOT_PW
directory $f/data
maxsize 4294967296
index objectClass eq
index entryUUID,entryCSN eq
index uid,member eq
limits dn.exact="$SVC_DN" size=unlimited time=unlimited
access to dn.base="" by * read
access to attrs=userPassword by anonymous auth by * none
access to * by users read by anonymous auth
overlay syncprov
syncprov-checkpoint 100 10
syncprov-sessionlog 10000
EOF
}

# A pristine slapd database of N agents, loaded once with slapadd (-q, -w: contextCSN for content sync) into
# $SYNC_WORK/slapd-N/; each run works on a copy (the revocation benchmark modifies it).
ensure_slapd_db() { # N -> folder
  local n="$1" db="$SYNC_WORK/slapd-$1" ldif
  ldif="$(ensure_ldif "$n")"
  if [[ ! -s "$db/data/data.mdb" || "$(cat "$db/ldif.gen" 2>/dev/null)" != "$(cat "$ldif.gen")" ]]; then
    rm -rf "$db"; mkdir -p "$db/data"
    slapd_conf "$db" >"$db/slapd.conf"
    log "slapadd of $ldif into $db"
    local t0; t0="$(now_ms)"
    nice -n "$BENCH_NICE" "$SLAPADD_BIN" -q -w -f "$db/slapd.conf" -l "$ldif" >"$db/slapadd.log" 2>&1 \
      || { tail -5 "$db/slapadd.log" >&2; die "slapadd failed"; }
    echo "slapadd_ms=$(( $(now_ms) - t0 ))" >"$db/load.txt"
    cp "$ldif.gen" "$db/ldif.gen"
  fi
  echo "$db"
}

# Starts slapd on a copy of the pristine database in $RUN/slapd; sets LDAP_PORT and SLAPD_PID.
slapd_start() { # N
  local db f="$RUN/slapd"
  db="$(ensure_slapd_db "$1")"
  rm -rf "$f"; mkdir -p "$f/data"
  cp --sparse=always "$db/data/"* "$f/data/"
  slapd_conf "$f" >"$f/slapd.conf"
  LDAP_PORT="$(free_port)"
  # -d 0: foreground (so that its PID is the one we keep), no debug output
  start_bg "$f/launcher.pid" "$f/slapd.log" "$SLAPD_BIN" -f "$f/slapd.conf" -h "ldap://127.0.0.1:$LDAP_PORT/" -d 0
  SLAPD_PID="$BG_PID"
  for _ in $(seq 1 200); do port_open "$LDAP_PORT" && break; kill -0 "$SLAPD_PID" 2>/dev/null || break; sleep 0.1; done
  port_open "$LDAP_PORT" || { cat "$f/slapd.log" >&2; die "slapd did not start"; }
  LDAP_URL="ldap://127.0.0.1:$LDAP_PORT"
  DIRECTORY_KIND="OpenLDAP $("$SLAPD_BIN" -VV 2>&1 | sed -n 's/.*slapd \([0-9][^ ]*\).*/\1/p' | head -1) (Debian), mdb, syncprov"
  log "slapd: pid $SLAPD_PID on $LDAP_URL ($DIRECTORY_KIND)"
}

# Starts the UnboundID in-memory server with the same LDIF; sets LDAP_PORT, LDAP_URL, SLAPD_PID (its PID).
inmemory_start() { # N
  local ldif f="$RUN/inmemory"
  ldif="$(ensure_ldif "$1")"
  mkdir -p "$f"; rm -f "$f/port"
  start_bg "$f/launcher.pid" "$f/server.log" "$SYNC_JAVA" -Xmx${INMEMORY_XMX:-6g} -XX:+UseParallelGC \
    -cp "$UNBOUNDID_JAR" "$BENCH_DIR/sync/SyncDirectory.java" serve "$ldif" 0 "$f/port"
  SLAPD_PID="$BG_PID"
  for _ in $(seq 1 1800); do [[ -s "$f/port" ]] && break; kill -0 "$SLAPD_PID" 2>/dev/null || break; sleep 0.1; done
  [[ -s "$f/port" ]] || { cat "$f/server.log" >&2; die "in-memory directory did not start"; }
  LDAP_PORT="$(cat "$f/port")"
  LDAP_URL="ldap://127.0.0.1:$LDAP_PORT"
  DIRECTORY_KIND="UnboundID LDAP SDK 7.0.5 InMemoryDirectoryServer"
  log "in-memory directory: pid $SLAPD_PID on $LDAP_URL ($(tail -1 "$f/server.log"))"
}

count_agents_ldap() { # -> number of agent entries the service account sees (paged)
  ldapsearch -x -LLL -H "$LDAP_URL" -D "$SVC_DN" -w "$SVC_PASSWORD" -b "ou=people,$SUFFIX" -E pr=1000/noprompt \
    '(objectClass=inetOrgPerson)' 1.1 2>/dev/null | grep -c '^dn:'
}

# ------------------------------------------------------------------------------------------------ configuration
# The commune, as the worker and auth-server both declare it (same id, same unique id → same sub).
communes_yml() {
  cat <<EOF
sesame:
  directory:
    communes:
      - id: grandval
        display-name: Grandval (benchmark directory)
        login-domains: [grandval.fr]
        flavour: openldap
        urls: ["$LDAP_URL"]
        bind-dn: $SVC_DN
        bind-password: "$SVC_PASSWORD"
        user-base: ou=people,$SUFFIX
        group-base: ou=groups,$SUFFIX
        disabled-filter: (employeeType=inactive)
        nested-groups: true
        response-timeout: ${SYNC_RESPONSE_TIMEOUT:-3s}
        pool-size: 8
        role-mappings:
          bench-client:
            agent: [agents]
            etat-civil: [etat-civil]
            officier-etat-civil: [mariages]
            valideur: [finances-valideurs]
            rh: [rh-gestionnaires]
            teletravail: [teletravail]
EOF
}

# Starts the worker (ldap-sync-exec.jar, its own ldap-sync.yml + $RUN/communes.yml); sets WORKER_PID, WORKER_PORT.
# Extra JVM options in WORKER_JVM (default -Xmx512m), extra arguments after the label.
worker_start() { # label [args…]
  local label="$1"; shift
  WORKER_PORT="$(free_port)"
  WORKER_LOG="$RUN/worker-$label.log"
  WORKER_GC="$RUN/worker-$label-gc.log"
  communes_yml >"$RUN/communes.yml"
  # shellcheck disable=SC2086
  start_bg "$RUN/worker-$label.pid" "$WORKER_LOG" "$SYNC_JAVA" ${WORKER_JVM:--Xmx512m} \
    "-Xlog:gc:file=$WORKER_GC:uptime,tags" -jar "$WORKER_JAR" \
    "--spring.config.additional-location=file:$RUN/communes.yml" --server.address=127.0.0.1 \
    "--server.port=$WORKER_PORT" "--sesame.store.key-prefix=$PREFIX" "--spring.data.redis.host=$REDIS_HOST" \
    "--spring.data.redis.port=$REDIS_PORT" "$@"
  WORKER_PID="$BG_PID"
  WORKER_T0="$(now_ms)"
  log "worker $label: pid $WORKER_PID, port $WORKER_PORT, $SYNC_JAVA ${WORKER_JVM:--Xmx512m}, prefix $PREFIX"
}

# Waits for the worker's first full pass (its own log line); prints "ms agents" of that pass.
worker_wait_full_pass() { # timeout_s
  local deadline=$(( $(date +%s) + ${1:-900} )) line
  while true; do
    line="$(grep -m1 -o 'Commune grandval: full pass: [^"]*' "$WORKER_LOG" 2>/dev/null || true)"
    [[ -n "$line" ]] && break
    kill -0 "$WORKER_PID" 2>/dev/null || { tail -30 "$WORKER_LOG" >&2; die "the worker exited before its first full pass"; }
    (( $(date +%s) <= deadline )) || { tail -30 "$WORKER_LOG" >&2; die "no full pass after ${1:-900} s"; }
    sleep 0.2
  done
  WORKER_T1="$(now_ms)"
  echo "$line"
}

# Peak heap from the GC log: the largest heap occupancy seen before a collection, and the largest after one (MB).
gc_peaks() { # gc log -> "peak_before_mb peak_after_mb collections"
  awk '/Pause/ && /->/ { if (match($0, /[0-9]+M->[0-9]+M/)) { s=substr($0,RSTART,RLENGTH); split(s,a,/M->|M/);
        if (a[1]+0>b) b=a[1]+0; if (a[2]+0>c) c=a[2]+0; n++ } }
       END { printf "%d %d %d\n", b, c, n }' "$1"
}

# The JDK tool next to $SYNC_JAVA (jstat, jcmd), so that it speaks to a JVM of the same version.
jdk_tool() { local d; d="$(dirname "$(readlink -f "$(command -v "$SYNC_JAVA")")")"; echo "$d/$1"; }

# Samples the JVM's used heap (one jstat, every 200 ms, from the JVM's perf data) into a file until the JVM exits
# or the sampler is stopped; prints the sampler's PID. Lines: ms_since_start used_mb.
heap_sampler_start() { # pid out
  "$(jdk_tool jstat)" -gc "$1" 200 2>/dev/null | awk 'NR==1{for(i=1;i<=NF;i++)h[$i]=i; next}
      $1 ~ /^[0-9.]+$/ { printf "%d %.1f\n", (NR-1)*200, ($(h["S0U"])+$(h["S1U"])+$(h["EU"])+$(h["OU"]))/1024; fflush() }' >"$2" &
  echo $!
}
heap_sampler_peak() { awk '$2+0>m{m=$2+0} END{printf "%.0f\n", m}' "$1"; }

# ------------------------------------------------------------------------------------------------ Redis
rcli() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }
redis_cleanup() { # prefix -> number of keys deleted
  local n
  n="$(rcli --scan --pattern "$1*" | wc -l)"
  rcli --scan --pattern "$1*" | xargs -r -d '\n' -n 200 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" UNLINK >/dev/null
  echo "$n"
}
