package org.rampart.store.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One real OpenSearch node per test JVM: the integ-test distribution the build unpacked ({@code rampart.opensearch.home};
 * an Elasticsearch one with the {@code elasticsearch-8} profile, started with its security off),
 * started on the first call on free loopback ports with a small heap, single-node discovery, and stopped by its PID
 * when the JVM exits. OpenSearch refuses to run as root: as root the node runs as the system user
 * {@value #NODE_USER} (created when missing) from a copy of the distribution that user owns. A fault test may kill the
 * node ({@link #kill()}) and start it again on the same ports and data ({@link #restart()}).
 * rampart-server's fault and cluster tests use it through this module's test-jar.
 */
public final class OpenSearchNode {
    static final String NODE_USER = "rampart-test";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    private static OpenSearchNode shared;

    private final URI url;
    /** A folder the node may write snapshots into (its {@code path.repo}). */
    private final Path snapshots;
    /** How to start the node again; null for an external cluster, which tests do not stop. */
    private final ProcessBuilder launcher;
    private final Path work;
    private Process process;

    private OpenSearchNode(URI url, Path snapshots, ProcessBuilder launcher, Path work) {
        this.url = url;
        this.snapshots = snapshots;
        this.launcher = launcher;
        this.work = work;
    }

    /**
     * The node of this JVM, started on first use; or, when {@code rampart.opensearch.url} is set, that running cluster
     * (another engine or version), with {@code rampart.opensearch.repo} a folder in its {@code path.repo}.
     */
    public static synchronized OpenSearchNode shared() {
        String external = System.getProperty("rampart.opensearch.url", "");
        if (shared == null && !external.isEmpty()) {
            shared = new OpenSearchNode(URI.create(external), Path.of(System.getProperty("rampart.opensearch.repo", "")),
                    null, null);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test OpenSearch node", e);
            }
        }
        return shared;
    }

    public URI url() {
        return url;
    }

    Path snapshots() {
        return snapshots;
    }

    /** True when this JVM started the node, so a test may kill and restart it. */
    public boolean local() {
        return launcher != null;
    }

    /** Kills the node (SIGKILL: no flush, no clean shutdown), keeping its data. */
    public synchronized void kill() throws InterruptedException {
        requireLocal();
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("OpenSearch process " + handle.pid() + " did not exit after SIGKILL", e);
            }
        }
    }

    /** Starts the node again on its ports and data (after {@link #kill()}) and waits until it is healthy. */
    public synchronized void restart() throws IOException {
        requireLocal();
        if (process.isAlive()) {
            throw new IllegalStateException("the OpenSearch node still runs");
        }
        process = launcher.start();
        awaitHealthy(process, url, work.resolve("console.log"));
    }

    private void requireLocal() {
        if (!local()) {
            throw new IllegalStateException("an external cluster (rampart.opensearch.url) is not stopped by tests");
        }
    }

    private static OpenSearchNode start() throws IOException {
        String home = System.getProperty("rampart.opensearch.home");
        if (home == null || !Files.isDirectory(Path.of(home))) {
            throw new IllegalStateException("no OpenSearch distribution at rampart.opensearch.home=" + home
                    + "; run the tests through Maven, which unpacks it into target/");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path work = Files.createTempDirectory("rampart-opensearch-");
        Path dist = Path.of(home);
        if (root) {
            // The node's user must own its folders and reach every parent, which a checkout under /root does not allow.
            dist = work.resolve("dist");
            run(List.of("cp", "-a", home, dist.toString()));
            ensureUser();
        }
        Path data = Files.createDirectories(work.resolve("data"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path repo = Files.createDirectories(work.resolve("snapshots"));
        if (root) {
            run(List.of("chown", "-R", NODE_USER + ":", work.toString()));
        }
        int httpPort = freePort();
        int transportPort = freePort();
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", NODE_USER, "--"));
        }
        // The Elasticsearch distribution (profile elasticsearch-8) has its own launcher, variables and security on.
        boolean elasticsearch = Files.exists(dist.resolve("bin/elasticsearch"));
        String engine = elasticsearch ? "elasticsearch" : "opensearch";
        command.add(dist.resolve("bin/" + engine).toString());
        List<String> settings = new ArrayList<>(List.of("discovery.type=single-node", "network.host=127.0.0.1",
                "http.port=" + httpPort, "transport.port=" + transportPort, "path.data=" + data, "path.logs=" + logs,
                "path.repo=" + repo, "cluster.name=rampart-test", "node.name=rampart-test",
                "cluster.routing.allocation.disk.threshold_enabled=false", "action.destructive_requires_name=false"));
        if (elasticsearch) {
            settings.addAll(List.of("xpack.security.enabled=false", "xpack.ml.enabled=false"));
        }
        settings.forEach(setting -> command.add("-E" + setting));
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("console.log").toFile()));
        String variables = elasticsearch ? "ES" : "OPENSEARCH";
        // OpenSearch 2.x turns the Security Manager on, which JDK 24 and later refuse: give it an older JDK.
        launcher.environment().put(variables + "_JAVA_HOME",
                System.getProperty("rampart.opensearch.java_home", System.getProperty("java.home")));
        launcher.environment().put(variables + "_JAVA_OPTS", "-Xms512m -Xmx512m");
        launcher.environment().remove("JAVA_TOOL_OPTIONS");
        OpenSearchNode node = new OpenSearchNode(URI.create("http://127.0.0.1:" + httpPort + "/"), repo, launcher, work);
        node.process = launcher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::stopAndDelete));
        try {
            awaitHealthy(node.process, node.url, work.resolve("console.log"));
        } catch (RuntimeException notUp) {
            // The next test starts another node: this one must not keep running beside it.
            node.stopAndDelete();
            throw notUp;
        }
        return node;
    }

    private static void awaitHealthy(Process process, URI url, Path console) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the OpenSearch node exited with " + process.exitValue() + ":\n"
                            + tail(console));
                }
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(url.resolve(
                            "/_cluster/health?wait_for_status=yellow&timeout=5s")).timeout(Duration.ofSeconds(10))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the OpenSearch node did not become healthy within " + START_TIMEOUT + ":\n"
                + tail(console));
    }

    /** Stops the node (runuser's child first) by PID and deletes its folders. */
    private synchronized void stopAndDelete() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind
        }
    }

    private static void ensureUser() throws IOException {
        Process id = new ProcessBuilder("id", "-u", NODE_USER).redirectErrorStream(true).start();
        try {
            if (id.waitFor() == 0) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NODE_USER));
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
