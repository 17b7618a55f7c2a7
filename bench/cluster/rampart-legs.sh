#!/usr/bin/env bash
# Legs (b) and (c) of run-cluster-bench.sh: Rampart with transport: rabbitmq and store.type: opensearch, one intake
# process and 1, then 2, worker processes, on the OpenSearch node run-opensearch.sh keeps up (OPENSEARCH_URL and
# OPENSEARCH_PID, from OPENSEARCH_THEN). Run by run-cluster-bench.sh, which sets the CLUSTER_BENCH_* variables.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(dirname "$HERE")"
ROOT="$(dirname "$BENCH")"
. "$BENCH/bench-lib.sh"
OUT="$CLUSTER_BENCH_OUT"
CP="$BENCH/target/classes:$BENCH/target/lib/*"
# The exchange stays (durable, empty, no bindings once the leg's queue is gone); each leg has its own queue.
EXCHANGE=rampart-bench

consumers() { # queue: consumers on it, 0 while it does not exist
  rabbitmqctl -q list_queues name consumers 2>/dev/null | awk -v q="$1" '$1 == q { print $2; found = 1 } END { if (!found) print 0 }'
}

# Starts ./rampart run with roles $1 on a fresh data folder under $DIR, logging to $2; prints nothing, sets STARTED.
# The rest of its configuration comes from the RAMPART_* variables exported by the leg.
start_node() {
  local data; data="$(mktemp -d "$DIR/node.XXXXXX")"
  local in rest web
  in="$(bench_free_port 18080)"; rest="$(bench_free_port $((in + 300)))"; web="$(bench_free_port $((rest + 300)))"
  RAMPART_ROLES="$1" RAMPART_DATA_DIR="$data" RAMPART_INTAKE_PORT="$in" RAMPART_REST_PORT="$rest" \
    RAMPART_WEB_PORT="$web" "$ROOT/rampart" run >"$2" 2>&1 &
  STARTED=$! STARTED_PORT="$in"
}

cpu() { # pids...: their CPU seconds summed
  local p total=0
  for p in "$@"; do total="$(awk -v a="$total" -v b="$(bench_cpu_seconds "$p")" 'BEGIN { print a + b }')"; done
  echo "$total"
}

leg() { # workers name
  local workers="$1" name="$2" queue="rampart-bench-$1w-$$" prefix="bench-$1w-" pids=() i
  local os="$OPENSEARCH_URL"
  bench_log "leg $name: 1 intake, $workers worker process(es)"
  DIR="$(mktemp -d /tmp/rampart-cluster-bench.XXXXXX)"
  export RAMPART_BIND=127.0.0.1 RAMPART_TRANSPORT=rabbitmq RAMPART_RABBITMQ_EXCHANGE="$EXCHANGE" \
    RAMPART_RABBITMQ_QUEUE="$queue" RAMPART_RABBITMQ_ROUTING_KEY="$queue" RAMPART_STORE_TYPE=opensearch \
    RAMPART_STORE_OPENSEARCH_URL="$os" RAMPART_STORE_OPENSEARCH_REPLICAS=0 RAMPART_STORE_OPENSEARCH_INDEX_PREFIX="$prefix"
  for i in $(seq 1 "$workers"); do
    local opts="${RAMPART_JAVA_OPTS:-}"
    if [ "$i" = 1 ] && [ -n "${PROFILE_WORKER:-}" ]; then
      opts="$opts -XX:StartFlightRecording=filename=$OUT/worker.jfr,settings=profile"
    fi
    RAMPART_JAVA_OPTS="$opts" start_node worker "$OUT/$name-worker-$i.log"
    pids+=("$STARTED")
  done
  local workers_up=""
  for _ in $(seq 1 100); do
    [ "$(consumers "$queue")" -ge "$workers" ] && { workers_up=yes; break; }
    sleep 3
  done
  start_node intake "$OUT/$name-intake.log"
  local intake="$STARTED" port="$STARTED_PORT" intake_up=""
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/status" >/dev/null 2>&1 && { intake_up=yes; break; }
    kill -0 "$intake" 2>/dev/null || break
    sleep 0.5
  done
  if [ -n "$workers_up" ] && [ -n "$intake_up" ]; then
    local i0 w0 o0 i1 w1 o1 each=()
    i0="$(cpu "$intake")" w0="$(cpu "${pids[@]}")" o0="$(cpu "$OPENSEARCH_PID")"
    for p in "${pids[@]}"; do each+=("$(cpu "$p")"); done
    timeout 900 java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$CP" org.rampart.bench.LoadGenerator --system "$name" \
      --url "http://127.0.0.1:$port/_bulk" --events "$CLUSTER_BENCH_EVENTS" --connections "$CLUSTER_BENCH_CONNECTIONS" \
      --batch "$CLUSTER_BENCH_BATCH" --count-url "$os/${prefix}events-*/_count" --count-method GET --count-field /count \
      --refresh-url "$os/${prefix}events-*/_refresh" --wait-seconds 600 | tee "$OUT/$name.txt" || true
    i1="$(cpu "$intake")" w1="$(cpu "${pids[@]}")" o1="$(cpu "$OPENSEARCH_PID")"
    echo "CPU system=$name" \
      "intake_cpu_s=$(awk -v a="$i1" -v b="$i0" 'BEGIN { printf "%.1f", a - b }')" \
      "worker_cpu_s=$(awk -v a="$w1" -v b="$w0" 'BEGIN { printf "%.1f", a - b }')" \
      "opensearch_cpu_s=$(awk -v a="$o1" -v b="$o0" 'BEGIN { printf "%.1f", a - b }')" \
      "each_worker_cpu_s=$(for i in "${!pids[@]}"; do
          awk -v a="$(cpu "${pids[$i]}")" -v b="${each[$i]}" 'BEGIN { printf "%.1f,", a - b }'; done | sed 's/,$//')" \
      | tee -a "$OUT/$name.txt"
  else
    bench_log "leg $name did not come up (workers: ${workers_up:-no}, intake: ${intake_up:-no}); logs in $OUT"
  fi
  # SIGTERM: intake stops, each worker commits and acknowledges what it holds (then the JFR recording is written).
  for p in "$intake" "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "$intake" "${pids[@]}"; do
    for _ in $(seq 1 180); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rabbitmqctl -q delete_queue "$queue" >/dev/null 2>&1 || true
  curl -s -XDELETE "$os/${prefix}*" >/dev/null || true
  curl -s -XDELETE "$os/_index_template/${prefix}rampart-mozdef" >/dev/null || true
  rm -rf "$DIR"
}

# The direct leg's index goes first, so each leg starts on a node holding no other events.
curl -s -XDELETE "$OPENSEARCH_URL/events" >/dev/null || true
PROFILE_WORKER="$CLUSTER_BENCH_PROFILE" leg 1 rampart-1-worker
PROFILE_WORKER="" leg 2 rampart-2-workers
if [ -f "$OUT/worker.jfr" ]; then
  jfr view --width 160 hot-methods "$OUT/worker.jfr" > "$OUT/worker-hot-methods.txt" 2>&1 || true
fi
