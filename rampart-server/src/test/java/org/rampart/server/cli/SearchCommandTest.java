package org.rampart.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.server.run.RampartServer;
import picocli.CommandLine;

/** The "done means": an event posted with curl's body is found by {@code rampart search}. */
class SearchCommandTest {
    @TempDir
    Path data;

    @Test
    void postedEventIsFoundBySearchWithinASecondOrSo() throws Exception {
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0"));
        try (RampartServer server = RampartServer.start(config)) {
            HttpResponse<String> posted = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.intakePort() + "/events"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"test\",\"tags\":[\"x\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);

            String url = "http://127.0.0.1:" + server.restPort();
            String[] count = {"search", "summary:test", "--minutes", "5", "--count", "--url", url, "--token", server.apiToken()};
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(run(count).strip()).isEqualTo("1"));

            String hits = run("search", "summary:test", "--minutes", "5", "--url", url, "--token", server.apiToken());
            assertThat(hits).contains("test").contains("UNKNOWN");
            String json = run("search", "summary:test", "--minutes", "5", "--json", "--url", url, "--token", server.apiToken());
            assertThat(Json.MAPPER.readTree(json).path("hits").get(0).path("_source").path("tags").toString()).isEqualTo("[\"x\"]");
            assertThat(run("search", "summary:nothing-like-this", "--count", "--url", url, "--token", server.apiToken()).strip())
                    .isEqualTo("0");
        }
    }

    @Test
    void searchWithoutAServerSaysSo() {
        CommandLine cli = new CommandLine(new RampartCommand());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = cli.execute("search", "x", "--url", "http://127.0.0.1:9", "--token", "t".repeat(20));
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is Rampart running");
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new RampartCommand()).execute(args);
            assertThat(code).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
