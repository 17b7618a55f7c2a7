package org.rampart.server.transport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code rampart run} in a process of its own on this test's class path, its output in a log file: started,
 * awaited ready, killed (SIGKILL) or stopped (SIGTERM), always by its own handle. Small on purpose, beside
 * CrashRecoveryTest's harness, so the two can be merged later.
 */
public final class RampartProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RampartProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** When a started process is ready; an IOException counts as not yet. */
    @FunctionalInterface
    public interface Ready {
        boolean check(RampartProcess process) throws Exception;
    }

    /** Starts {@code rampart run --config config}; {@code ready} is polled until true (the process must stay alive). */
    public static RampartProcess start(Path config, Path logDir, String name, Ready ready) throws IOException {
        Path log = Files.createTempFile(logDir, name, ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                org.rampart.server.Main.class.getName(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RampartProcess started = new RampartProcess(process, log);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + started.log());
            }
            try {
                return ready.check(started);
            } catch (IOException e) {
                return false;
            }
        });
        return started;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the broker. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and waits for the graceful stop (drain, commit, acknowledge). */
    public void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("no graceful stop within 90 s:\n" + log());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
