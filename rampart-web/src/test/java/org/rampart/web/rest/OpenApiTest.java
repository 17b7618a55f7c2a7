package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /openapi.json} describes exactly the routes of the route table, each with the role it declares. */
class OpenApiTest {
    /** The routes the running server adds to the REST server's own (RampartServer's admin posts). */
    private static final List<String> WIRED_BY_THE_SERVER = List.of("POST /snapshots admin");

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

    private static List<String> operations(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> out.add(
                op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + op.getValue().path("x-rampart-role").asText())));
        return out;
    }

    @Test
    void theServedDescriptionListsExactlyTheRegisteredRoutes() throws Exception {
        HttpResponse<String> r = rest.send("GET", "/openapi.json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = RestFixture.json(r);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> registered = rest.server.routes().stream()
                .map(route -> route.method() + " " + route.path() + " " + route.access()).toList();

        assertThat(operations(doc)).containsExactlyInAnyOrderElementsOf(registered);
        List<String> everyServersRoutes = new ArrayList<>(registered);
        everyServersRoutes.addAll(WIRED_BY_THE_SERVER);
        assertThat(operations(OpenApiRoutes.bundled())).containsExactlyInAnyOrderElementsOf(everyServersRoutes);
        doc.path("paths").forEach(path -> path.forEach(op -> assertThat(op.path("summary").asText()).isNotBlank()));
    }
}
