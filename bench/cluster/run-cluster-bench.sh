#!/usr/bin/env bash
# Ingest through RabbitMQ into OpenSearch, next to OpenSearch's own _bulk, on one OpenSearch node and one corpus:
#   (a) the corpus fed straight to OpenSearch's _bulk (bench/opensearch/run-opensearch.sh, the run-all.sh leg);
#   (b) Rampart with transport: rabbitmq and store.type: opensearch, one intake process and one worker process;
#   (c) the same with two worker processes.
# Every leg is end to end: first byte sent -> OpenSearch's _count shows every acknowledged event. Reports events/s,
# CPU seconds of every server process (from /proc), CPU µs per event, the ratio to (a), and a JFR profile of the worker
# of leg (b) (its hottest frames). Prints one table; every leg's output stays under bench/results/cluster-<time>/.
#
# Usage: bench/cluster/run-cluster-bench.sh [--events N] [--connections C] [--batch B] [--no-profile]
#        bench/cluster/run-cluster-bench.sh --table bench/results/cluster-<time>   (the table of an earlier run again)
# Needs: the local RabbitMQ (127.0.0.1:5672, guest/guest; rabbitmqctl to watch and delete the bench's queues).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(dirname "$HERE")"
ROOT="$(dirname "$BENCH")"
. "$BENCH/bench-lib.sh"

EVENTS=200000 CONNECTIONS=16 BATCH=1000 PROFILE=yes TABLE_ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --no-profile) PROFILE=""; shift ;;
    --table) TABLE_ONLY="$2"; shift 2 ;;
    *) echo "usage: $0 [--events N] [--connections C] [--batch B] [--no-profile] | --table DIR" >&2; exit 2 ;;
  esac
done

run() {
  JDK="$(bench_find_jdk)" || { bench_log "no JDK >= 21 found"; exit 1; }
  export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"

  # Packaged, not installed (other checkouts share ~/.m2); the stamp tells ./rampart this build is current.
  if [ ! -f "$ROOT/rampart-server/target/.rampart-built" ] || [ ! -d "$BENCH/target/lib" ]; then
    bench_log "building rampart-server and the bench"
    "$ROOT/scripts/fetch-geoip.sh" "$ROOT/build/geoip"
    (cd "$ROOT" && nice -n 10 mvn -o -q -B -pl rampart-server,bench -am package -DskipTests)
    touch "$ROOT/rampart-server/target/.rampart-built"
  fi

  OUT="$BENCH/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$OUT"
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpus: $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1))"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
    echo "jdk: $(java -version 2>&1 | head -n1)"
    echo "rabbitmq: $(rabbitmqctl -q version 2>/dev/null || echo '?')"
    echo "uptime before: $(uptime)"
    echo "events: $EVENTS, connections: $CONNECTIONS, batch: $BATCH"
  } | tee "$OUT/machine.txt"

  # (a) on a fresh node, then (b) and (c) on the same node before it stops.
  export CLUSTER_BENCH_OUT="$OUT" CLUSTER_BENCH_EVENTS="$EVENTS" CLUSTER_BENCH_CONNECTIONS="$CONNECTIONS"
  export CLUSTER_BENCH_BATCH="$BATCH" CLUSTER_BENCH_PROFILE="$PROFILE"
  bench_log "OpenSearch _bulk, then Rampart over RabbitMQ with 1 and 2 workers"
  OPENSEARCH_THEN="$HERE/rampart-legs.sh" timeout 3600 "$BENCH/opensearch/run-opensearch.sh" --events "$EVENTS" \
    --connections "$CONNECTIONS" --batch "$BATCH" 2>"$OUT/opensearch.log" | tee "$OUT/opensearch.txt" || true
}

value() { # file key: the first key=value of the file's RESULT and CPU lines
  [ -f "$1" ] || return 0
  grep -h '^RESULT\|^RSS\|^CPU' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n1
}
if [ -n "$TABLE_ONLY" ]; then OUT="$TABLE_ONLY"; else run; fi
DIRECT="$(value "$OUT/opensearch.txt" e2e_eps)"
{
  echo
  echo "| leg | events | end-to-end events/s | of direct \`_bulk\` | intake CPU s | worker CPU s | OpenSearch CPU s | Rampart µs CPU per event | all µs CPU per event | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for leg in opensearch rampart-1-worker rampart-2-workers; do
    f="$OUT/$leg.txt"
    [ -f "$f" ] || continue
    n="$(value "$f" accepted)" e2e="$(value "$f" e2e_eps)"
    # opensearch.txt also holds what the later legs printed (they run inside run-opensearch.sh): only its own lines.
    if [ "$leg" = opensearch ]; then
      search="$(value "$f" server_cpu_s)" intake="" workers=""
    else
      search="$(value "$f" opensearch_cpu_s)" intake="$(value "$f" intake_cpu_s)" workers="$(value "$f" worker_cpu_s)"
    fi
    awk -v leg="$leg" -v n="$n" -v e2e="$e2e" -v direct="$DIRECT" -v intake="$intake" -v workers="$workers" \
        -v search="$search" -v p50="$(value "$f" p50_ms)" -v p99="$(value "$f" p99_ms)" -v errors="$(value "$f" errors)" '
      function per(cpu) { return (n > 0 && cpu != "" && cpu > 0) ? sprintf("%.0f", 1e6 * cpu / n) : "-" }
      BEGIN {
        ratio = (direct > 0 && e2e != "") ? sprintf("%.0f %%", 100 * e2e / direct) : "-"
        rampart = (intake == "" && workers == "") ? "" : intake + workers
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", leg, n, e2e, ratio,
          (intake == "" ? "-" : intake), (workers == "" ? "-" : workers), search, per(rampart), per(rampart + search),
          p50, p99, errors
      }'
  done
  echo
  [ -n "$TABLE_ONLY" ] || echo "uptime after: $(uptime); outputs in $OUT"
  if [ -f "$OUT/worker-hot-methods.txt" ]; then
    echo; echo "worker of rampart-1-worker, JFR hot methods (top frames of the CPU samples):"; echo
    head -n 30 "$OUT/worker-hot-methods.txt"
  fi
} | tee "$OUT/table.md"
