#!/usr/bin/env bash
# The snapshot round trip at scale (issue 13: "./rampart snapshot round-trips a million events onto a fresh data
# folder"): loads N events (default 1,000,000) into a fresh Rampart through /_bulk and waits until all are searchable,
# counts them, stops the server, takes `./rampart snapshot create` of the stopped data folder, restores it with
# `./rampart snapshot restore --data` into another empty folder, starts Rampart there and counts again.
# Prints the machine, each step's time, the snapshot's size and one RESULT line; outputs in bench/results/<time>-snapshot/.
#
# Usage: bench/snapshot-million.sh [--events N] [--connections C] [--batch B]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
. "$BENCH/bench-lib.sh"

EVENTS=1000000 CONNECTIONS=8 BATCH=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    *) echo "usage: $0 [--events N] [--connections C] [--batch B]" >&2; exit 2 ;;
  esac
done

JDK="$(bench_find_jdk)" || { bench_log "no JDK >= 21 found"; exit 1; }
export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
OUT="$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)-snapshot"
WORK="$(mktemp -d /tmp/rampart-snapshot.XXXXXX)"
DATA="$WORK/data" RESTORED="$WORK/restored" SNAPSHOTS="$WORK/snapshots"
mkdir -p "$OUT"
trap 'bench_stop_rampart; rm -rf "$WORK"' EXIT
RAMPART_PID=""
"$ROOT/rampart" build
bench_build_if_missing "$ROOT"
CP="$BENCH/target/classes:$BENCH/target/lib/*"
IN="$(bench_free_port 18080)"; REST="$(bench_free_port $((IN + 300)))"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus: $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1))"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "jdk: $(java -version 2>&1 | head -n1)"
  echo "disk: $(df -h "$WORK" | awk 'NR==2 {print $1, $2, "free", $4}')"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "events: $EVENTS, connections: $CONNECTIONS, batch: $BATCH"
} | tee "$OUT/machine.txt"

# The events the running server (data folder $1) finds, all time, every event partition.
count_events() {
  curl -sf -X POST -H "Authorization: Bearer $(cat "$1/api-token")" -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$REST/query/count" | sed -n 's/.*"count" *: *\([0-9]*\).*/\1/p'
}
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

bench_log "loading $EVENTS events"
bench_start_rampart "$ROOT" "$DATA" "$IN" "$REST" "$OUT/server-load.log"
java -Xmx1g --add-modules jdk.incubator.vector -cp "$CP" org.rampart.bench.LoadGenerator --system rampart \
  --url "http://127.0.0.1:$IN/_bulk" --events "$EVENTS" --connections "$CONNECTIONS" --batch "$BATCH" \
  --max-seconds 3600 --count-url "http://127.0.0.1:$REST/query/count" \
  --count-token-file "$DATA/api-token" --wait-seconds 3600 \
  | tee "$OUT/load.txt"
BEFORE="$(count_events "$DATA")"
bench_stop_rampart
bench_log "stored: $BEFORE events; data folder $(du -sh "$DATA" | cut -f1)"

# The server is stopped, so create opens the data folder itself (its REST port is the stopped server's: no other
# Rampart on this machine is asked).
export RAMPART_DATA_DIR="$DATA" RAMPART_REST_PORT="$REST" RAMPART_BIND=127.0.0.1
T="$(date +%s.%N)"
"$ROOT/rampart" snapshot create "$SNAPSHOTS" 2>&1 | tr '\r' '\n' | tee "$OUT/create.txt"
CREATE_S="$(seconds_since "$T")"
NAME="$(basename "$(ls -d "$SNAPSHOTS"/snapshot-* | head -n1)")"
SNAPSHOT_BYTES="$(du -sb "$SNAPSHOTS/$NAME" | cut -f1)"

T="$(date +%s.%N)"
"$ROOT/rampart" snapshot restore "$NAME" --dir "$SNAPSHOTS" --data "$RESTORED" 2>&1 | tr '\r' '\n' | tee "$OUT/restore.txt"
RESTORE_S="$(seconds_since "$T")"
unset RAMPART_DATA_DIR RAMPART_REST_PORT RAMPART_BIND

bench_start_rampart "$ROOT" "$RESTORED" "$IN" "$REST" "$OUT/server-restored.log"
AFTER="$(count_events "$RESTORED")"
bench_stop_rampart

echo "RESULT events=$EVENTS before=$BEFORE after=$AFTER lost=$((BEFORE - AFTER)) snapshot_bytes=$SNAPSHOT_BYTES" \
  "create_s=$CREATE_S restore_s=$RESTORE_S load_average_after=$(cut -d' ' -f1 /proc/loadavg)" | tee "$OUT/result.txt"
[ "$BEFORE" = "$EVENTS" ] && [ "$AFTER" = "$BEFORE" ]
