package org.rampart.server.run;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Rampart server in its own JVM, for the fault tests: the test's data folder, free ports, configuration keys
 * passed as {@code RAMPART_*} environment variables, and the fault a test needs (SIGKILL, a JVM option, a class path
 * entry). Each start logs to a file of its own, shown when the server does not come up.
 */
final class RampartProcess implements AutoCloseable {
    private final Path dir;
    private final Path data;
    private final int intakePort;
    private final Path config;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>();
    private Process process;
    private Path log;

    /** A server keeping its data in {@code data}, its configuration and logs in {@code dir}. */
    RampartProcess(Path dir, Path data) throws IOException {
        this.dir = dir;
        this.data = data;
        this.intakePort = freePort();
        this.config = dir.resolve("rampart.yml");
        Files.writeString(config, """
                data:
                  dir: "%s"
                bind: 127.0.0.1
                intake:
                  port: %d
                rest:
                  port: %d
                web:
                  port: %d
                store:
                  commit_interval: 700ms
                pipeline:
                  workers: 2
                  batch_size: 200
                mozdef:
                  hostname: faulttest
                """.formatted(data.toString().replace("\\", "/"), intakePort, freePort(), freePort()));
    }

    /** Sets configuration key {@code key} for the next starts. */
    RampartProcess set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Adds a JVM option for the next starts. */
    RampartProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Drops the JVM options added so far. */
    RampartProcess clearJvmOptions() {
        jvmOptions.clear();
        return this;
    }

    /** Puts {@code entry} on the class path of the next starts, ahead of the test class path. */
    RampartProcess classPath(Path entry) {
        classPath.add(entry);
        return this;
    }

    /** Starts the server and waits until intake answers {@code /status} (200, or 503 when it refuses events). */
    RampartProcess start() throws IOException {
        log = Files.createTempFile(dir, "rampart", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmOptions);
        List<String> path = new ArrayList<>(classPath.stream().map(Path::toString).toList());
        path.add(System.getProperty("java.class.path"));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, path), org.rampart.server.Main.class.getName(),
                "run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        settings.forEach((key, value) -> builder.environment()
                .put("RAMPART_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        Process started = builder.start();
        process = started;
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + intakePort + "/status")).build();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new AssertionError("Rampart exited with " + started.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                client.send(status, HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** SIGKILL on Linux: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: intake stops, the workers drain the journal into the store, commit and checkpoint; fails after 180 s. */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            throw new AssertionError("no graceful stop within 180 s:\n" + Files.readString(log));
        }
    }

    /** What the last start logged. */
    String log() throws IOException {
        return Files.readString(log);
    }

    int intakePort() {
        return intakePort;
    }

    Path data() {
        return data;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
