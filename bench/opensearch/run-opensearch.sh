#!/usr/bin/env bash
# The OpenSearch baseline: fetches the OpenSearch distribution through Maven into bench/target/opensearch,
# starts one node on 127.0.0.1 as the system user rampart-bench (OpenSearch refuses to run as root),
# feeds it the bench corpus through _bulk with OpenSearchBulkBaseline, prints the result, stops the node.
#
# Usage: bench/opensearch/run-opensearch.sh [OpenSearchBulkBaseline options: --events N --connections C --batch B ...]
# Env:   OPENSEARCH_VERSION (default 3.6.0), OPENSEARCH_HEAP (default 1g), BENCH_JAVA_OPTS (the feeder's JVM),
#        BENCH_CLASSES (the feeder's classes; default bench/target/classes),
#        OPENSEARCH_THEN (a command run after the feeder, node still up, with OPENSEARCH_URL and OPENSEARCH_PID set).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
HEAP="${OPENSEARCH_HEAP:-1g}"

. "$BENCH/bench-lib.sh"

JDK="$(bench_find_jdk)" || { bench_log "no JDK >= 21 in JAVA_HOME or /usr/lib/jvm"; exit 1; }
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
bench_build_if_missing "$ROOT"

SAMPLER=""
stop() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  bench_stop_opensearch
}
trap stop EXIT
trap "exit 130" INT TERM

bench_start_opensearch "$ROOT" "$HEAP" || exit 1
PID="$OPENSEARCH_PID"
RUN="$OPENSEARCH_RUN"

SAMPLER="$(bench_sample_rss "$PID" "$RUN/rss-max-kb")"

CPU_BEFORE="$(bench_cpu_seconds "$PID")"
bench_thread_ticks "$PID" > "$RUN/threads-before.txt"
java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "${BENCH_CLASSES:-$BENCH/target/classes}:$BENCH/target/lib/*" org.rampart.bench.OpenSearchBulkBaseline \
  --opensearch "$OPENSEARCH_URL" "$@"
CPU_AFTER="$(bench_cpu_seconds "$PID")"
bench_thread_ticks "$PID" > "$RUN/threads-after.txt"
SERVER_CPU="$(awk -v a="$CPU_AFTER" -v b="$CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }')"
# The CPU by thread group, on stderr (the leg's log): stdout is the leg's RESULT and RSS lines.
bench_thread_cpu_delta "$RUN/threads-before.txt" "$RUN/threads-after.txt" "$SERVER_CPU" >&2
echo "RSS system=opensearch rss_max_mb=$(( $(cat "$RUN/rss-max-kb" 2>/dev/null || echo 0) / 1024 )) heap=$HEAP" \
  "server_cpu_s=$SERVER_CPU"
# More legs on the same node before it stops (bench/cluster/run-cluster-bench.sh): a command given its URL and PID.
if [ -n "${OPENSEARCH_THEN:-}" ]; then OPENSEARCH_URL="$OPENSEARCH_URL" OPENSEARCH_PID="$PID" "$OPENSEARCH_THEN"; fi
