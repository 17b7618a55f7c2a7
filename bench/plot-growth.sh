#!/usr/bin/env bash
# Draws the growth plot from the growth bench's RESULT lines (GrowthPlot, java.awt headless).
#
# Usage: bench/plot-growth.sh --results FILE [--search STORED=MS[,STORED=MS...]] [--out PNG]
# --search takes the search benchmark's p99 by events stored, e.g. --search 1000000=12.5,10000000=48.
# --out defaults to docs/benchmarks-growth.png (committed: it is documentation).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bench/bench-lib.sh"
JDK="$(bench_find_jdk)" || { bench_log "no JDK >= 21 found"; exit 1; }
bench_build_if_missing "$ROOT"
cd "$ROOT"
exec "$JDK/bin/java" -Djava.awt.headless=true -cp "bench/target/classes:bench/target/lib/*" org.rampart.bench.GrowthPlot "$@"
