#!/usr/bin/env bash
# Side-by-side benchmark on one corpus: raw Lucene (the machine's limit), OpenSearch's _bulk (what a user
# would run instead) and Rampart end to end (first byte sent -> all events searchable). Prints one table and
# keeps every leg's output under bench/results/<time>/.
#
# Usage: bench/run-all.sh [--events N] [--connections C] [--batch B] [--mix corpus|synthetic] [--threads T]
#                         [--single-connections S] [--legs "lucene opensearch os-pipeline rampart single"]
#                         [--streaming-rate R] [--search-events N] [--search-args "..."] [--growth-args "..."]
# Legs: lucene (raw Lucene), opensearch (_bulk), os-pipeline (_bulk through an ingest pipeline doing Rampart's work:
# renames, lower-casing, dates, GeoIP), rampart (_bulk end to end), single (Rampart's /events, one event per request,
# S connections, default 64; its p99 is the ack latency). Default legs: lucene opensearch os-pipeline rampart single.
# Leg os-enriched (not a default): the opensearch leg fed the corpus as Rampart stores it (each event through Rampart's
# pipeline in the load generator first), so OpenSearch indexes Rampart's documents without doing the work that made them.
# Leg streaming (not a default; after rampart): StreamingLatency, event 2xx -> alert searchable, under corpus traffic
# at 80 % of the rampart leg's end-to-end rate, or at R events/s with --streaming-rate.
# Leg not run by default: search (bench/search-bench.sh: searches over --search-events N stored events, default 1 M,
# Rampart next to OpenSearch loaded with the same N events, about 6 min for 10 M; --search-args "--opensearch-events M"
# loads fewer; its table is appended to this run's).
# Leg not run by default: growth (bench/growth-bench.sh: ingest CPU per event with 0/10 M/30 M stored, journal
# replay, startup with 30 daily partitions; --growth-args "..." passes its options, e.g. "--reuse"). --search-args
# "..." passes options to bench/search-bench.sh the same way (e.g. "--data /var/tmp/search-bench-10m --reuse").
# Env:   RAMPART_JAVA_OPTS: extra JVM options for Rampart. BENCH_JAVA_OPTS: for the bench JVMs. BENCH_NMT=1: Native
#        Memory Tracking (summary) in the rampart and single legs, its committed total in the table (costs a little).
# Server CPU by thread group (workers, intake, JIT compilers, GC, ...): the THREADS line of <leg>-threads.txt for
# the rampart and single legs, of <leg>.log for the OpenSearch legs.
# Rampart runs from this checkout (./rampart run) on a fresh temporary data folder and free ports; the load generator
# counts its events with POST /query/count and the API token Rampart writes to <data.dir>/api-token.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
. "$BENCH/bench-lib.sh"

EVENTS=1000000 CONNECTIONS=16 BATCH=1000 THREADS=2 MIX=corpus SINGLE_CONNECTIONS=64 STREAMING_RATE=""
SEARCH_EVENTS=1000000 SEARCH_ARGS="" GROWTH_ARGS=""
LEGS="lucene opensearch os-pipeline rampart single"
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --mix) MIX="$2"; shift 2 ;;
    --single-connections) SINGLE_CONNECTIONS="$2"; shift 2 ;;
    --legs) LEGS="$2"; shift 2 ;;
    --streaming-rate) STREAMING_RATE="$2"; shift 2 ;;
    --search-events) SEARCH_EVENTS="$2"; shift 2 ;;
    --search-args) SEARCH_ARGS="$2"; shift 2 ;;
    --growth-args) GROWTH_ARGS="$2"; shift 2 ;;
    *) echo "usage: $0 [--events N] [--connections C] [--batch B] [--mix corpus|synthetic] [--threads T]" \
            "[--single-connections S] [--legs \"lucene opensearch os-pipeline os-enriched rampart single streaming search growth\"]" \
            "[--streaming-rate R] [--search-events N] [--search-args \"...\"] [--growth-args \"...\"]" >&2; exit 2 ;;
  esac
done

