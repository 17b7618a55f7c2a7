package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
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
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.Role;

/**
 * Single sign-on in Chromium: the login page's OIDC link, the provider's own sign-in form (mock-oauth2-server in
 * interactive mode, in this JVM), and back on the UI's origin, logged in, on the page first asked for.
 */
class OidcLoginPageTest {
    private static final String ISSUER_ID = "default";

    @TempDir
    Path dir;
    private MockOAuth2Server provider;
    private UiFixture fixture;
    private BrowserContext context;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        provider.start();
        // The provider's first answer can outlast Rampart's 5 s provider timeout while its server warms up.
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(provider.wellKnownUrl(ISSUER_ID).uri())
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.discarding());
        int port = freePort();
        // The provider sends browsers back to the UI's own origin, to the API it serves under /api.
        OidcLogin.Settings oidc = new OidcLogin.Settings(provider.issuerUrl(ISSUER_ID).uri(), "rampart", "client-secret",
                URI.create("http://127.0.0.1:" + port + "/api/login/oidc/callback"), List.of("profile"),
                "preferred_username", "groups", Map.of(Role.VIEWER, Set.of("soc-viewers"),
                        Role.ANALYST, Set.of("soc-analysts"), Role.ADMIN, Set.of("soc-admins")));
        fixture = new UiFixture(dir, port, oidc);
        context = Browsers.context();
    }

    @AfterEach
    void stop() {
        context.close();
        fixture.close();
        provider.shutdown();
    }

    @Test
    void aUserSignsInAtTheProviderLandsOnThePageAskedForAndLogsOut() {
        Page page = context.newPage();
        page.navigate(fixture.url("/incidents"));
        assertThat(page).hasURL(fixture.url("/login?next=%2Fincidents"));

        page.click("#oidc-login");
        page.waitForURL(provider.issuerUrl(ISSUER_ID) + "/authorize**");
        page.fill("input[name=username]", "subject-olga");
        page.fill("textarea[name=claims]", "{\"preferred_username\": \"olga\", \"groups\": [\"staff\", \"soc-analysts\"]}");
        page.click("input[type=submit]");

        page.waitForURL(fixture.url("/incidents"));
        assertThat(page.locator("#user-name")).containsText("olga");
        assertThat(page.locator("#user-name")).containsText("analyst");
        assertThat(page.locator("#new-incident")).isVisible();
        // The login's transaction was for one use: the callback cleared it.
        assertThat(context.cookies()).extracting(cookie -> cookie.name).doesNotContain("rampart_oidc", "rampart_oidc_next");

        page.click("#user-name");
        page.click("#logout");
        page.waitForURL("**/login");
        page.navigate(fixture.url("/alerts"));
        assertThat(page).hasURL(fixture.url("/login?next=%2Falerts"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
