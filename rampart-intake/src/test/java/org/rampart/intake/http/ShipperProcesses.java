package org.rampart.intake.http;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real shipper programs run by the tests: found on the PATH, run to completion, or started and stopped; and the
 * syslog lines the syslog daemons among them are fed.
 */
public final class ShipperProcesses {
    private ShipperProcesses() {}

    /** True when {@code program} is an executable on the PATH (or in /usr/sbin, where Debian puts daemons). */
    public static boolean installed(String program) {
        return find(program) != null;
    }

    public static Path find(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs {@code command} in {@code dir} and returns its standard output; fails with its output if it fails. */
    public static String run(Path dir, Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("rampart-shipper", ".out");
        Path errors = Files.createTempFile("rampart-shipper", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " did not finish in " + timeout + ": " + Files.readString(errors));
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + out
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** Starts {@code command} with its output in {@code log}; the caller stops it with {@link #stop}. */
    public static Process start(Path dir, Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** A port nobody listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until a shipper listens on {@code port}, then sends it these syslog lines over TCP, newline-framed. */
    public static void sendSyslog(int port, List<String> lines) throws IOException {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            return true;
        });
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** SIGTERM, then SIGKILL if it has not left within 10 s. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
