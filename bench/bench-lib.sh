# Helpers shared by the bench scripts; source it, do not run it.

bench_log() { echo "bench: $*" >&2; }

bench_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

# A JDK >= 21: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
bench_find_jdk() {
  local c v
  for c in ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c="${c%/}"
    [ -x "$c/bin/java" ] || continue
    v="$(bench_java_major "$c")"
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}

# The first port from $1 on that nothing on 127.0.0.1 listens on.
bench_free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# Samples the resident set of process $1 each second while it lives, keeping the largest (KiB) in file $2 and, in
# file $2.split, "RssAnon RssFile" (KiB) at that peak: anonymous memory (heap, native) is what the process really
# holds, file-backed pages (Lucene's mmapped index files) are page cache the kernel can drop. Prints the sampler's pid.
bench_sample_rss() {
  ( max=0; while kill -0 "$1" 2>/dev/null; do
      read -r r anon file < <(awk '/^VmRSS:/ {r = $2} /^RssAnon:/ {a = $2} /^RssFile:/ {f = $2}
                                   END { if (r != "") print r, a, f }' "/proc/$1/status" 2>/dev/null) || true
      if [ -n "${r:-}" ] && [ "$r" -gt "$max" ]; then max="$r"; echo "$max" > "$2"; echo "$anon $file" > "$2.split"; fi
      sleep 1
    done ) >/dev/null 2>&1 &
  echo $!
}

# Builds the bench (and the modules it needs) when its classes or libraries are missing.
bench_build_if_missing() {
  local root="$1"
  if [ ! -d "$root/bench/target/classes/org/rampart/bench" ] || [ ! -d "$root/bench/target/lib" ]; then
    bench_log "building the bench"
    (cd "$root" && nice -n 10 mvn -o -q -B -pl bench -am install -DskipTests)
  fi
}

# CPU seconds (user + system) process $1 has used so far, from /proc.
bench_cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / tck }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Every thread of process $1 with its CPU ticks so far, one "tid name user system" line each (name without spaces).
# One cat for all threads: it reads on past a thread that ends meanwhile.
bench_thread_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null \
    | awk '{ name = $0; sub(/^[^(]*\(/, "", name); sub(/\) [^)]*$/, "", name); gsub(/ /, "_", name)
             tid = $1; sub(/^.*\) /, ""); print tid, name, $12, $13 }' || true
}

