#!/usr/bin/env bash
# Stops what start.sh started: the three Rampart processes (SIGTERM: each drains and commits what it holds), then the
# OpenSearch node if start.sh started it. Data stays in run/ and in the PostgreSQL database rampart_cluster; to forget
# everything: rm -rf run && dropdb -h 127.0.0.1 -U postgres rampart_cluster.
set -uo pipefail
RUN="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/run"

stop_pid_file() { # name, pid file
  [ -f "$2" ] || return 0
  local pid; pid="$(cat "$2")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 360); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "cluster: $1 still running after 180 s; SIGKILL" >&2; kill -9 "$pid"; }
    echo "cluster: $1 stopped" >&2
  fi
  rm -f "$2"
}

for node in node1 node2 node3; do
  stop_pid_file "$node" "$RUN/$node.pid"
done
stop_pid_file OpenSearch "$RUN/opensearch.pid"
