#!/usr/bin/env bash
# Starts the three-node example on this machine (docs/deployment.md, "A three-node cluster on one machine"):
# one OpenSearch node, the PostgreSQL database rampart_cluster, and three Rampart processes on the local RabbitMQ and
# PostgreSQL, each with its configuration file here (node1.yml, node2.yml, node3.yml) and its data in run/nodeN.
# stop.sh stops them. Needs RabbitMQ on 127.0.0.1:5672 (guest/guest) and PostgreSQL on 127.0.0.1:5432 (user postgres,
# trust), as the configuration files say.
#
# Env: OPENSEARCH_VERSION (default 3.6.0), OPENSEARCH_HEAP (default 512m).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUN="$HERE/run"
VERSION="${OPENSEARCH_VERSION:-3.6.0}"
HEAP="${OPENSEARCH_HEAP:-512m}"
OS_USER=rampart-cluster
DATABASE=rampart_cluster
log() { echo "cluster: $*" >&2; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for service in "RabbitMQ 5672" "PostgreSQL 5432"; do
  set -- $service
  listening "$2" || { log "$1 is not listening on 127.0.0.1:$2; start it first"; exit 1; }
done
mkdir -p "$RUN"

# OpenSearch: the integ-test distribution from Maven Central, as the store's tests and the benchmarks get it.
if curl -sf "http://127.0.0.1:9200/_cluster/health" >/dev/null 2>&1; then
  log "OpenSearch already answers on 127.0.0.1:9200: using it"
else
  OS_DIR="$RUN/opensearch"
  AS_USER=()
  if [ "$(id -u)" = 0 ]; then
    # OpenSearch refuses to run as root; its user must reach its folder, which a checkout under /root does not allow.
    id -u "$OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
    AS_USER=(runuser -u "$OS_USER" --)
    mkdir -p "$OS_DIR" && chown "$OS_USER" "$OS_DIR"
    "${AS_USER[@]}" test -w "$OS_DIR" || OS_DIR="/var/tmp/rampart-cluster-opensearch"
  fi
  DIST="$OS_DIR/opensearch-$VERSION"
  mkdir -p "$OS_DIR/data" "$OS_DIR/logs"
  if [ ! -x "$DIST/bin/opensearch" ]; then
    UNPACKED="$ROOT/rampart-store-opensearch/target/opensearch-node/opensearch-$VERSION"
    if [ -x "$UNPACKED/bin/opensearch" ]; then
      cp -a "$UNPACKED" "$DIST"
    else
      log "fetching org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip"
      copy=(org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy
            "-Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip" "-DoutputDirectory=$OS_DIR")
      (cd "$ROOT" && { mvn -o -B -q "${copy[@]}" 2>/dev/null || mvn -B -q "${copy[@]}"; })
      unzip -q -o "$OS_DIR/opensearch-$VERSION.zip" -d "$OS_DIR"
    fi
  fi
  [ "$(id -u)" = 0 ] && chown -R "$OS_USER" "$OS_DIR"
  JDK="${JAVA_HOME:-$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV | head -n1)}"
  log "starting OpenSearch $VERSION on 127.0.0.1:9200 (heap $HEAP, files in $OS_DIR)"
  "${AS_USER[@]}" env OPENSEARCH_JAVA_HOME="${JDK%/}" OPENSEARCH_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
    "$DIST/bin/opensearch" -d -p "$OS_DIR/opensearch.pid" \
    -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port=9200 -Etransport.port=9300 \
    -Epath.data="$OS_DIR/data" -Epath.logs="$OS_DIR/logs" -Ecluster.name=rampart-cluster \
    >"$RUN/opensearch-console.log" 2>&1 </dev/null   # the daemon must not hold this script's output open
  for i in $(seq 1 600); do
    curl -sf "http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && break
    if [ "$i" = 600 ]; then log "OpenSearch is not healthy after 300 s:"; tail -n 30 "$OS_DIR/logs/"*.log >&2; exit 1; fi
    sleep 0.5
  done
  cp "$OS_DIR/opensearch.pid" "$RUN/opensearch.pid"   # for stop.sh
  echo "$OS_DIR/logs" >"$RUN/opensearch-logs"
fi

if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  log "creating the PostgreSQL database $DATABASE"
  createdb -h 127.0.0.1 -U postgres "$DATABASE"
fi

"$ROOT/rampart" build   # once, before three processes would each try
for node in node1 node2 node3; do
  if [ -f "$RUN/$node.pid" ] && kill -0 "$(cat "$RUN/$node.pid")" 2>/dev/null; then
    log "$node is already running (pid $(cat "$RUN/$node.pid"))"
    continue
  fi
  (cd "$HERE" && exec "$ROOT/rampart" run --config "$node.yml" >"$RUN/$node.log" 2>&1) &
  echo $! >"$RUN/$node.pid"
done
for node in node1 node2 node3; do
  pid="$(cat "$RUN/$node.pid")"
  for i in $(seq 1 360); do
    grep -q '^rampart: .*(data in ' "$RUN/$node.log" 2>/dev/null && break
    if ! kill -0 "$pid" 2>/dev/null || [ "$i" = 360 ]; then
      log "$node did not start; its log:"; tail -n 30 "$RUN/$node.log" >&2; exit 1
    fi
    sleep 0.5
  done
  log "$node: $(grep -m1 '^rampart: .*(data in ' "$RUN/$node.log" | sed 's/^rampart: //')"
done

cat >&2 <<INFO
cluster: up. Where to look:
  events in       http://127.0.0.1:8080/events  (node 1's intake; e.g. curl -d '{"summary": "hello"}' ...)
  web UI          http://127.0.0.1:9090 (node 1)   http://127.0.0.1:9190 (node 3)
  REST API        http://127.0.0.1:8081 (node 1)   http://127.0.0.1:8181 (node 3); each node's service token is in
                  run/node1/api-token and run/node3/api-token (Bearer), or log in on either with the account below
  first login     $(grep -ho 'created the account .*' "$RUN"/node*.log | head -n1 || echo "admin: made by an earlier start")
  logs            $RUN/node{1,2,3}.log, OpenSearch's in $(cat "$RUN/opensearch-logs" 2>/dev/null || echo "its own folder")
  stores          OpenSearch http://127.0.0.1:9200 (events-*, alerts-*), PostgreSQL database $DATABASE, RabbitMQ queue eventtask
  stop            $HERE/stop.sh
INFO
