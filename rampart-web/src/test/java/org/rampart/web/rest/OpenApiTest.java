package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;

/**
 * {@code GET /openapi.json} describes exactly the routes of the route table, each with the role it declares, with OIDC
 * login off and on; the bundled description covers every route any server registers.
 */
class OpenApiTest {
    /** The routes the running server adds to the REST server's own (RampartServer's admin posts). */
    private static final List<String> WIRED_BY_THE_SERVER = List.of("POST /snapshots admin");

    @TempDir
    Path dir;

    private static List<String> operations(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> out.add(
                op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + op.getValue().path("x-rampart-role").asText())));
        return out;
    }

    /** Checks the served description against the server's routes; returns the routes. */
    private static List<String> servedMatchesRegistered(RestFixture rest) throws Exception {
        HttpResponse<String> r = rest.send("GET", "/openapi.json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = RestFixture.json(r);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> registered = rest.server.routes().stream()
                .map(route -> route.method() + " " + route.path() + " " + route.access()).toList();
        assertThat(operations(doc)).containsExactlyInAnyOrderElementsOf(registered);
        doc.path("paths").forEach(path -> path.forEach(op -> assertThat(op.path("summary").asText()).isNotBlank()));
        return registered;
    }

    @Test
    void theServedDescriptionListsExactlyTheRegisteredRoutesWithOidcOffAndOn() throws Exception {
        List<String> withoutOidc;
        try (RestFixture rest = new RestFixture(dir.resolve("plain"))) {
            withoutOidc = servedMatchesRegistered(rest);
        }
        List<String> withOidc;
        // The provider is only asked at the first login, so an issuer nobody answers at is enough to register the routes.
        OidcLogin.Settings oidc = new OidcLogin.Settings(URI.create("http://127.0.0.1:9/issuer"), "rampart", "secret",
                URI.create("http://127.0.0.1:8081/login/oidc/callback"), List.of("openid"), "preferred_username", "groups",
                Map.of(Role.VIEWER, Set.of("viewers")));
        try (RestFixture rest = new RestFixture(dir.resolve("oidc"), 0, new RestServer.Security(
                new Sessions.Timeouts(RestFixture.IDLE, RestFixture.ABSOLUTE),
                new LoginThrottle.Limits(5, 20, RestFixture.WINDOW), false, oidc))) {
            withOidc = servedMatchesRegistered(rest);
        }
        assertThat(withOidc).containsAll(withoutOidc)
                .contains("GET /login/oidc public", "GET /login/oidc/callback public");
        assertThat(withoutOidc).doesNotContain("GET /login/oidc public");

        List<String> everyServersRoutes = new ArrayList<>(withOidc);
        everyServersRoutes.addAll(WIRED_BY_THE_SERVER);
        assertThat(operations(OpenApiRoutes.bundled())).containsExactlyInAnyOrderElementsOf(everyServersRoutes);
    }
}
