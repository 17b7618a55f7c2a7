#!/usr/bin/env bash
# Photographs each page of the web UI over the demo's data into docs/screenshots/ (the README shows two of them):
# runs rampart-server's DemoWalkthroughTest in Debian's chromium (/usr/bin/chromium) with rampart.screenshots set.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -pl rampart-server -am test -Dtest=DemoWalkthroughTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Drampart.geoip.dir="$ROOT/build/geoip" -Drampart.screenshots="$ROOT/docs/screenshots"
ls -1 "$ROOT/docs/screenshots"
