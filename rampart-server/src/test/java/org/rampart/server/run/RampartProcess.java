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
 * entry, its roles and transport). Each start logs to a file of its own, shown when the server does not come up.
 */
public final class RampartProcess implements AutoCloseable {
    private final Path dir;
    private final Path data;
    private final int intakePort;
    private final int restPort;
    private final Path config;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>();
    private Process process;
    private Path log;

    /** When a started process is ready; an IOException counts as not yet. */
    @FunctionalInterface
    public interface Ready {
        boolean check(RampartProcess process) throws Exception;
    }

    private RampartProcess(Path dir, Path data, Path config) throws IOException {
        this.dir = dir;
        this.data = data;
        this.intakePort = freePort();
        this.restPort = freePort();
        this.config = config;
    }

    /** A server keeping its data in {@code data}, its configuration and logs in {@code dir}. */
    public RampartProcess(Path dir, Path data) throws IOException {
        this(dir, data, dir.resolve("rampart.yml"));
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
                """.formatted(data.toString().replace("\\", "/"), intakePort, restPort, freePort()));
    }

    /**
     * A server started with the configuration file {@code config} as it is (an example's, say), with only its data
     * folder and listening ports set over it, to {@code data} and free ports; its logs in {@code dir}.
     */
    public static RampartProcess withConfig(Path dir, Path data, Path config) throws IOException {
        RampartProcess process = new RampartProcess(dir, data, config);
        return process.set("data.dir", data.toString()).set("intake.port", String.valueOf(process.intakePort))
                .set("rest.port", String.valueOf(process.restPort)).set("web.port", String.valueOf(freePort()));
    }

    /** Sets configuration key {@code key} for the next starts. */
    public RampartProcess set(String key, String value) {
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
    public RampartProcess start() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + intakePort + "/status")).build();
        return start(process -> {
            client.send(status, HttpResponse.BodyHandlers.discarding());
            return true;
        });
    }

    /** Starts the server and polls {@code ready} until true, for a process without intake (a worker, a scheduler). */
    public RampartProcess start(Ready ready) throws IOException {
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
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new AssertionError("Rampart exited with " + started.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                return ready.check(this);
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** SIGKILL on Linux: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: intake stops, the workers drain the journal into the store, commit and checkpoint; fails after 180 s. */
    public void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            throw new AssertionError("no graceful stop within 180 s:\n" + Files.readString(log));
        }
    }

    /** What the last start logged. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public int intakePort() {
        return intakePort;
    }

    public int restPort() {
        return restPort;
    }

    public Path data() {
        return data;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