# CPU seconds by thread group between two bench_thread_ticks files $1 (before) and $2 (after), threads started in
# between counted from zero, groups named without their numbers ("GC_Thread#1" -> "GC_Thread#",
# "ForkJoinPool-1-worker-2" -> "ForkJoinPool#-worker#"), the largest first, the kernel's share (system time: system
# calls, the network stack, fsync) after a slash: one "THREADS group=seconds/system-seconds ..." line. Threads that
# ended in between (Lucene's merge threads) are gone from /proc: given the process's CPU seconds over the same span
# as $3, what they used is the rest, "exited_threads=".
bench_thread_cpu_delta() {
  awk -v tck="$(getconf CLK_TCK)" -v total="${3:-}" 'NR == FNR { user[$1] = $3; sys[$1] = $4; next }
    { g = $2; gsub(/[#-][0-9]+/, "#", g); sub(/[0-9]+$/, "", g)
      cpu[g] += ($3 + $4 - user[$1] - sys[$1]) / tck; kernel[g] += ($4 - sys[$1]) / tck }
    END { for (g in cpu) { sum += cpu[g]; if (cpu[g] >= 0.05) printf "%.1f %s %.1f\n", cpu[g], g, kernel[g] }
          if (total != "") printf "%.1f exited_threads -\n", total - sum }' "$1" "$2" \
    | sort -rn | awk 'BEGIN { printf "THREADS" } { printf " %s=%s", $2, $1; if ($3 != "-") printf "/%s", $3 } END { print "" }'
}

# Starts Rampart (./rampart run from checkout $1) on data folder $2 with intake port $3 and REST port $4, logging to $5;
# waits until both ports answer and the API token exists (up to 5 minutes: a busy machine slows a cold JVM down a
# lot). Sets RAMPART_PID (./rampart execs java, so it is the server's JVM); returns 1 if it did not come up.
bench_start_rampart() {
  local web i
  web="$(bench_free_port $(($4 + 300)))"
  RAMPART_DATA_DIR="$2" RAMPART_INTAKE_PORT="$3" RAMPART_REST_PORT="$4" RAMPART_WEB_PORT="$web" \
    RAMPART_BIND=127.0.0.1 "$1/rampart" run >"$5" 2>&1 &
  RAMPART_PID=$!
  for i in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$3/status" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$4/status" >/dev/null 2>&1 \
      && [ -s "$2/api-token" ] && return 0
    if ! kill -0 "$RAMPART_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  bench_log "Rampart did not come up; its log:"; tail -n 30 "$5" >&2
  return 1
}

# Stops the Rampart started by bench_start_rampart: SIGTERM (it drains its workers into the store), SIGKILL after 90 s.
bench_stop_rampart() {
  kill "$RAMPART_PID" 2>/dev/null || true
  for _ in $(seq 1 180); do kill -0 "$RAMPART_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$RAMPART_PID" 2>/dev/null || true
  wait "$RAMPART_PID" 2>/dev/null || true
}

# Fetches OpenSearch $OPENSEARCH_VERSION (default 3.6.0) through Maven into bench/target/opensearch of checkout $1,
# starts one node on 127.0.0.1 with heap $2 on a fresh data folder, as the system user rampart-bench (OpenSearch
# refuses to run as root), and waits until it is healthy (up to 5 minutes: on a machine busy with other work the
# node has taken two). Sets OPENSEARCH_URL, OPENSEARCH_PID and OPENSEARCH_RUN (its data and logs); returns 1 if it
# did not come up. bench_stop_opensearch stops it.
bench_start_opensearch() {
  local version="${OPENSEARCH_VERSION:-3.6.0}" user=rampart-bench target="$1/bench/target/opensearch" port tport i
  local dist="$target/opensearch-$version"
  OPENSEARCH_RUN="$target/run" OPENSEARCH_PID=""
  if [ ! -f "$target/opensearch-$version.zip" ]; then
    bench_log "fetching org.opensearch.distribution.integ-test-zip:opensearch:$version:zip"
    mkdir -p "$target"
    local copy=(org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy
          "-Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$version:zip" "-DoutputDirectory=$target")
    (cd "$1/bench" && { mvn -o -B -q "${copy[@]}" 2>/dev/null || mvn -B -q "${copy[@]}"; }) || return 1
  fi
  [ -x "$dist/bin/opensearch" ] || unzip -q -o "$target/opensearch-$version.zip" -d "$target" || return 1
  if ! id -u "$user" >/dev/null 2>&1; then
    bench_log "creating system user $user"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  rm -rf "$OPENSEARCH_RUN"
  mkdir -p "$OPENSEARCH_RUN/data" "$OPENSEARCH_RUN/logs"
  chown -R "$user" "$dist" "$OPENSEARCH_RUN"
  port="$(bench_free_port 19200)"
  tport="$(bench_free_port $((port + 100)))"
  bench_log "starting OpenSearch $version on 127.0.0.1:$port (heap $2, JDK $JAVA_HOME)"
  runuser -u "$user" -- env OPENSEARCH_JAVA_HOME="$JAVA_HOME" OPENSEARCH_JAVA_OPTS="-Xms$2 -Xmx$2" \
    "$dist/bin/opensearch" -d -p "$OPENSEARCH_RUN/opensearch.pid" \
    -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port="$port" -Etransport.port="$tport" \
    -Epath.data="$OPENSEARCH_RUN/data" -Epath.logs="$OPENSEARCH_RUN/logs" -Ecluster.name=rampart-bench -Enode.name=bench
  OPENSEARCH_URL="http://127.0.0.1:$port"
  for i in $(seq 1 600); do
    if curl -sf "$OPENSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      OPENSEARCH_PID="$(cat "$OPENSEARCH_RUN/opensearch.pid")"
      bench_log "healthy after ~$((i / 2)) s, pid $OPENSEARCH_PID"
      return 0
    fi
    sleep 0.5
  done
  bench_log "OpenSearch did not become healthy in 300 s; its log:"; tail -n 40 "$OPENSEARCH_RUN/logs/"*.log >&2 || true
  return 1
}

# Stops the node bench_start_opensearch started (if it wrote its pid file): SIGTERM, SIGKILL after 30 s.
bench_stop_opensearch() {
  local pid
  [ -n "${OPENSEARCH_RUN:-}" ] && [ -f "$OPENSEARCH_RUN/opensearch.pid" ] || return 0
  pid="$(cat "$OPENSEARCH_RUN/opensearch.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$OPENSEARCH_RUN/opensearch.pid"
  bench_log "OpenSearch stopped"
}