# "used-of-committed" heap in MB from jcmd GC.heap_info (G1 prints "... committed NK, used NK").
heap_used_of_committed() {
  sed -n -E 's/.*(committed|total) ([0-9]+)K, used ([0-9]+)K.*/\3 \2/p' "$1" | head -n1 \
    | awk '{ printf "%dMB-of-%dMB", $1 / 1024, $2 / 1024 }'
}
# The heap's bound (-Xmx, what G1 reserves) in MB from the same output ("... total reserved NK, committed ...").
heap_reserved_mb() {
  sed -n -E 's/.*reserved ([0-9]+)K, committed.*/\1/p' "$1" | head -n1 | awk '{ printf "%d", $1 / 1024 }'
}

JDK="$(bench_find_jdk)" || { bench_log "no JDK >= 21 found"; exit 1; }
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
OUT="$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
BENCH_JVM=(java -Xmx2g --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:-})

case " $LEGS " in *" rampart "*|*" single "*) bench_log "building Rampart"; "$ROOT/rampart" build ;; esac
bench_build_if_missing "$ROOT"
# The run's own copy of the bench classes, so that rebuilding the bench during a long run cannot break a later leg.
cp -r "$BENCH/target/classes" "$OUT/classes"
export BENCH_CLASSES="$OUT/classes"
CP="$BENCH_CLASSES:$BENCH/target/lib/*"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus: $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1))"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "jdk: $(java -version 2>&1 | head -n1)"
  echo "disk: $(df -h "$BENCH" | awk 'NR==2 {print $1, $2, "free", $4}')"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "events: $EVENTS, connections: $CONNECTIONS, batch: $BATCH, mix: $MIX, lucene threads: $THREADS," \
    "single-event connections: $SINGLE_CONNECTIONS"
} | tee "$OUT/machine.txt"

