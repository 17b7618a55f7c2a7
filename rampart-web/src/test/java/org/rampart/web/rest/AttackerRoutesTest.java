package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/** {@code GET /attackers} over alerts and events saved in a real Lucene store. */
class AttackerRoutesTest {
    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() {
        rest = new RestFixture(dir);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private static ObjectNode details(String ip, String country) {
        ObjectNode details = Json.object().put("sourceipaddress", ip);
        if (country != null) {
            details.putObject("sourceipgeolocation").put("country_code", country).put("latitude", 1.5);
        }
        return details;
    }

    /** An alert {@code minutesAgo} whose one event came from {@code ip}. */
    private void alert(int minutesAgo, String category, String ip, String country) {
        ObjectNode alert = Json.object().put("category", category).put("summary", category + " from " + ip)
                .put("utctimestamp", Timestamps.isoformat(RestFixture.START.minus(Duration.ofMinutes(minutesAgo))));
        alert.putArray("events").addObject().put("documentid", "x").putObject("documentsource")
                .set("details", details(ip, country));
        rest.store.saveAlert(null, alert);
    }

    @Test
    void countsCategoriesFirstAndLastSeenAndGeoPerSourceAddress() throws Exception {
        alert(30, "bruteforce", "203.0.113.9", "NL");
        alert(20, "portscan", "203.0.113.9", null);
        alert(10, "bruteforce", "198.51.100.7", null);
        for (int i = 0; i < 3; i++) {
            rest.store.saveEvent("events", "e" + i, Json.object().put("summary", "failed login")
                    .put("utctimestamp", Timestamps.isoformat(RestFixture.START)).set("details", details("203.0.113.9", null)));
        }
        rest.store.refresh();

        JsonNode reply = RestFixture.json(rest.send("GET", "/attackers", null, rest.serviceToken()));
        assertThat(reply.path("alertsScanned").asInt()).isEqualTo(3);
        assertThat(reply.path("complete").asBoolean()).isTrue();
        JsonNode first = reply.path("attackers").get(0);
        assertThat(first.path("ip").asText()).isEqualTo("203.0.113.9");
        assertThat(first.path("alerts").asLong()).isEqualTo(2);
        assertThat(first.path("events").asLong()).isEqualTo(3);
        assertThat(first.path("categories").toString()).isEqualTo("[\"bruteforce\",\"portscan\"]");
        assertThat(first.path("firstSeen").asText()).isEqualTo(Timestamps.isoformat(RestFixture.START.minus(Duration.ofMinutes(30))));
        assertThat(first.path("lastSeen").asText()).isEqualTo(Timestamps.isoformat(RestFixture.START.minus(Duration.ofMinutes(20))));
        assertThat(first.path("geo").path("country_code").asText()).isEqualTo("NL");
        JsonNode second = reply.path("attackers").get(1);
        assertThat(second.path("ip").asText()).isEqualTo("198.51.100.7");
        assertThat(second.path("geo").isNull()).isTrue();

        String from = RestFixture.START.minus(Duration.ofMinutes(15)).toString();
        JsonNode recent = RestFixture.json(rest.send("GET", "/attackers?from=" + from, null, rest.serviceToken()));
        assertThat(recent.path("attackers")).hasSize(1);
        assertThat(RestFixture.json(rest.send("GET", "/attackers?limit=1", null, rest.serviceToken())).path("attackers"))
                .hasSize(1);
        assertThat(rest.send("GET", "/attackers?limit=0", null, rest.serviceToken()).statusCode()).isEqualTo(400);
    }
}
