#!/usr/bin/env bash
# Copies the web UI's JavaScript libraries and map data from pinned npm packages into DIR, at build time: the UI never
# loads anything from a CDN. The packages are cached in CACHE (once per pinned version).
set -euo pipefail
DIR="$1"
CACHE="$2"
# package@version, then the files of it the UI serves.
PACKAGES=(
  "d3@7.9.0 dist/d3.min.js LICENSE"
  "topojson-client@3.1.0 dist/topojson-client.min.js LICENSE"
  "world-atlas@2.0.2 countries-110m.json LICENSE"
)

mkdir -p "$DIR" "$CACHE"
for entry in "${PACKAGES[@]}"; do
  read -r spec files <<<"$entry"
  name="${spec%@*}"
  if [ ! -f "$CACHE/$spec.ok" ]; then
    command -v npm >/dev/null || { echo "fetch-assets: npm is needed to fetch $spec (apt-get install npm)" >&2; exit 1; }
    unpacked="$(mktemp -d)"
    (cd "$unpacked" && npm pack --silent "$spec" >/dev/null 2>&1) || { echo "fetch-assets: npm pack $spec failed" >&2; exit 1; }
    rm -rf "${CACHE:?}/$name" && mkdir -p "$CACHE/$name"
    tar -xzf "$unpacked"/*.tgz -C "$CACHE/$name" --strip-components=1
    rm -rf "$unpacked"
    touch "$CACHE/$spec.ok"
  fi
  mkdir -p "$DIR/$name"
  for f in $files; do cp "$CACHE/$name/$f" "$DIR/$name/"; done
done
