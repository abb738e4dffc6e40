#!/usr/bin/env bash
# Turns a gateway benchmark's raw figures (bench/results/raw/<stamp>-gateway/runs.txt, one wrk run a line) into
# Markdown: per point (label, store, JDK, connections, pacing), the median over the runs of each target's requests/s,
# p50, p99, and the added latency over the upstream hit directly (median p50/p99 minus direct's, same point), with the
# CPU the target used, the CPU other processes used, the load average, the gateway's RSS. Rerunnable.
#
#   bench/gateway/report.sh bench/results/raw/<stamp>-gateway [more raw dirs…]
set -euo pipefail
(($#)) || { echo "usage: $0 RAW_DIR..." >&2; exit 2; }

for dir in "$@"; do cat "$dir/runs.txt"; done | awk '
function field(name,   i, kv) {
  for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
  return ""
}
function median(list,   n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  if (n == 0) return ""
  return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
  point = field("label") SUBSEP field("mode") SUBSEP field("jdk") SUBSEP field("conns") SUBSEP field("pace_ms")
  key = point SUBSEP field("target")
  if (!(point in seen)) { seen[point] = 1; points[++np] = point }
  if (!(key in runs)) targets[point] = targets[point] " " field("target")
  runs[key]++
  rps[key] = rps[key] " " field("rps"); p50[key] = p50[key] " " field("p50_ms"); p99[key] = p99[key] " " field("p99_ms")
  cores[key] = cores[key] " " field("server_cores"); other[key] = other[key] " " field("other_cores")
  loadavg[key] = loadavg[key] " " field("load1"); rss[key] = rss[key] " " field("rss_max_kb")
  errors[key] += field("non2xx") + field("socket_errors")
}
END {
  print "| build | store | JDK | connections | offered load | target | requests/s | p50 ms | p99 ms | added p50 ms | added p99 ms | target CPU (cores) | other CPU (cores) | load avg | max RSS MB | runs | errors |"
  print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for (i = 1; i <= np; i++) {
    point = points[i]; split(point, p, SUBSEP)
    direct = point SUBSEP "direct"
    n = split(substr(targets[point], 2), ts, " ")
    for (j = 1; j <= n; j++) {
      key = point SUBSEP ts[j]
      m50 = median(p50[key]); m99 = median(p99[key])
      add50 = (ts[j] != "direct" && (direct in runs)) ? sprintf("%.2f", m50 - median(p50[direct])) : ""
      add99 = (ts[j] != "direct" && (direct in runs)) ? sprintf("%.2f", m99 - median(p99[direct])) : ""
      offered = (p[5] == 0) ? "saturation" : sprintf("~%d/s (random pauses, mean %d ms)", p[4] * 1000 / p[5], p[5])
      r = median(rss[key])
      printf "| %s | %s | %s | %s | %s | %s | %.0f | %.2f | %.2f | %s | %s | %.2f | %.2f | %.1f | %s | %d | %d |\n",
        p[1], p[2], p[3], p[4], offered, ts[j], median(rps[key]), m50, m99, add50, add99, median(cores[key]),
        median(other[key]), median(loadavg[key]), (r > 0) ? sprintf("%.0f", r / 1024) : "", runs[key], errors[key]
    }
  }
}'
