package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.Role;

/** Personal API tokens over real HTTP: shown once, listed without secrets, bearer auth, role caps, revocation. */
class PersonalTokenTest {
    private static final String QUERY = "{\"minutes\": 5}";

    @TempDir
    Path dir;

    private RestFixture rest;
    private RestFixture.Session analyst;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("alice", Role.ANALYST);
        analyst = rest.login("alice");
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private JsonNode issue(String body) throws Exception {
        HttpResponse<String> r = rest.send("POST", "/tokens", body, analyst.headers());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return RestFixture.json(r);
    }

    @Test
    void aTokenIsShownOnceAndWorksAsABearerWithoutCsrf() throws Exception {
        JsonNode issued = issue("{\"name\": \"ci job\", \"role\": \"viewer\"}");
        String secret = issued.path("token").asText();
        assertThat(secret).startsWith("rpt_").hasSize(4 + 43);
        assertThat(issued.path("role").asText()).isEqualTo("viewer");

        HttpResponse<String> list = rest.send("GET", "/tokens", null, analyst.cookieOnly());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(RestFixture.json(list)).hasSize(1);
        assertThat(RestFixture.json(list).get(0).path("name").asText()).isEqualTo("ci job");
        assertThat(list.body()).doesNotContain(secret).doesNotContain("\"token\"");
        // Stored hashed: the secret is nowhere in the database.
        try (var c = rest.state.connection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT secret_hash FROM api_token")) {
            r.next();
            assertThat(r.getString(1)).hasSize(64).isNotEqualTo(secret);
        }

        // A bearer request is not cookie-borne: a POST needs no CSRF token.
        assertThat(rest.send("POST", "/query", QUERY, rest.bearer(secret)).statusCode()).isEqualTo(200);
        HttpResponse<String> session = rest.send("GET", "/session", null, rest.bearer(secret));
        assertThat(RestFixture.json(session).path("via").asText()).isEqualTo("personal_token");
        assertThat(RestFixture.json(session).has("csrfToken")).isFalse();
    }

    @Test
    void aTokenActsWithItsOwnRoleNotItsOwners() throws Exception {
        String viewer = issue("{\"name\": \"read only\", \"role\": \"viewer\"}").path("token").asText();
        String chain = "{\"alert\": \"a1\", \"user\": \"u@example.com\"}";
        HttpResponse<String> write = rest.send("POST", "/alerttriagechain", chain, rest.bearer(viewer));
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(RestFixture.json(write).path("error").asText()).contains("needs the role analyst");
        String same = issue("{\"name\": \"bot\"}").path("token").asText();
        assertThat(rest.send("POST", "/alerttriagechain", chain, rest.bearer(same)).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenCannotOutrankItsOwner() throws Exception {
        HttpResponse<String> r = rest.send("POST", "/tokens", "{\"name\": \"x\", \"role\": \"admin\"}", analyst.headers());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(RestFixture.json(r).path("error").asText()).contains("at most yours");
    }

    @Test
    void aTokenLosesWhatItsOwnerLoses() throws Exception {
        String secret = issue("{\"name\": \"bot\"}").path("token").asText();
        rest.addAccount("root", Role.ADMIN);
        rest.accounts.remove("alice", "test");
        assertThat(rest.send("POST", "/query", QUERY, rest.bearer(secret)).statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedTokenIsRefused() throws Exception {
        JsonNode issued = issue("{\"name\": \"bot\"}");
        String secret = issued.path("token").asText();
        assertThat(rest.send("POST", "/query", QUERY, rest.bearer(secret)).statusCode()).isEqualTo(200);
        assertThat(rest.send("DELETE", "/tokens/" + issued.path("id").asLong(), null, analyst.cookieOnly()).statusCode())
                .isEqualTo(403); // CSRF
        assertThat(rest.send("DELETE", "/tokens/" + issued.path("id").asLong(), null, analyst.headers()).statusCode())
                .isEqualTo(204);
        HttpResponse<String> refused = rest.send("POST", "/query", QUERY, rest.bearer(secret));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(rest.send("DELETE", "/tokens/" + issued.path("id").asLong(), null, analyst.headers()).statusCode())
                .isEqualTo(404);
        assertThat(rest.send("DELETE", "/tokens/abc", null, analyst.headers()).statusCode()).isEqualTo(400);
    }

    @Test
    void onlyTheOwnerOrAnAdminRevokesAToken() throws Exception {
        long id = issue("{\"name\": \"bot\"}").path("id").asLong();
        rest.addAccount("bob", Role.ANALYST);
        rest.addAccount("root", Role.ADMIN);
        HttpResponse<String> other = rest.send("DELETE", "/tokens/" + id, null, rest.login("bob").headers());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(rest.send("DELETE", "/tokens/" + id, null, rest.login("root").headers()).statusCode()).isEqualTo(204);
    }

    @Test
    void aWrongBearerNeverFallsBackToTheCookie() throws Exception {
        HttpResponse<String> r = rest.send("GET", "/session", null, analyst.with("Authorization", "Bearer rpt_" + "x".repeat(43)));
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void theServiceTokenIsAdminButOwnsNoTokens() throws Exception {
        assertThat(rest.send("GET", "/audit", null, rest.serviceToken()).statusCode()).isEqualTo(200);
        HttpResponse<String> r = rest.send("POST", "/tokens", "{\"name\": \"x\"}", rest.serviceToken());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(RestFixture.json(r).path("error").asText()).contains("belongs to no account");
    }

    @Test
    void anAccountHoldsABoundedNumberOfTokens() throws Exception {
        for (int i = 0; i < 50; i++) {
            issue("{\"name\": \"t" + i + "\"}");
        }
        HttpResponse<String> r = rest.send("POST", "/tokens", "{\"name\": \"one too many\"}", analyst.headers());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(RestFixture.json(r).path("error").asText()).contains("at most 50 tokens");
    }

    @Test
    void badTokenRequestsAre400() throws Exception {
        assertThat(rest.send("POST", "/tokens", "{}", analyst.headers()).statusCode()).isEqualTo(400);
        assertThat(rest.send("POST", "/tokens", "{\"name\": \"x\", \"role\": \"root\"}", analyst.headers()).statusCode())
                .isEqualTo(400);
        assertThat(rest.send("POST", "/tokens", "{\"name\": \"" + "x".repeat(65) + "\"}", analyst.headers()).statusCode())
                .isEqualTo(400);
        assertThat(rest.send("POST", "/tokens", "not json", analyst.headers()).statusCode()).isEqualTo(400);
    }

    @Test
    void issuingAndRevokingIsAudited() throws Exception {
        long id = issue("{\"name\": \"bot\", \"role\": \"viewer\"}").path("id").asLong();
        rest.send("DELETE", "/tokens/" + id, null, analyst.headers());
        JsonNode entries = RestFixture.json(rest.send("GET", "/audit?limit=2", null, rest.serviceToken())).path("entries");
        assertThat(entries.get(0).path("action").asText()).isEqualTo("token.revoke");
        assertThat(entries.get(0).path("actor").asText()).isEqualTo("alice");
        assertThat(entries.get(0).path("target").asText()).isEqualTo(String.valueOf(id));
        assertThat(entries.get(1).path("action").asText()).isEqualTo("token.issue");
        assertThat(entries.get(1).path("details").path("role").asText()).isEqualTo("viewer");
    }
}
