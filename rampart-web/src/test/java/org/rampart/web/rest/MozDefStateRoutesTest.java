package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.web.auth.Role;

/** MozDef's {@code POST /alertstatus} (the triage bot), {@code POST /incident} and {@code GET /veris} over real state. */
class MozDefStateRoutesTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private String[] alice;
    private String alertId;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("alice", Role.ANALYST);
        alice = rest.login("alice").with("Content-Type", "application/json");
        alertId = rest.store.saveAlert(null, Json.object().put("summary", "ssh bruteforce").put("category", "bruteforce")
                .put("utctimestamp", "2026-11-23T09:59:00+00:00")).id();
        rest.store.refresh();
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return rest.send("POST", path, body, alice);
    }

    @Test
    void theTriageBotsAnswerSetsTheAlertsStatusWithTheAnswer() throws Exception {
        String answer = "{\"alert\": \"" + alertId + "\", \"status\": \"acknowledged\", \"user\": {\"email\":"
                + " \"tester@testing.com\", \"slack\": \"tester\"}, \"identityConfidence\": \"high\", \"response\": \"yes\"}";
        HttpResponse<String> r = post("/alertstatus", answer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"error\":null}");
        JsonNode status = RestFixture.json(rest.send("GET", "/alerts/" + alertId, null, alice)).path("status");
        assertThat(status.path("status").asText()).isEqualTo("acknowledged");
        assertThat(status.path("actor").asText()).isEqualTo("alice");
        assertThat(status.path("comment").asText()).contains("\"yes\"", "high", "tester@testing.com");
        // The same answer again is not "Alert not found" (MozDef's quirk): the alert exists.
        assertThat(post("/alertstatus", answer).statusCode()).isEqualTo(200);
        r = post("/alertstatus", answer.replace("acknowledged", "inProgress"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RestFixture.json(rest.send("GET", "/alerts/" + alertId, null, alice)).path("status").path("status")
                .asText()).isEqualTo("in_progress");
    }

    @Test
    void badTriageAnswersGetMozDefsMessages() throws Exception {
        String ok = "{\"alert\": \"" + alertId + "\", \"status\": \"manual\", \"user\": \"u\", \"identityConfidence\":"
                + " \"low\", \"response\": \"no\"}";
        Map<String, String> cases = Map.of(
                "not json", "Missing or invalid request body",
                "[1]", "Missing or invalid request body",
                ok.replace("manual", "done"), "Status not one of manual or inProgress or acknowledged or escalated",
                ok.replace("\"response\"", "\"other\""), "Missing a required field, one of alert, user, response,"
                        + " identityConfidence",
                ok.replace("\"low\"", "\"sure\""), "identityConfidence not one of highest or high or moderate or low or lowest",
                ok.replace(alertId, "no-such-alert"), "Alert not found");
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = post("/alertstatus", c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(RestFixture.json(r).path("error").asText()).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(RestFixture.json(rest.send("GET", "/alerts/" + alertId, null, alice)).path("history")).isEmpty();
    }

    @Test
    void mozdefsIncidentRouteCreatesAnIncidentAndVerisCountsItsTags() throws Exception {
        HttpResponse<String> r = post("/incident", "{\"summary\": \"ssh bruteforce\", \"phase\": \"Containment\","
                + " \"creator\": \"alice@example.com\", \"description\": \"many logins\", \"dateReported\":"
                + " \"2026-11-23 9:30 am\", \"tags\": [\"action.hacking.variety.Brute force\", \"ssh\"],"
                + " \"references\": [\"https://tickets.example.com/42\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(RestFixture.json(r)).isEqualTo(Json.object().put("status", "success")
                .put("message", "Incident: <ssh bruteforce> added."));
        JsonNode incident = RestFixture.json(rest.send("GET", "/incidents", null, alice)).path("incidents").get(0);
        assertThat(incident.path("phase").asText()).isEqualTo("Containment");
        assertThat(incident.path("creator").asText()).isEqualTo("alice");
        assertThat(incident.path("veris").toString()).isEqualTo("[\"action.hacking.variety.Brute force\"]");
        assertThat(incident.path("tags").toString()).isEqualTo("[\"ssh\"]");
        assertThat(incident.path("timeline").findValuesAsText("text")).containsExactly("Opened", "Reported");
        assertThat(incident.path("timeline").get(1).path("time").asText()).isEqualTo("2026-11-23T09:30:00+00:00");
        assertThat(incident.path("notes").get(0).path("text").asText())
                .contains("alice@example.com", "https://tickets.example.com/42");

        HttpResponse<String> veris = rest.send("GET", "/veris", null, alice);
        assertThat(veris.statusCode()).isEqualTo(200);
        assertThat(veris.body()).isEqualTo("[{\"dateOpened\":{\"$date\":" + RestFixture.START.toEpochMilli()
                + "},\"tags\":\"action.hacking.variety.Brute force\",\"phase\":\"Containment\"}]");
    }

    @Test
    void badIncidentsGetMozDefsMessagesAs400() throws Exception {
        String ok = "{\"summary\": \"s\", \"phase\": \"Identification\", \"creator\": \"a@b.com\"}";
        Map<String, String> cases = Map.of(
                "not json", "Invalid JSON",
                "{\"summary\": \"s\", \"phase\": \"Identification\"}", "Missing required keys(summary, phase, creator)",
                ok.replace("Identification", "Triage"), "Invalid incident phase",
                ok.replace("a@b.com", "nobody"), "Invalid creator email",
                ok.replace("}", ", \"dateClosed\": \"2026-11-23 21:30\"}"), "Wrong format of date. Please use yyyy-mm-dd"
                        + " hh:mm am/pm",
                ok.replace("}", ", \"dateClosed\": 1700000000}"), "Wrong format of date. Please use yyyy-mm-dd hh:mm am/pm",
                ok.replace("}", ", \"tags\": \"x\"}"), "tags field must be a list",
                ok.replace("}", ", \"references\": {}}"), "references field must be a list");
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = post("/incident", c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(RestFixture.json(r)).as(c.getKey()).isEqualTo(Json.object().put("status", "failed")
                    .put("error", c.getValue()));
        }
        assertThat(RestFixture.json(rest.send("GET", "/incidents", null, alice)).path("incidents")).isEmpty();
    }
}
