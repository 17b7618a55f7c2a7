package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.Role;

/** Every refusal is JSON with a reason, whichever part of the server makes it. */
class ErrorRepliesTest {
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

    private static void assertJsonError(HttpResponse<String> r, int status, String reason) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(RestFixture.json(r).path("error").asText()).contains(reason);
    }

    @Test
    void noSuchRouteIs404() throws Exception {
        assertJsonError(rest.send("GET", "/nothing-here", null, rest.serviceToken()), 404, "");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        assertJsonError(rest.send("POST", "/query", "{\"minutes\": 5, \"x\": \"" + "a".repeat(2 << 20) + "\"}",
                rest.serviceToken()), 413, "");
    }

    @Test
    void noLoginIs401WithTheWayToLogIn() throws Exception {
        HttpResponse<String> r = rest.send("GET", "/session", null);
        assertJsonError(r, 401, "POST /login");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aWrongRoleIs403NamingTheRole() throws Exception {
        rest.addAccount("vera", Role.VIEWER);
        assertJsonError(rest.send("GET", "/audit", null, rest.login("vera").headers()), 403,
                "GET /audit needs the role admin; vera has viewer");
    }

    @Test
    void loggingOutATokenIs400() throws Exception {
        rest.addAccount("vera", Role.VIEWER);
        String token = RestFixture.json(rest.send("POST", "/tokens", "{\"name\": \"t\"}", rest.login("vera").headers()))
                .path("token").asText();
        assertJsonError(rest.send("POST", "/logout", null, rest.bearer(token)), 400, "only a login session can log out");
    }
}
