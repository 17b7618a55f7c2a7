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
 * The running server hands the REST API its scheduler: {@code /alertschedules} lists the bundled alerts, a change
 * applies to the scheduler, and it still applies after a restart on the same data folder.
 */
class ServerSchedulesTest {
    private static final String ALERT = "bruteforce_ssh.AlertBruteforceSsh";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(RampartServer server, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.restPort() + path))
                .header("Authorization", "Bearer " + server.apiToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode schedule(RampartServer server) throws Exception {
        return Json.MAPPER.readTree(send(server, "GET", "/alertschedules", null).body()).path(ALERT);
    }

    @Test
    void aScheduleChangedThroughTheApiAppliesAtOnceAndAfterARestart() throws Exception {
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0"));
        try (RampartServer server = RampartServer.start(config)) {
            assertThat(schedule(server).path("enabled").asBoolean()).isTrue();
            HttpResponse<String> r = send(server, "PATCH", "/alertschedules/" + ALERT,
                    "{\"cron\": \"17 3 * * *\", \"enabled\": false}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(server.alerts().scheduler().schedules()).filteredOn(s -> s.name().equals(ALERT))
                    .singleElement().satisfies(s -> {
                        assertThat(s.cron()).isEqualTo("17 3 * * *");
                        assertThat(s.enabled()).isFalse();
                    });
        }
        try (RampartServer server = RampartServer.start(config)) {
            JsonNode restarted = schedule(server);
            assertThat(restarted.path("enabled").asBoolean()).isFalse();
            assertThat(restarted.path("schedule_str").asText()).isEqualTo("<crontab: 17 3 * * * (m/h/d/dM/MY)>");
            assertThat(restarted.path("modifiedby").asText()).isEqualTo("service-token");
        }
    }
}
