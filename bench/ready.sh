#!/usr/bin/env bash
# Time to ready of auth-server (start of the JVM → /actuator/health answers), median of N starts, for each JDK,
# run these ways: the fat jar as built; the extracted jar (java -Djarmode=tools extract, as a container image lays
# it out); the extracted jar with a class-data-sharing archive (-XX:SharedArchiveFile, made by -XX:ArchiveClassesAtExit);
# on Java 25, the extracted jar with an AOT cache (-XX:AOTCache, JEP 483/514/515: classes loaded and linked, method
# profiles). Archive and cache come from one training run: start, the first requests every client makes (health,
# discovery, JWKS, a client_credentials grant, the login page), then a normal stop (SIGTERM), which writes them.
# Uses bench/sesame-bench.yml (in-memory stores) and the directory on 127.0.0.1:$BENCH_LDAP_PORT [10389], started
# (DemoDirectory.java) when none listens there.
#
# Usage: bench/ready.sh [runs=5]   (from the repository root; port 9400 on 127.0.0.1 must be free)
#   SESAME_JVM_OPTS   JVM options of every start, training included [the recommended deployment flags below]
#   READY_JDKS        JDKs to measure ["java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"]
#   READY_NICE        niceness of the measured JVMs (as root, e.g. -10 on a shared machine) [0]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
JAR=auth-server/target/auth-server.jar
WORK=bench/.work/ready
# What bench/run.sh and the deployment use (bench/sesame-jvm-options), on every JDK.
SESAME_JVM_OPTS="${SESAME_JVM_OPTS:-$(grep -v '^#' bench/sesame-jvm-options | tr '\n' ' ')}"
READY_JDKS="${READY_JDKS:-java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
READY_NICE="${READY_NICE:-0}"
export SESAME_CLIENT_SECRET="${SESAME_CLIENT_SECRET:-bench-client-secret-0123456789abcdef-0123}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
ARGS=(--spring.profiles.active=bench --spring.config.import=file:bench/sesame-bench.yml --server.port=9400
  --server.address=127.0.0.1 --sesame.issuer=http://localhost:9400)
[[ -f "$JAR" ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
BASE=http://127.0.0.1:9400

start() { # java, jar, log, extra JVM options... → pid in $PID
  local java="$1" jar="$2" log="$3"; shift 3
  # shellcheck disable=SC2086
  setsid bash -c 'echo "$0" >/proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "$READY_NICE" \
    "$java" $SESAME_JVM_OPTS "$@" -jar "$jar" "${ARGS[@]}" > "$log" 2>&1 < /dev/null &
  PID=$!
}

wait_ready() { # pid log
  for _ in $(seq 1 2400); do
    curl -fs -o /dev/null "$BASE/actuator/health" && return 0
    kill -0 "$1" 2>/dev/null || { echo "auth-server exited, see $2" >&2; return 1; }
    sleep 0.05
  done
  echo "auth-server not ready after 120 s, see $2" >&2; return 1
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

time_to_ready() { # java, jar, extra JVM options...
  local java="$1" jar="$2" start_ns end_ns; shift 2
  start_ns=$(date +%s%N)
  start "$java" "$jar" "$WORK/last.log" "$@"
  wait_ready "$PID" "$WORK/last.log" || { stop "$PID"; return 1; }
  end_ns=$(date +%s%N)
  stop "$PID"
  echo $(( (end_ns - start_ns) / 1000000 ))
}

train() { # java, jar, log, options that write the archive
  local java="$1" jar="$2" log="$3"; shift 3
  start "$java" "$jar" "$log" "$@"
  wait_ready "$PID" "$log"
  curl -fs -o /dev/null "$BASE/.well-known/openid-configuration"
  curl -fs -o /dev/null "$BASE/oauth2/jwks"
  curl -fs -o /dev/null -u "bench-client:$SESAME_CLIENT_SECRET" -d grant_type=client_credentials "$BASE/oauth2/token"
  curl -fs -o /dev/null "$BASE/login"
  stop "$PID"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

mkdir -p "$WORK"
# The benchmark's commune directory must answer, or health says DOWN: the throwaway one run.sh uses when none listens.
LDAP_PORT="${BENCH_LDAP_PORT:-10389}"
# shellcheck source=bench/directory.sh
source bench/directory.sh
PID=""; DIRECTORY_PID=""
trap '[[ -n "$PID" ]] && stop "$PID"; [[ -n "$DIRECTORY_PID" ]] && stop "$DIRECTORY_PID"' EXIT
if ! port_open "$LDAP_PORT"; then
  start_directory "$LDAP_PORT" "$WORK/directory.log" || { echo "the benchmark directory did not start" >&2; exit 1; }
fi
echo "JVM options: \`$SESAME_JVM_OPTS\`, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX, median of $RUNS"
echo
echo "| JDK | fat jar (ms) | extracted (ms) | extracted + CDS (ms) | extracted + AOT cache (ms) |"
echo "|---|---|---|---|---|"
for java in $READY_JDKS; do
  label=$("$java" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')
  major=${label%%.*}
  dir="$WORK/jdk-$label"
  rm -rf "$dir"
  "$java" -Djarmode=tools -jar "$JAR" extract --destination "$dir/app" > /dev/null
  app="$dir/app/$(basename "$JAR")"
  train "$java" "$app" "$WORK/training-cds-$label.log" -XX:ArchiveClassesAtExit="$dir/app.jsa"
  if (( major >= 25 )); then
    train "$java" "$app" "$WORK/training-aot-$label.log" -XX:AOTCacheOutput="$dir/app.aot"
  fi
  fat=(); extracted=(); cds=(); aot=()
  for _ in $(seq 1 "$RUNS"); do
    fat+=("$(time_to_ready "$java" "$JAR")")
    extracted+=("$(time_to_ready "$java" "$app")")
    cds+=("$(time_to_ready "$java" "$app" -XX:SharedArchiveFile="$dir/app.jsa")")
    if (( major >= 25 )); then
      aot+=("$(time_to_ready "$java" "$app" -XX:AOTCache="$dir/app.aot")")
    fi
  done
  a="n/a"; (( ${#aot[@]} )) && a="$(printf '%s\n' "${aot[@]}" | median)"
  echo "| $label | $(printf '%s\n' "${fat[@]}" | median) | $(printf '%s\n' "${extracted[@]}" | median) | $(printf '%s\n' "${cds[@]}" | median) | $a |"
done
