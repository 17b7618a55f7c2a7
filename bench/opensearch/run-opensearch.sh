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
VERSION="${OPENSEARCH_VERSION:-3.6.0}"
HEAP="${OPENSEARCH_HEAP:-1g}"
OS_USER=rampart-bench
TARGET="$BENCH/target/opensearch"
DIST="$TARGET/opensearch-$VERSION"
RUN="$TARGET/run"

. "$BENCH/bench-lib.sh"
log() { echo "run-opensearch: $*" >&2; }

JDK="$(bench_find_jdk)" || { log "no JDK >= 21 in JAVA_HOME or /usr/lib/jvm"; exit 1; }
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"

if [ ! -f "$TARGET/opensearch-$VERSION.zip" ]; then
  log "fetching org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip"
  mkdir -p "$TARGET"
  copy=(org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy
        "-Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip" "-DoutputDirectory=$TARGET")
  (cd "$BENCH" && { mvn -o -B -q "${copy[@]}" 2>/dev/null || mvn -B -q "${copy[@]}"; })
fi
if [ ! -x "$DIST/bin/opensearch" ]; then
  unzip -q -o "$TARGET/opensearch-$VERSION.zip" -d "$TARGET"
fi
bench_build_if_missing "$ROOT"

if ! id -u "$OS_USER" >/dev/null 2>&1; then
  log "creating system user $OS_USER"
  useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
fi
rm -rf "$RUN"
mkdir -p "$RUN/data" "$RUN/logs"
chown -R "$OS_USER" "$DIST" "$RUN"

PORT="$(bench_free_port 19200)"
TPORT="$(bench_free_port $((PORT + 100)))"
PIDFILE="$RUN/opensearch.pid"
log "starting OpenSearch $VERSION on 127.0.0.1:$PORT (heap $HEAP, JDK $JDK)"
runuser -u "$OS_USER" -- env OPENSEARCH_JAVA_HOME="$JDK" OPENSEARCH_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
  "$DIST/bin/opensearch" -d -p "$PIDFILE" \
  -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port="$PORT" -Etransport.port="$TPORT" \
  -Epath.data="$RUN/data" -Epath.logs="$RUN/logs" -Ecluster.name=rampart-bench -Enode.name=bench

SAMPLER=""
stop() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  if [ -f "$PIDFILE" ]; then
    local pid; pid="$(cat "$PIDFILE")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    log "OpenSearch stopped"
  fi
}
trap stop EXIT
trap "exit 130" INT TERM

# Up to 5 minutes: on a machine busy with other work the node has taken two.
for i in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then break; fi
  if [ "$i" = 600 ]; then log "OpenSearch did not become healthy in 300 s; its log:"; tail -n 40 "$RUN/logs/"*.log >&2 || true; exit 1; fi
  sleep 0.5
done
PID="$(cat "$PIDFILE")"
log "healthy after ~$((i / 2)) s, pid $PID"

SAMPLER="$(bench_sample_rss "$PID" "$RUN/rss-max-kb")"

CPU_BEFORE="$(bench_cpu_seconds "$PID")"
java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "${BENCH_CLASSES:-$BENCH/target/classes}:$BENCH/target/lib/*" org.rampart.bench.OpenSearchBulkBaseline \
  --opensearch "http://127.0.0.1:$PORT" "$@"
CPU_AFTER="$(bench_cpu_seconds "$PID")"
echo "RSS system=opensearch rss_max_mb=$(( $(cat "$RUN/rss-max-kb" 2>/dev/null || echo 0) / 1024 )) heap=$HEAP" \
  "server_cpu_s=$(awk -v a="$CPU_AFTER" -v b="$CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }')"
# More legs on the same node before it stops (bench/cluster/run-cluster-bench.sh): a command given its URL and PID.
if [ -n "${OPENSEARCH_THEN:-}" ]; then OPENSEARCH_URL="http://127.0.0.1:$PORT" OPENSEARCH_PID="$PID" "$OPENSEARCH_THEN"; fi
