package org.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.server.run.RampartServer;

/**
 * A real server with every kind of secret configured, sent right and wrong credentials on both listeners, logs none
 * of them (its whole console and log output is captured), and keeps its data folder, state database and API token
 * readable by its own user only.
 */
class SecretsNotLoggedTest {
    private static final List<String> SECRETS = List.of("shared-s3cret-1", "ct-s3cret-2", "oidc-s3cret-3",
            "guess-s3cret-4", "pw-s3cret-5", "rpt_wrong-s3cret-6");

    @TempDir
    Path dir;

    @Test
    void noSecretReachesTheLogAndDataFilesAreOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        Path file = dir.resolve("rampart.yml");
        Files.writeString(file, """
                data: {dir: "%s"}
                intake: {port: 0, token: shared-s3cret-1, tokens: {cloudtrail: ct-s3cret-2}}
                rest: {port: 0}
                auth: {oidc: {client_secret: oidc-s3cret-3}}
                """.formatted(data));
        RampartConfig config = RampartConfig.load(file, Map.of());

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        String apiToken;
        try (RampartServer server = RampartServer.start(config); HttpClient http = HttpClient.newHttpClient()) {
            apiToken = server.apiToken();
            String intake = "http://127.0.0.1:" + server.intakePort() + "/events";
            String rest = "http://127.0.0.1:" + server.restPort();
            assertThat(post(http, intake, "{\"summary\": \"x\"}", "Authorization", "Bearer guess-s3cret-4")).isEqualTo(401);
            assertThat(post(http, intake, "{\"summary\": \"x\"}", "Authorization", "Bearer shared-s3cret-1")).isEqualTo(200);
            assertThat(post(http, intake, "{\"summary\": \"x\"}", "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("beats:ct-s3cret-2".getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo(200);
            assertThat(post(http, intake, "not json", "Authorization", "Bearer ct-s3cret-2")).isEqualTo(400);
            assertThat(post(http, rest + "/login", "{\"name\": \"admin\", \"password\": \"pw-s3cret-5\"}",
                    "Content-Type", "application/json")).isEqualTo(401);
            assertThat(get(http, rest + "/session", "Bearer rpt_wrong-s3cret-6")).isEqualTo(401);
            assertThat(get(http, rest + "/session", "Bearer " + apiToken)).isEqualTo(200);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("rampart: intake listening").contains("rampart: stopped");
        for (String secret : SECRETS) {
            assertThat(log).as("the log holds " + secret).doesNotContain(secret);
        }
        assertThat(log).doesNotContain(apiToken);

        DataLayout layout = DataLayout.of(config);
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(layout.state())).isEqualTo("rwx------");
        assertThat(mode(layout.journal())).isEqualTo("rwx------");
        assertThat(mode(layout.apiToken())).isEqualTo("rw-------");
    }

    private static int post(HttpClient http, String url, String body, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int get(HttpClient http, String url, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