for leg in $LEGS; do
  case "$leg" in
    lucene)
      bench_log "raw Lucene baseline"
      "${BENCH_JVM[@]}" -cp "$CP" org.rampart.bench.RawLuceneBaseline --events "$EVENTS" --threads "$THREADS" --mix "$MIX" \
        >"$OUT/raw-lucene.txt" 2>&1 &
      LPID=$!
      SAMPLER="$(bench_sample_rss "$LPID" "$OUT/raw-lucene-rss-max-kb")"
      wait "$LPID" || true
      kill "$SAMPLER" 2>/dev/null || true
      read -r ANON FILE 2>/dev/null < "$OUT/raw-lucene-rss-max-kb.split" || ANON=0 FILE=0
      echo "RSS system=raw-lucene rss_max_mb=$(( $(cat "$OUT/raw-lucene-rss-max-kb" 2>/dev/null || echo 0) / 1024 ))" \
        "rss_anon_mb=$(( ANON / 1024 )) rss_file_mb=$(( FILE / 1024 )) heap=max-2g" >> "$OUT/raw-lucene.txt"
      cat "$OUT/raw-lucene.txt"
      ;;
    opensearch|os-pipeline|os-enriched)
      bench_log "OpenSearch _bulk baseline ($leg)"
      case "$leg" in
        os-pipeline) EXTRA=(--pipeline) ;;
        os-enriched) EXTRA=(--enriched --system os-enriched --geoip-dir "$ROOT/build/geoip") ;;
        *) EXTRA=() ;;
      esac
      timeout 900 "$BENCH/opensearch/run-opensearch.sh" --events "$EVENTS" --connections "$CONNECTIONS" \
        --batch "$BATCH" --mix "$MIX" "${EXTRA[@]}" 2>"$OUT/$leg.log" | tee "$OUT/$leg.txt" || true
      ;;
    rampart|single)
      bench_log "Rampart end to end ($leg)"
      if [ "$leg" = single ]; then PATH_=/events CONNS="$SINGLE_CONNECTIONS"; else PATH_=/_bulk CONNS="$CONNECTIONS"; fi
      DATA="$(mktemp -d /tmp/rampart-bench.XXXXXX)"
      IN="$(bench_free_port 18080)"; REST="$(bench_free_port $((IN + 300)))"
      UP=""
      OPTS_BEFORE="${RAMPART_JAVA_OPTS:-}"
      [ -n "${BENCH_NMT:-}" ] && export RAMPART_JAVA_OPTS="$OPTS_BEFORE -XX:NativeMemoryTracking=summary"
      bench_start_rampart "$ROOT" "$DATA" "$IN" "$REST" "$OUT/$leg-server.log" && UP=yes
      export RAMPART_JAVA_OPTS="$OPTS_BEFORE"
      RPID="$RAMPART_PID"
      if [ -n "$UP" ]; then
        SAMPLER="$(bench_sample_rss "$RPID" "$OUT/$leg-rss-max-kb")"
        CPU_BEFORE="$(bench_cpu_seconds "$RPID")"
        bench_thread_ticks "$RPID" > "$OUT/$leg-threads-before.txt"
        timeout 600 "${BENCH_JVM[@]}" -cp "$CP" org.rampart.bench.LoadGenerator --system "$leg" \
          --url "http://127.0.0.1:$IN$PATH_" --events "$EVENTS" --connections "$CONNS" --batch "$BATCH" --mix "$MIX" \
          --count-url "http://127.0.0.1:$REST/query/count" --count-token-file "$DATA/api-token" \
          | tee "$OUT/$leg.txt" || true
        CPU_AFTER="$(bench_cpu_seconds "$RPID")"
        bench_thread_ticks "$RPID" > "$OUT/$leg-threads-after.txt"
        SERVER_CPU="$(awk -v a="$CPU_AFTER" -v b="$CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }')"
        bench_thread_cpu_delta "$OUT/$leg-threads-before.txt" "$OUT/$leg-threads-after.txt" "$SERVER_CPU" \
          > "$OUT/$leg-threads.txt"
        jcmd "$RPID" GC.heap_info > "$OUT/$leg-heap.txt" 2>&1 || true
        NMT=""
        if [ -n "${BENCH_NMT:-}" ]; then
          jcmd "$RPID" VM.native_memory summary > "$OUT/$leg-nmt.txt" 2>&1 || true
          NMT="nmt_committed_mb=$(sed -n -E 's/^Total: reserved=[0-9]+KB, committed=([0-9]+)KB.*/\1/p' "$OUT/$leg-nmt.txt" \
            | awk '{ printf "%d", $1 / 1024 }')"
        fi
        read -r ANON FILE 2>/dev/null < "$OUT/$leg-rss-max-kb.split" || ANON=0 FILE=0
        echo "RSS system=$leg rss_max_mb=$(( $(cat "$OUT/$leg-rss-max-kb" 2>/dev/null || echo 0) / 1024 ))" \
          "rss_anon_mb=$(( ANON / 1024 )) rss_file_mb=$(( FILE / 1024 ))" \
          "heap=$(heap_used_of_committed "$OUT/$leg-heap.txt") heap_max_mb=$(heap_reserved_mb "$OUT/$leg-heap.txt") $NMT" \
          "server_cpu_s=$SERVER_CPU" \
          | tee -a "$OUT/$leg.txt"
        cat "$OUT/$leg-threads.txt"
        # What the load left in the store (each Lucene segment has one .si file); OpenSearch's legs print the same line.
        echo "INDEX system=$leg store_mb=$(du -sm "$DATA/store" | cut -f1)" \
          "segments=$(find "$DATA/store" -name '*.si' | wc -l)" | tee -a "$OUT/$leg.txt"
        kill "$SAMPLER" 2>/dev/null || true
      fi
      # Its data folder goes only once the process is gone.
      bench_stop_rampart
      rm -rf "$DATA"
      ;;
    streaming)
      # Corpus traffic at 80 % of the rampart leg's end-to-end rate from this run, unless given.
      RATE="${STREAMING_RATE:-$(grep -h '^RESULT' "$OUT/rampart.txt" 2>/dev/null | tr ' ' '\n' \
        | sed -n 's/^e2e_eps=//p' | awk '{ printf "%d", 0.8 * $1 }')}"
      if [ -z "$RATE" ]; then bench_log "streaming: run the rampart leg before it or give --streaming-rate"; exit 2; fi
      bench_log "streaming rule latency under $RATE corpus events/s"
      "${BENCH_JVM[@]}" -cp "$CP" org.rampart.bench.StreamingLatency 30 "$RATE" 500ms 15 corpus \
        >"$OUT/streaming.txt" 2>"$OUT/streaming.log" || true
      grep -v '^RESULT' "$OUT/streaming.txt" || true
      ;;
    search)
      bench_log "search over $SEARCH_EVENTS stored events"
      "$BENCH/search-bench.sh" --events "$SEARCH_EVENTS" \
        --opensearch-events "$SEARCH_EVENTS" $SEARCH_ARGS 2>"$OUT/search.log" \
        | tee "$OUT/search.txt" || true
      grep '^|' "$OUT/search.txt" > "$OUT/search-table.md" || true
      ;;
    growth)
      bench_log "how costs grow (bench/growth-bench.sh $GROWTH_ARGS)"
      # shellcheck disable=SC2086  # the options are words on purpose
      "$BENCH/growth-bench.sh" $GROWTH_ARGS 2>"$OUT/growth.log" | tee "$OUT/growth.txt" || true
      ;;
    *) bench_log "unknown leg $leg"; exit 2 ;;
  esac
