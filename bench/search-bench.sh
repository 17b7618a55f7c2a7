#!/usr/bin/env bash
# Search over stored events, Rampart next to OpenSearch: SearchBenchmark loads N events into an embedded Rampart
# store (or reuses a finished load with --reuse), starts an OpenSearch node (bench-lib.sh) and loads M events of the
# same generator over the same days into it, then times full-text, term, wildcard, range, terms-aggregation top-20
# and query-string searches over 24 h and 7 days on both. Prints one markdown table and RESULT lines.
#
# Usage: bench/search-bench.sh [--events N] [--data DIR [--reuse]] [--opensearch-events M] [--repeat R] [--days D]
#                              [other SearchBenchmark options: --size, --threads, --seed, --pool, --queries q1,q2]
# --opensearch-events 0 runs Rampart alone (no node started). Env: OPENSEARCH_HEAP (default 1g),
# BENCH_JAVA_OPTS (the benchmark JVM's options, default heap 2 GB), BENCH_CLASSES (default bench/target/classes).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
. "$BENCH/bench-lib.sh"

OPENSEARCH_EVENTS=2000000
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --opensearch-events) OPENSEARCH_EVENTS="$2"; shift 2 ;;
    --reuse) ARGS+=("$1"); shift ;;
    --events|--data|--repeat|--days|--size|--threads|--seed|--pool|--queries) ARGS+=("$1" "$2"); shift 2 ;;
    *) sed -n '7,10p' "$0" >&2; exit 2 ;;
  esac
done

JDK="$(bench_find_jdk)" || { bench_log "no JDK >= 21 in JAVA_HOME or /usr/lib/jvm"; exit 1; }
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
bench_build_if_missing "$ROOT"

trap bench_stop_opensearch EXIT
trap "exit 130" INT TERM
if [ "$OPENSEARCH_EVENTS" -gt 0 ]; then
  bench_start_opensearch "$ROOT" "${OPENSEARCH_HEAP:-1g}" || exit 1
  ARGS+=(--opensearch "$OPENSEARCH_URL")
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:-} -cp "${BENCH_CLASSES:-$BENCH/target/classes}:$BENCH/target/lib/*" \
  org.rampart.bench.SearchBenchmark --opensearch-events "$OPENSEARCH_EVENTS" "${ARGS[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
