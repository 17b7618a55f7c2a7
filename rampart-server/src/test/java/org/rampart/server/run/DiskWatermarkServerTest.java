package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;

/**
 * {@code disk.low_watermark} in a real server, read from the data folder's real filesystem: a watermark of 100 % can
 * never be met, so intake refuses and {@code /status} says why (recovery is shown with a set free space in rampart-intake's
 * DiskWatermarkTest).
 */
class DiskWatermarkServerTest {
    @TempDir
    Path data;

    @Test
    void belowTheWatermarkIntakeAnswers503AndStatusSaysWhy() throws Exception {
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of("data.dir", data.toString(),
                "intake.port", "0", "rest.port", "0", "web.port", "0", "disk.low_watermark", "100%"));
        try (RampartServer server = RampartServer.start(config)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.intakePort();
            HttpResponse<String> event = client.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"summary\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(event.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(event.body()).get("error").asText()).contains("disk.low_watermark 100%");

            HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.MAPPER.readTree(status.body());
            assertThat(status.statusCode()).isEqualTo(503);
            assertThat(body.get("status").asText()).isEqualTo("degraded");
            assertThat(body.get("reason").asText()).contains("free disk space");
        }
    }
}
