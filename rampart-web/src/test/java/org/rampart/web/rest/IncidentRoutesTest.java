package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.web.auth.Role;

/** Incidents over HTTP: created from alerts, changed with optimistic versions, audited. */
class IncidentRoutesTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private String[] alice;
    private String[] bob;
    private String alertId;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("alice", Role.ANALYST);
        rest.addAccount("bob", Role.ANALYST);
        rest.addAccount("vera", Role.VIEWER);
        alice = rest.login("alice").with("Content-Type", "application/json");
        bob = rest.login("bob").with("Content-Type", "application/json");
        alertId = rest.store.saveAlert(null, Json.object().put("summary", "ssh bruteforce").put("category", "bruteforce"))
                .id();
        rest.store.refresh();
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private JsonNode create() throws Exception {
        HttpResponse<String> r = rest.send("POST", "/incidents", "{\"summary\": \"Brute force on bastion\", \"alerts\": [\""
                + alertId + "\"], \"owners\": [\"alice\"], \"veris\": [\"action.hacking.variety.Brute force\"]}", alice);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return RestFixture.json(r);
    }

    private HttpResponse<String> patch(long id, String body, String[] who) throws Exception {
        return rest.send("PATCH", "/incidents/" + id, body, who);
    }

    @Test
    void anIncidentIsCreatedFromAnAlertAndChangedVersionByVersion() throws Exception {
        JsonNode created = create();
        long id = created.path("id").asLong();
        assertThat(created.path("version").asLong()).isEqualTo(1);
        assertThat(created.path("phase").asText()).isEqualTo("Identification");
        assertThat(created.path("creator").asText()).isEqualTo("alice");
        assertThat(created.path("alerts").get(0).asText()).isEqualTo(alertId);

        String[] vera = rest.login("vera").headers();
        HttpResponse<String> r = patch(id, "{\"version\": 1, \"phase\": \"Containment\", \"tags\": [\"bastion\"],"
                + " \"attachments\": [{\"name\": \"pcap\", \"url\": \"https://files.example/1.pcap\"}],"
                + " \"note\": \"blocked at the firewall\", \"timeline\": {\"time\": \"2026-11-23T09:00:00Z\","
                + " \"text\": \"first failed login\"}}", bob);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        JsonNode now = RestFixture.json(rest.send("GET", "/incidents/" + id, null, vera));
        assertThat(now.path("version").asLong()).isEqualTo(2);
        assertThat(now.path("phase").asText()).isEqualTo("Containment");
        assertThat(now.path("updatedBy").asText()).isEqualTo("bob");
        assertThat(now.path("tags").get(0).asText()).isEqualTo("bastion");
        assertThat(now.path("owners").get(0).asText()).isEqualTo("alice");
        assertThat(now.path("attachments").get(0).path("url").asText()).isEqualTo("https://files.example/1.pcap");
        assertThat(now.path("notes").get(0).path("author").asText()).isEqualTo("bob");
        assertThat(now.path("timeline").get(0).path("text").asText()).isEqualTo("first failed login");

        JsonNode audit = RestFixture.json(rest.send("GET", "/audit", null, rest.serviceToken())).path("entries");
        assertThat(audit.get(0).path("action").asText()).isEqualTo("incident.update");
        assertThat(audit.get(0).path("actor").asText()).isEqualTo("bob");
        assertThat(audit.get(0).path("details").path("fields").toString()).contains("phase", "note", "timeline");
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions).contains("incident.create");

        JsonNode list = RestFixture.json(rest.send("GET", "/incidents?phase=Containment", null, alice));
        assertThat(list.path("incidents")).hasSize(1);
        assertThat(RestFixture.json(rest.send("GET", "/incidents?phase=Closed", null, alice)).path("incidents")).isEmpty();
    }

    @Test
    void aStaleVersionIs409WithTheCurrentIncidentAndOverwritesNothing() throws Exception {
        long id = create().path("id").asLong();
        // Both read version 1; alice saves first.
        assertThat(patch(id, "{\"version\": 1, \"summary\": \"alice's summary\"}", alice).statusCode()).isEqualTo(200);
        HttpResponse<String> late = patch(id, "{\"version\": 1, \"summary\": \"bob's summary\"}", bob);

        assertThat(late.statusCode()).isEqualTo(409);
        JsonNode reply = RestFixture.json(late);
        assertThat(reply.path("error").asText()).contains("version 2");
        assertThat(reply.path("current").path("summary").asText()).isEqualTo("alice's summary");
        assertThat(reply.path("current").path("version").asLong()).isEqualTo(2);
        assertThat(RestFixture.json(rest.send("GET", "/incidents/" + id, null, alice)).path("summary").asText())
                .isEqualTo("alice's summary");
    }

    @Test
    void ofManyConcurrentEditsOfOneVersionExactlyOneWins() throws Exception {
        long id = create().path("id").asLong();
        int editors = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(editors)) {
            for (int i = 0; i < editors; i++) {
                String body = "{\"version\": 1, \"note\": \"note " + i + "\"}";
                String[] who = i % 2 == 0 ? alice : bob;
                statuses.add(pool.submit(() -> {
                    go.await();
                    return patch(id, body, who).statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(200, 409).filteredOn(c -> c == 200).hasSize(1);
        }
        JsonNode now = RestFixture.json(rest.send("GET", "/incidents/" + id, null, alice));
        assertThat(now.path("version").asLong()).isEqualTo(2);
        assertThat(now.path("notes")).hasSize(1);
    }

    @Test
    void badChangesAre400WithAReason() throws Exception {
        long id = create().path("id").asLong();
        for (String body : List.of("{\"summary\": \"no version\"}", "{\"version\": \"1\", \"summary\": \"x\"}",
                "{\"version\": 1}", "{\"version\": 1, \"phase\": \"Done\"}",
                "{\"version\": 1, \"veris\": [\"action.hacking.variety.Telepathy\"]}",
                "{\"version\": 1, \"owners\": [\"nobody\"]}", "{\"version\": 1, \"alerts\": [\"no-such-alert\"]}",
                "{\"version\": 1, \"attachments\": [{\"name\": \"x\", \"url\": \"javascript:alert(1)\"}]}",
                "{\"version\": 1, \"timeline\": {\"time\": \"yesterday\", \"text\": \"x\"}}",
                "{\"version\": 1, \"sumary\": \"typo\"}", "{\"version\": 1, \"summary\": \"" + "s".repeat(513) + "\"}",
                "[1]")) {
            HttpResponse<String> r = patch(id, body, alice);
            assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(400);
            assertThat(RestFixture.json(r).path("error").asText()).as(body).isNotEmpty();
        }
        assertThat(rest.send("POST", "/incidents", "{\"description\": \"no summary\"}", alice).statusCode()).isEqualTo(400);
        assertThat(patch(999, "{\"version\": 1, \"summary\": \"x\"}", alice).statusCode()).isEqualTo(404);
        assertThat(rest.send("GET", "/incidents/abc", null, alice).statusCode()).isEqualTo(404);
        assertThat(RestFixture.json(rest.send("GET", "/incidents/" + id, null, alice)).path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void theVerisTaxonomyIsServedForThePicker() throws Exception {
        JsonNode taxonomy = RestFixture.json(rest.send("GET", "/veris/taxonomy", null, alice));
        assertThat(taxonomy.path("action").path("hacking").path("variety").toString()).contains("Brute force");
        assertThat(taxonomy.path("confidence").toString()).contains("High");
    }
}
