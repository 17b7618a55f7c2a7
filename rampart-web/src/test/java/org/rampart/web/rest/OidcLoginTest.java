package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;

/**
 * OIDC login against a real OpenID Connect provider (mock-oauth2-server in this JVM, on a free port), driven by a
 * browserless client that keeps cookies and follows redirects as a browser does.
 */
class OidcLoginTest {
    private static final String ISSUER_ID = "default";
    private static final String CLIENT_ID = "rampart";
    private static final long ONE_HOUR = 3600;

    @TempDir
    Path dir;
    private MockOAuth2Server provider;
    private RestFixture rampart;

    @BeforeEach
    void start() throws IOException {
        provider = new MockOAuth2Server();
        provider.start();
        // The provider's first answer can take longer than Rampart's 5 s provider timeout on a loaded machine (its
        // server warms up): ask it once here, with time to spare, so the tests measure Rampart, not the warm-up.
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(provider.wellKnownUrl(ISSUER_ID).uri())
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        int port = freePort();
        OidcLogin.Settings oidc = new OidcLogin.Settings(provider.issuerUrl(ISSUER_ID).uri(), CLIENT_ID, "client-secret",
                URI.create("http://127.0.0.1:" + port + "/login/oidc/callback"), List.of("profile"), "preferred_username",
                "groups", Map.of(Role.VIEWER, Set.of("soc-viewers"), Role.ANALYST, Set.of("soc-analysts"),
                        Role.ADMIN, Set.of("soc-admins")));
        rampart = new RestFixture(dir, port, new RestServer.Security(
                new Sessions.Timeouts(RestFixture.IDLE, RestFixture.ABSOLUTE),
                new LoginThrottle.Limits(5, 20, RestFixture.WINDOW), false, oidc));
    }

    @AfterEach
    void stop() {
        rampart.close();
        provider.shutdown();
    }

