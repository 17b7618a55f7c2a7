#!/usr/bin/env bash
# How Rampart's costs grow (issue 14, target 6): ingest CPU per event with N events already stored (GrowthIngest),
# journal replay time per million events after a crash (GrowthReplay), and startup time of `rampart run` on a data
# folder with D daily partitions against an empty one. Every figure is a `RESULT leg=growth-...` line in
# bench/results/growth-<time>/growth.txt; the plot of them is drawn into the same folder (bench/plot-growth.sh).
#
# Usage: bench/growth-bench.sh [--stored N[,N...]] [--events M] [--data-root DIR] [--reuse] [--replay-events R]
#                              [--days D] [--per-day E] [--parts "ingest replay startup"] [--search STORED=MS[,...]]
# The loaded stores (DIR/growth-10m, DIR/growth-30m, DIR/growth-<D>d) are kept for the next run with --reuse.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
. "$BENCH/bench-lib.sh"

STORED=0,10000000,30000000 EVENTS=500000 DATA_ROOT=/var/tmp REUSE=() REPLAY_EVENTS=1000000 DAYS=30 PER_DAY=100000
PARTS="ingest replay startup" SEARCH=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stored) STORED="$2"; shift 2 ;;
    --events) EVENTS="$2"; shift 2 ;;
    --data-root) DATA_ROOT="$2"; shift 2 ;;
    --reuse) REUSE=(--reuse); shift ;;
    --replay-events) REPLAY_EVENTS="$2"; shift 2 ;;
    --days) DAYS="$2"; shift 2 ;;
    --per-day) PER_DAY="$2"; shift 2 ;;
    --parts) PARTS="$2"; shift 2 ;;
    --search) SEARCH=(--search "$2"); shift 2 ;;
    *) sed -n '7,8p' "$0" >&2; exit 2 ;;
  esac
done

JDK="$(bench_find_jdk)" || { bench_log "no JDK >= 21 found"; exit 1; }
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
bench_build_if_missing "$ROOT"
OUT="$BENCH/results/growth-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT" "$DATA_ROOT"
# The run's own copy of the bench classes, so that rebuilding the bench during a long run cannot break a later part.
cp -r "$BENCH/target/classes" "$OUT/classes"
BENCH_JVM=(java -Xmx2g --add-modules jdk.incubator.vector -Drampart.geoip.dir="$ROOT/build/geoip"
  -cp "$OUT/classes:$BENCH/target/lib/*" ${BENCH_JAVA_OPTS:-})
RESULTS="$OUT/growth.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/machine.txt"

for part in $PARTS; do
  case "$part" in
    ingest)
      bench_log "ingest CPU per event with $STORED events stored"
      "${BENCH_JVM[@]}" org.rampart.bench.GrowthIngest --stored "$STORED" --events "$EVENTS" --data-root "$DATA_ROOT" \
        "${REUSE[@]}" 2>"$OUT/ingest.log" | tee -a "$RESULTS"
      ;;
    replay)
      bench_log "journal replay of $REPLAY_EVENTS events"
      "${BENCH_JVM[@]}" org.rampart.bench.GrowthReplay --events "$REPLAY_EVENTS" 2>"$OUT/replay.log" | tee -a "$RESULTS"
      ;;
    startup)
      FILLED="$DATA_ROOT/growth-${DAYS}d"
      bench_log "startup: $DAYS daily partitions of $PER_DAY events in $FILLED, against an empty data folder"
      "${BENCH_JVM[@]}" org.rampart.bench.GrowthPartitions --data "$FILLED" --days "$DAYS" --per-day "$PER_DAY" \
        "${REUSE[@]}" 2>"$OUT/partitions.log" | tee -a "$OUT/partitions.txt"
      "$ROOT/rampart" build    # a build must not be timed as startup
      declare -A STARTUP=()
      for folder in empty filled; do
        # A hard-link copy (Lucene never rewrites a file), so that the server's own writes do not change the kept folder.
        DATA="$(mktemp -d "$DATA_ROOT/growth-startup.XXXXXX")"
        [ "$folder" = filled ] && cp -al "$FILLED/." "$DATA/"
        IN="$(bench_free_port 18080)"; REST="$(bench_free_port $((IN + 300)))"
        START="$(date +%s%N)"
        if bench_start_rampart "$ROOT" "$DATA" "$IN" "$REST" "$OUT/startup-$folder.log"; then
          # Ready means intake takes an event, not only that its port answers.
          for _ in $(seq 1 600); do
            curl -sf -o /dev/null -d '{"summary": "growth startup probe"}' "http://127.0.0.1:$IN/events" && break
            sleep 0.05
          done
          STARTUP[$folder]="$(awk -v s="$START" -v e="$(date +%s%N)" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')"
        fi
        bench_stop_rampart
        rm -rf "$DATA"
      done
      echo "RESULT leg=growth-startup partitions=$DAYS per_day=$PER_DAY seconds=${STARTUP[filled]:-} empty_seconds=${STARTUP[empty]:-}" \
        "load_avg=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
      ;;
    *) bench_log "unknown part $part"; exit 2 ;;
  esac
done

"$BENCH/plot-growth.sh" --results "$RESULTS" --out "$OUT/benchmarks-growth.png" "${SEARCH[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $RESULTS" | tee -a "$OUT/machine.txt"