done

# One table from the RESULT and RSS lines of each leg.
value() { # file key
  [ -f "$1" ] || return 0
  grep -h '^RESULT\|^RSS' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n1
}
LUCENE="$(value "$OUT/raw-lucene.txt" e2e_eps)"
OPENSEARCH="$(value "$OUT/opensearch.txt" e2e_eps)"
ratio() { # value reference
  awk -v v="$1" -v r="$2" 'BEGIN { if (v == "" || r == "" || r == 0 || v == "NaN") print "-"; else printf "%.0f %%", 100 * v / r }'
}
per_cpu() { # events cpu-seconds
  awk -v e="$1" -v c="$2" 'BEGIN { if (e == "" || c == "" || c == 0) print "-"; else printf "%.0f", e / c }'
}
{
  echo
  echo "| system | events | intake events/s | end-to-end events/s | of raw Lucene | of OpenSearch | p50 ms | p99 ms | max ms | errors | RSS max MB | RssAnon MB | RssFile MB | heap | heap max MB | NMT committed MB | server CPU s | events per server CPU s | load generator CPU s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for leg in raw-lucene opensearch os-pipeline os-enriched rampart single; do
    f="$OUT/$leg.txt"
    [ -f "$f" ] || continue
    e2e="$(value "$f" e2e_eps)"
    echo "| $leg | $(value "$f" accepted) | $(value "$f" intake_eps) | ${e2e:--} | $(ratio "$e2e" "$LUCENE") |" \
         "$(ratio "$e2e" "$OPENSEARCH") | $(value "$f" p50_ms) | $(value "$f" p99_ms) | $(value "$f" max_ms) |" \
         "$(value "$f" errors) | $(value "$f" rss_max_mb) | $(value "$f" rss_anon_mb) | $(value "$f" rss_file_mb) |" \
         "$(value "$f" heap) | $(value "$f" heap_max_mb) | $(value "$f" nmt_committed_mb) | $(value "$f" server_cpu_s) |" \
         "$(per_cpu "$(value "$f" accepted)" "$(value "$f" server_cpu_s)") | $(value "$f" client_cpu_s) |"
  done
  INDEX_LINES="$(grep -h '^INDEX' "$OUT"/opensearch.txt "$OUT"/os-pipeline.txt "$OUT"/os-enriched.txt \
    "$OUT"/rampart.txt "$OUT"/single.txt 2>/dev/null | cut -d' ' -f2- | sed 's/^/- /' || true)"
  if [ -n "$INDEX_LINES" ]; then
    echo
    echo "what each leg left in its index (refreshes, flushes and merges: OpenSearch's own count):"
    echo "$INDEX_LINES"
  fi
  if [ -f "$OUT/streaming.txt" ]; then
    echo
    echo "streaming rule latency (event 2xx -> alert searchable): $(grep -h '^RESULT' "$OUT/streaming.txt" | cut -d' ' -f2-)"
  fi
  echo
  if [ -s "$OUT/search-table.md" ]; then echo; echo "Search over $SEARCH_EVENTS stored events:"; cat "$OUT/search-table.md"; fi
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); outputs in $OUT"
} | tee "$OUT/table.md"