    @Test
    void aMappedUserLogsInAndGetsASessionThatOpensViewerRoutes() throws Exception {
        provider.enqueueCallback(user("subject-1", "alice", List.of("staff", "soc-viewers"), ONE_HOUR));
        HttpClient browser = browser();

        HttpResponse<String> login = get(browser, "/login/oidc");

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.uri().getPath()).isEqualTo("/login/oidc/callback");
        assertThat(RestFixture.json(login).path("name").asText()).isEqualTo("alice");
        assertThat(RestFixture.json(login).path("role").asText()).isEqualTo("viewer");
        assertThat(RestFixture.json(login).path("csrfToken").asText()).isNotBlank();
        HttpResponse<String> session = get(browser, "/session");
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        assertThat(RestFixture.json(session).path("name").asText()).isEqualTo("alice");
        assertThat(get(browser, "/kibanadashboards").statusCode()).isEqualTo(200);
        assertThat(get(browser, "/audit").statusCode()).as("a viewer is no admin").isEqualTo(403);
        assertThat(rampart.accounts.list()).extracting(a -> a.name() + ":" + a.role().id()).containsExactly("alice:viewer");
    }

    @Test
    void theRoleFollowsTheProviderAtEachLoginAndTheAccountHasNoPassword() throws Exception {
        provider.enqueueCallback(user("subject-1", "alice", List.of("soc-viewers"), ONE_HOUR));
        assertThat(get(browser(), "/login/oidc").statusCode()).isEqualTo(200);
        provider.enqueueCallback(user("subject-1", "alice", List.of("soc-viewers", "soc-admins"), ONE_HOUR));
        HttpClient browser = browser();

        HttpResponse<String> again = get(browser, "/login/oidc");

        assertThat(RestFixture.json(again).path("role").asText()).as(again.body()).isEqualTo("admin");
        assertThat(rampart.accounts.list()).extracting(a -> a.name() + ":" + a.role().id()).containsExactly("alice:admin");
        HttpResponse<String> audit = get(browser, "/audit");
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("\"account.add\"", "\"account.role\"", "\"oidc\"");
        assertThat(rampart.login("alice", "any-password-at-all").statusCode()).as("an OIDC account has no password")
                .isEqualTo(401);
    }

    @Test
    void aUserWhoseClaimMapsToNoRoleIsRefusedAndGetsNoAccount() throws Exception {
        provider.enqueueCallback(user("subject-2", "mallory", List.of("staff"), ONE_HOUR));
        HttpClient browser = browser();

        HttpResponse<String> login = get(browser, "/login/oidc");

        assertThat(login.statusCode()).as(login.body()).isEqualTo(403);
        assertThat(RestFixture.json(login).path("error").asText()).contains("groups");
        assertNoSession(browser);
        assertThat(rampart.accounts.list()).isEmpty();
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        provider.enqueueCallback(user("subject-1", "alice", List.of("soc-viewers"), -600));
        assertRefused("expired");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        provider.enqueueCallback(withClaims("subject-1", Map.of("preferred_username", "alice", "groups",
                List.of("soc-viewers"), "nonce", "a-nonce-from-another-login"), ONE_HOUR));
        assertRefused("nonce");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
        provider.enqueueCallback(withClaims("subject-1", Map.of("preferred_username", "alice", "groups",
                List.of("soc-viewers"), "iss", provider.issuerUrl("another").toString()), ONE_HOUR));
        assertRefused("issuer");
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() throws Exception {
        provider.enqueueCallback(user("subject-1", "alice", List.of("soc-viewers"), ONE_HOUR));
        HttpClient browser = browser(HttpClient.Redirect.NEVER);
        URI callback = providerRedirect(browser);
        String forged = callback.toString().replaceFirst("state=[^&]+", "state=" + "A".repeat(43));

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(forged)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).as(login.body()).isEqualTo(401);
        assertThat(RestFixture.json(login).path("error").asText()).contains("state");
        assertNoSession(browser);
    }

    @Test
    void aCallbackInABrowserThatStartedNoLoginIsRefused() throws Exception {
        // Login CSRF: an attacker starts a login, then sends the victim's browser the callback with the attacker's code.
        provider.enqueueCallback(user("subject-1", "attacker", List.of("soc-admins"), ONE_HOUR));
        URI callback = providerRedirect(browser(HttpClient.Redirect.NEVER));
        HttpClient victim = browser();

        HttpResponse<String> login = victim.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).as(login.body()).isEqualTo(401);
        assertNoSession(victim);
    }

    @Test
    void aLoginStartedForAPathOfThisSiteGoesOnThereAndNowhereElse() throws Exception {
        provider.enqueueCallback(user("subject-1", "alice", List.of("soc-viewers"), ONE_HOUR));
        HttpClient browser = browser();

        HttpResponse<String> login = get(browser, "/login/oidc?next=%2Fincidents%3Fq%3D%22a%22%26n%3D1");

        // A page of this site that goes on (a redirect would not carry the SameSite=Strict session cookie).
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(login.body()).contains("<meta http-equiv=\"refresh\" content=\"0; url=/incidents?q=&quot;a&quot;&amp;n=1\">");
        assertThat(get(browser, "/session").statusCode()).isEqualTo(200);

        // Another site, or a scheme, is not a path of this one: the login ends in the JSON reply instead.
        for (String elsewhere : List.of("%2F%2Fevil.example%2Fx", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example")) {
            provider.enqueueCallback(user("subject-1", "alice", List.of("soc-viewers"), ONE_HOUR));
            HttpResponse<String> again = get(browser(), "/login/oidc?next=" + elsewhere);
            assertThat(again.statusCode()).as(elsewhere).isEqualTo(200);
            assertThat(RestFixture.json(again).path("name").asText()).as(elsewhere).isEqualTo("alice");
        }
    }

    @Test
    void aLocalAccountIsNeverTakenOverByAnOidcUserOfTheSameName() throws Exception {
        rampart.addAccount("alice", Role.VIEWER);
        provider.enqueueCallback(user("subject-1", "alice", List.of("soc-admins"), ONE_HOUR));
        HttpClient browser = browser();

        HttpResponse<String> login = get(browser, "/login/oidc");

        assertThat(login.statusCode()).as(login.body()).isEqualTo(409);
        assertNoSession(browser);
        assertThat(rampart.accounts.list()).extracting(a -> a.name() + ":" + a.role().id()).containsExactly("alice:viewer");
    }

    /** Logs in through the provider and expects a 401 whose reason mentions {@code why}, and no session. */
    private void assertRefused(String why) throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> login = get(browser, "/login/oidc");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(401);
        assertThat(RestFixture.json(login).path("error").asText()).containsIgnoringCase(why);
        assertNoSession(browser);
        assertThat(rampart.accounts.list()).isEmpty();
    }

    private void assertNoSession(HttpClient browser) throws Exception {
        assertThat(get(browser, "/session").statusCode()).isEqualTo(401);
    }

    /** Starts a login and goes through the provider, stopping at the callback URL the provider sends the browser to. */
    private URI providerRedirect(HttpClient browser) throws Exception {
        HttpResponse<String> start = get(browser, "/login/oidc");
        assertThat(start.statusCode()).isEqualTo(302);
        HttpResponse<String> authorize = browser.send(HttpRequest.newBuilder(
                URI.create(start.headers().firstValue("Location").orElseThrow())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorize.statusCode()).isEqualTo(302);
        URI callback = URI.create(authorize.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/login/oidc/callback");
        return callback;
    }

    private static HttpClient browser() {
        return browser(HttpClient.Redirect.NORMAL);
    }

    private static HttpClient browser(HttpClient.Redirect redirects) {
        return HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(redirects).build();
    }


    private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rampart.server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the provider's next token for {@code subject} holds; {@code expiresIn} seconds, negative for expired. */
    private static DefaultOAuth2TokenCallback user(String subject, String name, List<String> groups, long expiresIn) {
        return withClaims(subject, Map.of("preferred_username", name, "groups", groups), expiresIn);
    }

    private static DefaultOAuth2TokenCallback withClaims(String subject, Map<String, Object> claims, long expiresIn) {
        return new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, expiresIn);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
