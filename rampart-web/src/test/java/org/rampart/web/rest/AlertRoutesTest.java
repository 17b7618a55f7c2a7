package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.web.auth.Role;

/** The alert resources over HTTP, on alerts and events saved in a real Lucene store. */
class AlertRoutesTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private String[] viewer;
    private String[] analyst;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("vera", Role.VIEWER);
        rest.addAccount("alice", Role.ANALYST);
        viewer = rest.login("vera").headers();
        analyst = rest.login("alice").headers();
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    /** Saves an alert {@code minutesAgo} before the fixture's now; returns its id. */
    private String alert(int minutesAgo, String category, String severity, String summary, String... eventIds) {
        ObjectNode alert = Json.object().put("utctimestamp",
                        Timestamps.isoformat(RestFixture.START.minus(Duration.ofMinutes(minutesAgo))))
                .put("category", category).put("severity", severity).put("summary", summary);
        for (String eventId : eventIds) {
            alert.withArray("events").addObject().put("documentindex", "events").put("documentid", eventId);
        }
        return rest.store.saveAlert(null, alert).id();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = rest.send("GET", path, null, viewer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return RestFixture.json(r);
    }

    private static List<String> summaries(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("alerts").forEach(a -> out.add(a.path("source").path("summary").asText()));
        return out;
    }

    @Test
    void listsNewestFirstAPageAtATime() throws Exception {
        for (int i = 1; i <= 5; i++) {
            alert(i, "bruteforce", "NOTICE", "alert " + i + " minutes ago");
        }
        rest.store.refresh();
        List<String> seen = new ArrayList<>();
        String next = "0";
        while (next != null) {
            JsonNode page = get("/alerts?limit=2&offset=" + next);
            assertThat(page.path("alerts").size()).isLessThanOrEqualTo(2);
            seen.addAll(summaries(page));
            next = page.path("next").isNull() ? null : page.path("next").asText();
        }
        assertThat(seen).containsExactly("alert 1 minutes ago", "alert 2 minutes ago", "alert 3 minutes ago",
                "alert 4 minutes ago", "alert 5 minutes ago");
        assertThat(get("/alerts").path("alerts").get(0).path("status").path("status").asText()).isEqualTo("open");
        // The deepest page the store can give.
        JsonNode deepest = get("/alerts?limit=100&offset=" + (10_000 - 100));
        assertThat(deepest.path("alerts")).isEmpty();
        assertThat(deepest.path("next").isNull()).isTrue();
    }

    @Test
    void filtersByCategorySeverityTimeAndSummary() throws Exception {
        alert(10, "bruteforce", "NOTICE", "ssh bruteforce from 10.0.0.1");
        alert(20, "bruteforce", "WARNING", "ssh bruteforce from 10.0.0.2");
        alert(30, "geomodel", "NOTICE", "alice logged in from Paris");
        alert(40, "geomodel", "WARNING", "bob logged in from Lima");
        rest.store.refresh();

        assertThat(summaries(get("/alerts?category=geomodel"))).containsExactly("alice logged in from Paris",
                "bob logged in from Lima");
        assertThat(summaries(get("/alerts?category=bruteforce&severity=WARNING")))
                .containsExactly("ssh bruteforce from 10.0.0.2");
        String from = RestFixture.START.minus(Duration.ofMinutes(35)).toString();
        String to = RestFixture.START.minus(Duration.ofMinutes(15)).toString();
        assertThat(summaries(get("/alerts?from=" + from + "&to=" + to))).containsExactly("ssh bruteforce from 10.0.0.2",
                "alice logged in from Paris");
        assertThat(summaries(get("/alerts?text=" + encode("logged in from")))).containsExactly(
                "alice logged in from Paris", "bob logged in from Lima");
        assertThat(summaries(get("/alerts?regex=" + encode("(paris|lima)")))).containsExactly(
                "alice logged in from Paris", "bob logged in from Lima");
    }

    @Test
    void badFiltersAre400WithAReason() throws Exception {
        for (String query : List.of("limit=0", "limit=501", "offset=-1", "offset=x", "from=yesterday",
                "text=" + "a".repeat(257), "regex=" + encode("[unclosed"))) {
            HttpResponse<String> r = rest.send("GET", "/alerts?" + query, null, viewer);
            assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(400);
            assertThat(RestFixture.json(r).path("error").asText()).as(query).isNotEmpty();
        }
    }

    @Test
    void oneAlertComesWithItsEventsEvenWhenOneIsGone() throws Exception {
        rest.store.saveEvent("events", "e1", Json.object().put("summary", "failed login").put("utctimestamp",
                Timestamps.isoformat(RestFixture.START)));
        String id = alert(1, "bruteforce", "NOTICE", "ssh bruteforce", "e1", "pruned");
        rest.store.refresh();

        JsonNode alert = get("/alerts/" + id);
        assertThat(alert.path("id").asText()).isEqualTo(id);
        assertThat(alert.path("source").path("summary").asText()).isEqualTo("ssh bruteforce");
        assertThat(alert.path("eventCount").asInt()).isEqualTo(2);
        assertThat(alert.path("events").get(0).path("found").asBoolean()).isTrue();
        assertThat(alert.path("events").get(0).path("source").path("summary").asText()).isEqualTo("failed login");
        assertThat(alert.path("events").get(1).path("id").asText()).isEqualTo("pruned");
        assertThat(alert.path("events").get(1).path("found").asBoolean()).isFalse();
        assertThat(rest.send("GET", "/alerts/no-such-alert", null, viewer).statusCode()).isEqualTo(404);
    }

    @Test
    void anAnalystChangesTheStatusWithWhoAndWhenAndItIsAudited() throws Exception {
        String id = alert(1, "bruteforce", "NOTICE", "ssh bruteforce");
        rest.store.refresh();

        HttpResponse<String> ack = rest.send("POST", "/alerts/" + id + "/status",
                "{\"status\": \"acknowledged\", \"comment\": \"looking\"}", analyst);
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        rest.clock.advance(Duration.ofMinutes(5));
        rest.send("POST", "/alerts/" + id + "/status", "{\"status\": \"false_positive\"}", analyst);

        JsonNode alert = get("/alerts/" + id);
        assertThat(alert.path("status").path("status").asText()).isEqualTo("false_positive");
        assertThat(alert.path("history")).hasSize(2);
        JsonNode first = alert.path("history").get(0);
        assertThat(first.path("status").asText()).isEqualTo("acknowledged");
        assertThat(first.path("actor").asText()).isEqualTo("alice");
        assertThat(first.path("comment").asText()).isEqualTo("looking");
        assertThat(first.path("time").asText()).isEqualTo(Timestamps.isoformat(RestFixture.START));
        assertThat(get("/alerts").path("alerts").get(0).path("status").path("status").asText())
                .isEqualTo("false_positive");

        JsonNode audit = RestFixture.json(rest.send("GET", "/audit", null, rest.serviceToken()));
        assertThat(audit.path("entries").get(0).path("action").asText()).isEqualTo("alert.status");
        assertThat(audit.path("entries").get(0).path("target").asText()).isEqualTo(id);
        assertThat(audit.path("entries").get(0).path("details").path("status").asText()).isEqualTo("false_positive");
    }

    @Test
    void badStatusChangesAreRefused() throws Exception {
        String id = alert(1, "bruteforce", "NOTICE", "ssh bruteforce");
        rest.store.refresh();
        String path = "/alerts/" + id + "/status";
        assertThat(rest.send("POST", path, "{\"status\": \"closed\"}", analyst).statusCode()).isEqualTo(400);
        assertThat(rest.send("POST", path, "{}", analyst).statusCode()).isEqualTo(400);
        assertThat(rest.send("POST", path, "not json", analyst).statusCode()).isEqualTo(400);
        assertThat(rest.send("POST", path, "{\"status\": \"escalated\", \"comment\": \"" + "c".repeat(1025) + "\"}",
                analyst).statusCode()).isEqualTo(400);
        assertThat(rest.send("POST", "/alerts/nope/status", "{\"status\": \"escalated\"}", analyst).statusCode())
                .isEqualTo(404);
        assertThat(rest.send("POST", path, "{\"status\": \"escalated\"}", viewer).statusCode()).isEqualTo(403);
        assertThat(get("/alerts/" + id).path("history")).isEmpty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
