package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.Role;

/** {@code /users}: admins list, create, re-role, re-password and remove accounts; every change is audited. */
class UserRoutesTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private String[] root;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("root", Role.ADMIN);
        root = rest.login("root").with("Content-Type", "application/json");
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private List<String> accounts() throws Exception {
        List<String> out = new ArrayList<>();
        RestFixture.json(rest.send("GET", "/users", null, root))
                .forEach(a -> out.add(a.path("name").asText() + " " + a.path("role").asText()));
        return out;
    }

    @Test
    void anAdminManagesAccountsAndEachChangeIsAudited() throws Exception {
        HttpResponse<String> r = rest.send("POST", "/users", "{\"name\": \"Vera\", \"role\": \"viewer\", \"password\":"
                + " \"" + RestFixture.passwordOf("vera") + "\"}", root);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(RestFixture.json(r).path("name").asText()).isEqualTo("vera");
        RestFixture.Session vera = rest.login("vera");
        assertThat(accounts()).containsExactly("root admin", "vera viewer");

        // A new role applies to the open session at once.
        r = rest.send("PATCH", "/users/vera", "{\"role\": \"analyst\"}", root);
        assertThat(RestFixture.json(r).path("role").asText()).isEqualTo("analyst");
        assertThat(RestFixture.json(rest.send("GET", "/session", null, vera.cookieOnly())).path("role").asText())
                .isEqualTo("analyst");

        // A new password ends the sessions.
        r = rest.send("PATCH", "/users/vera", "{\"password\": \"another password 123\"}", root);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(rest.send("GET", "/session", null, vera.cookieOnly()).statusCode()).isEqualTo(401);
        assertThat(rest.login("vera", "another password 123").statusCode()).isEqualTo(200);

        assertThat(rest.send("DELETE", "/users/vera", null, root).statusCode()).isEqualTo(204);
        assertThat(accounts()).containsExactly("root admin");

        List<String> audit = new ArrayList<>();
        RestFixture.json(rest.send("GET", "/audit", null, root)).path("entries").forEach(e -> {
            if (e.path("target").asText().equals("vera") && e.path("actor").asText().equals("root")) {
                audit.add(e.path("action").asText());
            }
        });
        assertThat(audit).containsExactly("account.remove", "account.passwd", "account.role", "account.add");
    }

    @Test
    void badChangesAreRefusedWithTheReason() throws Exception {
        assertThat(status("POST", "/users", "{\"name\": \"x\", \"role\": \"boss\", \"password\": \"long enough pass\"}"))
                .isEqualTo(400);
        assertThat(status("POST", "/users", "{\"name\": \"x\", \"role\": \"viewer\", \"password\": \"short\"}"))
                .isEqualTo(400);
        assertThat(status("POST", "/users", "{\"name\": \"root\", \"role\": \"viewer\", \"password\": \"long enough pass\"}"))
                .isEqualTo(409);
        assertThat(status("PATCH", "/users/root", "{\"role\": \"viewer\"}")).isEqualTo(409);
        assertThat(status("PATCH", "/users/root", "{\"name\": \"boss\"}")).isEqualTo(400);
        assertThat(status("PATCH", "/users/nobody", "{\"role\": \"viewer\"}")).isEqualTo(404);
        assertThat(status("DELETE", "/users/root", null)).isEqualTo(409);
        assertThat(accounts()).containsExactly("root admin");
    }

    private int status(String method, String path, String body) throws Exception {
        HttpResponse<String> r = rest.send(method, path, body, root);
        JsonNode json = r.body().isEmpty() ? null : RestFixture.json(r);
        if (r.statusCode() >= 400) {
            assertThat(json.path("error").asText()).isNotBlank();
        }
        return r.statusCode();
    }
}
