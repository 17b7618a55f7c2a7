package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;

/** The first start creates admin with a random password, printed once on the console and written nowhere. */
class FirstAdminTest {
    private static final Pattern PRINTED = Pattern.compile("created the account admin \\(role admin\\) with the password (\\S+)");

    @TempDir
    Path data;

    @Test
    void theFirstStartPrintsTheAdminPasswordOnceAndItLogsIn() throws Exception {
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0"));
        String console = startAndStop(config);
        Matcher m = PRINTED.matcher(console);
        assertThat(m.find()).as(console).isTrue();
        String password = m.group(1);
        assertThat(startAndStop(config)).doesNotContain("created the account");

        try (RampartServer server = RampartServer.start(config)) {
            String login = Json.object().put("name", "admin").put("password", password).toString();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.restPort() + "/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(r.body()).path("role").asText()).isEqualTo("admin");
        }
        // Only its hash is stored: no file under the data folder holds the password.
        try (Stream<Path> files = Files.walk(data)) {
            List<Path> holding = files.filter(Files::isRegularFile).filter(f -> contains(f, password)).toList();
            assertThat(holding).isEmpty();
        }
    }

    /** Starts and stops a server, returning what it printed on the console. */
    private static String startAndStop(RampartConfig config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (RampartServer ignored = RampartServer.start(config)) {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(old);
        }
    }

    /** True when the file holds {@code secret}, an ASCII string (Latin-1 maps each byte to one character). */
    private static boolean contains(Path file, String secret) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
