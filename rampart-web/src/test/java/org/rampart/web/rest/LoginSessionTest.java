package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.Role;

/** Login sessions over real HTTP: the cookie, CSRF, idle and absolute timeouts, logout, password changes. */
class LoginSessionTest {
    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("alice", Role.ANALYST);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void loginSetsAnHttpOnlySameSiteStrictCookieAndReturnsTheCsrfToken() throws Exception {
        HttpResponse<String> r = rest.login("Alice", RestFixture.passwordOf("alice"));
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("rampart_session=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").doesNotContain("Secure").doesNotContain("Max-Age");
        assertThat(cookie.substring("rampart_session=".length(), cookie.indexOf(';'))).hasSize(43);
        assertThat(RestFixture.json(r).path("name").asText()).isEqualTo("alice");
        assertThat(RestFixture.json(r).path("role").asText()).isEqualTo("analyst");
        assertThat(RestFixture.json(r).path("csrfToken").asText()).hasSize(43);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void theCookieIsSecureWhenConfigured() throws Exception {
        rest.close();
        rest = new RestFixture(dir, 5, 20, true);
        HttpResponse<String> r = rest.login("alice", RestFixture.passwordOf("alice"));
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
    }

    @Test
    void aWrongPasswordOrAnUnknownAccountIsTheSame401() throws Exception {
        HttpResponse<String> wrong = rest.login("alice", "not-the-password-at-all");
        HttpResponse<String> unknown = rest.login("mallory", "not-the-password-at-all");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body()).isEqualTo("{\"error\":\"wrong name or password\"}");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aLoginThatIsNotJsonIsRefused() throws Exception {
        // What a cross-site HTML form can send: refused, so no page can log a visitor into another account.
        HttpResponse<String> form = rest.send("POST", "/login", "name=alice&password=" + RestFixture.passwordOf("alice"),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(RestFixture.json(form).path("error").asText()).contains("application/json");
        assertThat(rest.send("POST", "/login", "{\"name\": \"alice\"}", "Content-Type", "application/json").statusCode())
                .isEqualTo(400);
        assertThat(rest.send("POST", "/login", "[1]", "Content-Type", "application/json").statusCode()).isEqualTo(400);
    }

    @Test
    void aChangeWithTheCookieNeedsTheSessionsCsrfToken() throws Exception {
        RestFixture.Session s = rest.login("alice");
        String chain = "{\"alert\": \"a1\", \"user\": \"u@example.com\", \"identifiers\": [\"id1\"]}";
        HttpResponse<String> cookieOnly = rest.send("POST", "/alerttriagechain", chain, s.cookieOnly());
        assertThat(cookieOnly.statusCode()).isEqualTo(403);
        assertThat(RestFixture.json(cookieOnly).path("error").asText()).contains("X-CSRF-Token");
        HttpResponse<String> wrongToken = rest.send("POST", "/alerttriagechain", chain,
                "Cookie", s.cookie(), "X-CSRF-Token", s.csrf().substring(1) + "x");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(rest.send("GET", "/alerttriagechain?alert=a1&user=u%40example.com", null, s.cookieOnly()).body())
                .contains("Did not find");
        assertThat(rest.send("POST", "/alerttriagechain", chain, s.headers()).statusCode()).isEqualTo(200);
        // Reads need no token: they change nothing.
        assertThat(rest.send("GET", "/alerttriagechain?alert=a1&user=u%40example.com", null, s.cookieOnly()).body())
                .contains("id1");
    }

    @Test
    void theSessionRouteGivesTheCsrfTokenToTheSessionItself() throws Exception {
        RestFixture.Session s = rest.login("alice");
        HttpResponse<String> r = rest.send("GET", "/session", null, s.cookieOnly());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RestFixture.json(r).path("csrfToken").asText()).isEqualTo(s.csrf());
        assertThat(RestFixture.json(r).path("via").asText()).isEqualTo("session");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void anIdleSessionEndsAndActivityKeepsItAlive() throws Exception {
        RestFixture.Session s = rest.login("alice");
        rest.clock.advance(RestFixture.IDLE.minusMinutes(1));
        assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).isEqualTo(200);
        rest.clock.advance(RestFixture.IDLE.minusMinutes(1));
        assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).isEqualTo(200);
        rest.clock.advance(RestFixture.IDLE);
        HttpResponse<String> expired = rest.send("GET", "/session", null, s.cookieOnly());
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(RestFixture.json(expired).path("error").asText()).contains("log in");
        // Gone for good, not only while the clock says so.
        rest.clock.set(RestFixture.START);
        assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).isEqualTo(401);
    }

    @Test
    void aBusySessionStillEndsAtTheAbsoluteTimeout() throws Exception {
        RestFixture.Session s = rest.login("alice");
        Duration step = Duration.ofMinutes(20);
        for (Duration used = Duration.ZERO; used.plus(step).compareTo(RestFixture.ABSOLUTE) < 0; used = used.plus(step)) {
            rest.clock.advance(step);
            assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).as("after %s", used.plus(step))
                    .isEqualTo(200);
        }
        rest.clock.set(RestFixture.START.plus(RestFixture.ABSOLUTE));
        assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() throws Exception {
        RestFixture.Session s = rest.login("alice");
        assertThat(rest.send("POST", "/logout", null, s.cookieOnly()).statusCode()).isEqualTo(403); // CSRF
        HttpResponse<String> out = rest.send("POST", "/logout", null, s.headers());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("rampart_session=;").contains("Max-Age=0");
        assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).isEqualTo(401);
    }

    @Test
    void aNewLoginReplacesTheSessionTheClientHad() throws Exception {
        RestFixture.Session first = rest.login("alice");
        String body = "{\"name\": \"alice\", \"password\": \"" + RestFixture.passwordOf("alice") + "\"}";
        HttpResponse<String> again = rest.send("POST", "/login", body, "Content-Type", "application/json", "Cookie", first.cookie());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain(first.cookie());
        assertThat(rest.send("GET", "/session", null, first.cookieOnly()).statusCode()).isEqualTo(401);
    }

    @Test
    void aPasswordChangeEndsTheAccountsSessions() throws Exception {
        RestFixture.Session s = rest.login("alice");
        rest.accounts.changePassword("alice", "a-brand-new-password".toCharArray(), "test");
        assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).isEqualTo(401);
        assertThat(rest.login("alice", "a-brand-new-password").statusCode()).isEqualTo(200);
    }

    @Test
    void aRemovedAccountsSessionEnds() throws Exception {
        rest.addAccount("bob", Role.ADMIN);
        RestFixture.Session s = rest.login("alice");
        rest.accounts.remove("alice", "test");
        assertThat(rest.send("GET", "/session", null, s.cookieOnly()).statusCode()).isEqualTo(401);
    }

    @Test
    void aForgedOrMalformedCookieIsNoLogin() throws Exception {
        assertThat(rest.send("GET", "/session", null, "Cookie", "rampart_session=" + "A".repeat(43)).statusCode()).isEqualTo(401);
        assertThat(rest.send("GET", "/session", null, "Cookie", "rampart_session=' OR 1=1 --").statusCode()).isEqualTo(401);
        assertThat(rest.send("GET", "/session", null, "Cookie", "rampart_session=" + "x".repeat(5000)).statusCode()).isEqualTo(401);
    }
}
