package org.rampart.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.server.run.RampartServer;
import org.slf4j.LoggerFactory;

/** log.format: text lines as always, or one JSON object per line; a real server's log holds no secret either way. */
class LogFormatTest {
    private static final String INTAKE_TOKEN = "intake-secret-0123456789";

    @TempDir
    Path data;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        LogFormat.apply(config("text"));
    }

    @Test
    void jsonIsOneObjectPerLineWithTheFormattedMessage() throws Exception {
        LogFormat.apply(config("json"));
        LoggerFactory.getLogger("org.rampart.test").warn("journal {} is behind", "events", new IllegalStateException("slow"));
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("loggerName").asText()).isEqualTo("org.rampart.test");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("journal events is behind");
        assertThat(line.path("timestamp").asLong()).isPositive();
        assertThat(line.at("/throwable/message").asText()).isEqualTo("slow");
    }

    @Test
    void textIsTheLineRampartAlwaysWrote() {
        LogFormat.apply(config("text"));
        LoggerFactory.getLogger("org.rampart.test").info("hello {}", "operator");
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("[" + Thread.currentThread().getName()
                + "] INFO org.rampart.test - hello operator" + System.lineSeparator());
    }

    @Test
    void anotherFormatIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> LogFormat.apply(config("xml"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log.format").hasMessageContaining("text or json");
    }

    @Test
    void aServerLoggingJsonWritesOnlyJsonAndNoSecret() throws Exception {
        String apiToken;
        try (RampartServer server = RampartServer.start(RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0", "log.format", "json",
                "intake.token", INTAKE_TOKEN)))) {
            apiToken = server.apiToken();
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.intakePort() + "/events"))
                    .header("Authorization", "Bearer wrong-" + INTAKE_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(line -> line.startsWith("{")).count()).as(log).isGreaterThan(3);
        for (String line : log.lines().filter(line -> line.startsWith("{")).toList()) {
            assertThat(Json.MAPPER.readTree(line).path("level").asText()).as(line).isNotEmpty();
        }
        assertThat(log).doesNotContain(INTAKE_TOKEN).doesNotContain(apiToken);
    }

    private static RampartConfig config(String format) {
        return RampartConfig.load(null, Map.of()).with(Map.of("log.format", format));
    }
}
