#!/usr/bin/env bash
# Long fuzz runs (docs/fuzzing.md). `./rampart test` only replays the committed inputs; this mutates new ones.
#   scripts/fuzz.sh list                      every fuzz target, as Class#method
#   scripts/fuzz.sh [TARGET] [DURATION]       fuzz TARGET (Class#method, or Class for each of its methods; default:
#                                             every target, one after the other) for DURATION each (default 5m)
# A finding fails the run and leaves its input in src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>,
# where every later build replays it. The generated corpus stays in <module>/.cifuzz-corpus/ (not committed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

targets() { # every @FuzzTest method as module:Class#method
  grep -rl --include='*FuzzTest.java' '@FuzzTest' -- */src/test/java | sort | while read -r file; do
    module="${file%%/*}" class="$(basename "$file" .java)"
    grep -A1 '@FuzzTest' "$file" | sed -n 's/^ *void \([A-Za-z0-9_]*\)(.*/\1/p' | while read -r method; do
      echo "$module:$class#$method"
    done
  done
}

if [ "${1:-}" = list ]; then targets | cut -d: -f2; exit 0; fi
target="${1:-}" duration="${2:-5m}"
selected="$(targets | awk -F: -v t="$target" 't == "" || $2 == t || index($2, t "#") == 1')"
[ -n "$selected" ] || { echo "fuzz: no target '$target'; see: scripts/fuzz.sh list" >&2; exit 2; }

if [ -z "${JAVA_HOME:-}" ]; then JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*2[1-9]* 2>/dev/null | head -n1)"; fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

for entry in $selected; do
  module="${entry%%:*}" test="${entry#*:}"
  echo "fuzz: $test ($module) for $duration" >&2
  # JAZZER_FUZZ: mutate instead of replaying. jazzer.internal.arg.N are libFuzzer's argv (0 is the program name): an
  # input that takes over 10 s is a finding. Memory is bounded by surefire's -Xmx (an OutOfMemoryError is a finding).
  JAZZER_FUZZ=1 mvn -B -Dstyle.color=never -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="$duration" -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout=10 \
    -Drampart.geoip.dir="$ROOT/build/geoip"
done
