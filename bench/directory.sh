# The throwaway benchmark directory (DemoDirectory.java serving bench-directory.ldif, 200 agents), for run.sh and
# ready.sh when no LDAP server listens on the benchmark's port. Sourced, not run.
UNBOUNDID_JAR="${UNBOUNDID_JAR:-$HOME/.m2/repository/com/unboundid/unboundid-ldapsdk/7.0.5/unboundid-ldapsdk-7.0.5.jar}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_directory PORT LOG [command prefix, e.g. nice...]: sets DIRECTORY_PID; fails if nothing listens within 20 s.
start_directory() {
  local port="$1" log="$2" dir
  shift 2
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  [[ -f "$dir/bench-directory.ldif" ]] \
    || java -cp "$UNBOUNDID_JAR" "$dir/DemoDirectory.java" generate "$dir/bench-directory.ldif" 200
  "$@" java -cp "$UNBOUNDID_JAR" "$dir/DemoDirectory.java" serve "$dir/bench-directory.ldif" "$port" \
    >"$log" 2>&1 </dev/null &
  DIRECTORY_PID=$!
  for _ in $(seq 1 100); do port_open "$port" && return 0; sleep 0.2; done
  return 1
}
