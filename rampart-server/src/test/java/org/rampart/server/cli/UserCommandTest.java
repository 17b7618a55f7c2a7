package org.rampart.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.server.Main;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.state.StateDatabase;

/** {@code rampart user}: accounts edited in the state database, passwords from stdin, a clear refusal while a server runs. */
class UserCommandTest {
    @TempDir
    Path data;

    private Path config() throws Exception {
        Path config = data.resolve("rampart.yml");
        Files.writeString(config, "data:\n  dir: " + data.resolve("data") + "\nintake:\n  port: 0\nrest:\n  port: 0\nweb:\n  port: 0\n");
        return config;
    }

    private CliRun withStdin(String stdin, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliRun.of(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void addListPasswdRemove() throws Exception {
        String cfg = config().toString();
        CliRun added = withStdin("first password 123\n", "user", "add", "Alice", "--role", "analyst", "--config", cfg);
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("added alice (analyst)");
        assertThat(withStdin("another password 1\n", "user", "add", "root", "--role", "admin", "--config", cfg).code()).isZero();

        CliRun list = CliRun.of("user", "list", "--config", cfg);
        assertThat(list.out()).containsPattern("alice\\s+analyst").containsPattern("root\\s+admin");
        assertThat(authenticates("alice", "first password 123")).isTrue();

        assertThat(withStdin("second password 456\n", "user", "passwd", "alice", "--config", cfg).code()).isZero();
        assertThat(authenticates("alice", "first password 123")).isFalse();
        assertThat(authenticates("alice", "second password 456")).isTrue();

        CliRun last = CliRun.of("user", "remove", "root", "--config", cfg);
        assertThat(last.code()).isEqualTo(1);
        assertThat(last.err()).contains("last admin");
        assertThat(CliRun.of("user", "remove", "alice", "--config", cfg).code()).isZero();
        assertThat(CliRun.of("user", "list", "--config", cfg).out()).doesNotContain("alice");
        assertThat(withStdin("third password 789\n", "user", "passwd", "alice", "--config", cfg).err())
                .contains("no account named alice");
    }

    @Test
    void aPasswordIsNeverTakenFromTheCommandLine() throws Exception {
        CliRun r = withStdin("", "user", "add", "bob", "--role", "viewer", "--password", "secret password 1", "--config",
                config().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--password");
    }

    @Test
    void badInputIsOneLineAndExitCode1() throws Exception {
        String cfg = config().toString();
        CliRun role = withStdin("good password 12\n", "user", "add", "bob", "--role", "root", "--config", cfg);
        assertThat(role.code()).isEqualTo(1);
        assertThat(role.err()).contains("role must be viewer, analyst or admin");
        CliRun shortOne = withStdin("short\n", "user", "add", "bob", "--role", "viewer", "--config", cfg);
        assertThat(shortOne.err()).contains("12 to 1024 characters");
        CliRun none = withStdin("", "user", "add", "bob", "--role", "viewer", "--config", cfg);
        assertThat(none.err()).contains("no password for bob on stdin");
        CliRun twice = withStdin("good password 12\n", "user", "add", "bob", "--role", "viewer", "--config", cfg);
        assertThat(twice.code()).isZero();
        assertThat(withStdin("good password 12\n", "user", "add", "BOB", "--role", "viewer", "--config", cfg).err())
                .contains("exists already");
    }

    @Test
    void aRunningServerHoldsTheDatabaseAndTheCommandSaysSo() throws Exception {
        Path cfg = config();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--config", cfg.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            StringBuilder console = new StringBuilder();
            CompletableFuture<Void> listening = CompletableFuture.runAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null && !line.contains("listening"); line = out.readLine()) {
                        console.append(line).append('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // A whole server's start: slow on a loaded machine.
            listening.get(180, TimeUnit.SECONDS);
            // The first start created admin and printed its password on the console.
            assertThat(console).contains("created the account admin (role admin) with the password ");

            CliRun r = withStdin("good password 12\n", "user", "add", "bob", "--role", "viewer", "--config", cfg.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("is in use by another process (a running Rampart server?); stop it and try again");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(withStdin("good password 12\n", "user", "add", "bob", "--role", "viewer", "--config", cfg.toString()).code())
                .isZero();
    }

    private boolean authenticates(String name, String password) throws Exception {
        try (StateDatabase state = StateDatabase.openEmbedded(DataLayout.under(data.resolve("data")).state())) {
            Clock clock = Clock.systemUTC();
            return new Accounts(state, PasswordHasher.owasp(), new AuditLog(state, clock), clock)
                    .authenticate(name, password.toCharArray()).isPresent();
        }
    }
}
