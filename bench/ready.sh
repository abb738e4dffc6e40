#!/usr/bin/env bash
# Time to ready of auth-server (start of the JVM → /actuator/health answers), median of N starts, for each JDK,
# run three ways: the fat jar as built; the extracted jar (java -Djarmode=tools extract, as a container image lays
# it out); the extracted jar with a class-data-sharing archive made by one training run (-XX:ArchiveClassesAtExit,
# Spring's -Dspring.context.exit=onRefresh). Uses bench/sesame-bench.yml (no embedded directory, in-memory stores).
# Usage: bench/ready.sh [runs=5]   (from the repository root; port 9400 on 127.0.0.1 must be free)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
JAR=auth-server/target/auth-server.jar
WORK=bench/.work/ready
export SESAME_CLIENT_SECRET="${SESAME_CLIENT_SECRET:-bench-client-secret-0123456789abcdef-0123}"
ARGS=(--spring.profiles.active=bench --spring.config.import=file:bench/sesame-bench.yml --server.port=9400
  --server.address=127.0.0.1 --sesame.issuer=http://localhost:9400)
[[ -f "$JAR" ]] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }

time_to_ready() { # java, jar, extra JVM options...
  local java="$1" jar="$2"; shift 2
  local start end pid
  start=$(date +%s%N)
  "$java" "$@" -Xms64m -Xmx256m -jar "$jar" "${ARGS[@]}" > "$WORK/last.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -fs -o /dev/null http://127.0.0.1:9400/actuator/health && break
    kill -0 "$pid" 2>/dev/null || { echo "auth-server exited, see $WORK/last.log" >&2; return 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

mkdir -p "$WORK"
echo "| JDK | fat jar (ms) | extracted (ms) | extracted + CDS (ms) |"
echo "|---|---|---|---|"
for java in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  label=$("$java" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')
  dir="$WORK/jdk-$label"
  rm -rf "$dir"
  "$java" -Djarmode=tools -jar "$JAR" extract --destination "$dir/app" > /dev/null
  "$java" -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh -jar "$dir/app/auth-server.jar" \
    "${ARGS[@]}" > "$WORK/training.log" 2>&1 || true
  fat=(); extracted=(); cds=()
  for _ in $(seq 1 "$RUNS"); do
    fat+=("$(time_to_ready "$java" "$JAR")")
    extracted+=("$(time_to_ready "$java" "$dir/app/auth-server.jar")")
    cds+=("$(time_to_ready "$java" "$dir/app/auth-server.jar" -XX:SharedArchiveFile="$dir/app.jsa")")
  done
  echo "| $label | $(printf '%s\n' "${fat[@]}" | median) | $(printf '%s\n' "${extracted[@]}" | median) | $(printf '%s\n' "${cds[@]}" | median) |"
done
