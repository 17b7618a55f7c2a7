package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Logging in and out in Chromium, and the headers every reply of the UI carries. */
class LoginPageTest extends BrowserTest {
    @Test
    void aPageAsksForALoginAndReturnsToItAfterwards() {
        Page page = context.newPage();
        page.navigate(fixture.url("/incidents"));
        assertThat(page).hasURL(fixture.url("/login?next=%2Fincidents"));
        page.fill("#name", "alice");
        page.fill("#password", UiFixture.passwordOf("alice"));
        page.click("button[type=submit]");
        page.waitForURL("**/incidents");
        assertThat(page.locator("#user-name")).containsText("alice");
        assertThat(page.locator("#user-name")).containsText("analyst");
    }

    @Test
    void aWrongPasswordIsRefusedOnThePage() {
        Page page = context.newPage();
        page.navigate(fixture.url("/login"));
        page.fill("#name", "alice");
        page.fill("#password", "not her password");
        page.click("button[type=submit]");
        assertThat(page.locator("#login-error")).hasText("wrong name or password");
        assertThat(page).hasURL(fixture.url("/login"));
    }

    @Test
    void logoutEndsTheSession() {
        Page page = Browsers.loggedIn(context, fixture, "alice");
        page.click("#user-name");
        page.click("#logout");
        page.waitForURL("**/login");
        page.navigate(fixture.url("/alerts"));
        assertThat(page).hasURL(fixture.url("/login?next=%2Falerts"));
    }

    @Test
    void aLoginLinkCannotSendAnyoneToAnotherSite() {
        Page page = context.newPage();
        page.navigate(fixture.url("/login?next=//evil.example/x"));
        assertThat(page.locator("#login")).hasAttribute("data-next", "/alerts");
    }

    @Test
    void pagesAndStaticFilesCarryAStrictContentSecurityPolicy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/login", "/static/ui.js", "/static/vendor/d3/d3.min.js", "/api/status"}) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(fixture.url(path))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(path).isEqualTo(200);
            String csp = reply.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe");
            assertThat(reply.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
    }
}
