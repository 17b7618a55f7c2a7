package org.rampart.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.server.demo.DemoTraffic;
import org.rampart.server.run.RampartServer;
import org.rampart.ui.Browsers;
import org.rampart.web.auth.Role;

/**
 * What a new user does after {@code ./rampart demo}, in Chromium against the whole server: log in as {@code demo}, see
 * the demo's alerts (the brute-force ones at a glance despite the repeats), work one into an incident with VERIS, look
 * at the events, the attackers and the server's health. Each page is photographed into {@code rampart.screenshots}
 * (default {@code target/screenshots}); {@code scripts/screenshots.sh} points it at docs/screenshots.
 */
class DemoWalkthroughTest {
    @TempDir
    Path data;

    @Test
    void aNewUserWorksADemoAlertIntoAnIncident() throws Exception {
        Path shots = Files.createDirectories(Path.of(System.getProperty("rampart.screenshots", "target/screenshots")));
        try (RampartServer server = RampartServer.start(RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0")))) {
            String password = server.accounts().resetOrCreate("demo", Role.ANALYST, "demo");
            URI bulk = URI.create("http://" + server.bindAddress() + ":" + server.intakePort() + "/_bulk");
            new DemoTraffic(bulk).send(3_000, Duration.ofSeconds(5));
            // The schedule runs them each minute; running them now is the same run without the wait.
            for (String name : List.of("bruteforce_ssh.AlertBruteforceSsh", "promisc_audit.PromiscAudit")) {
                SearchQuery saved = SearchQuery.all().addMust(new TermMatch("classname", name.substring(name.indexOf('.') + 1)));
                await(name).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    server.alerts().runNow(name);
                    server.store().refresh();
                    return server.store().count(saved, List.of("alerts")) > 0;
                });
            }

            String ui = "http://" + server.bindAddress() + ":" + server.webPort();
            try (BrowserContext context = Browsers.shared().newContext(new com.microsoft.playwright.Browser
                    .NewContextOptions().setViewportSize(1280, 800))) {
                context.setDefaultTimeout(20_000);
                Page page = Browsers.loggedIn(context, ui, "demo", password);
                Locator bruteforce = page.locator("#alerts tbody tr", new Page.LocatorOptions()
                        .setHasText("ssh bruteforce attempts by"));
                assertThat(bruteforce.first()).isVisible();
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("alerts.png")));

                bruteforce.first().locator(".summary a").click();
                page.waitForURL("**/alerts/*");
                page.locator("details.event").first().click();
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("alert.png")));

                page.click("#incident-from-alert");
                page.waitForURL("**/incidents/*");
                page.fill("#f-owners", "demo");
                page.locator("#f-owners").press("Tab");
                page.selectOption("#f-phase", "Containment");
                page.fill("#veris-search", "hacking brute");
                page.locator("button.veris-option", new Page.LocatorOptions()
                        .setHasText("action.hacking.variety.Brute force")).click();
                assertThat(page.locator("#veris-chosen li")).hasCount(1);
                page.fill("#timeline-text", "first failed login seen");
                page.click("#add-timeline button");
                page.fill("#note-text", "source address blocked at the edge for a day");
                page.click("#add-note button");
                assertThat(page.locator("#notes li")).hasCount(1);
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("incident.png")).setFullPage(true));

                page.navigate(ui + "/events?q=" + java.net.URLEncoder.encode("category:authentication",
                        java.nio.charset.StandardCharsets.UTF_8) + "&minutes=60");
                assertThat(page.locator("#histogram .bars rect").first()).isAttached();
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("events.png")));

                page.navigate(ui + "/attackers");
                assertThat(page.locator("#attackers tbody tr").first()).isVisible();
                assertThat(page.locator("#map .countries path").first()).isAttached();
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("attackers.png")));

                page.navigate(ui + "/status");
                assertThat(page.locator("#rate-in")).not().hasText("…");
                assertThat(page.locator("#totals")).containsText("3,000 accepted");
                assertThat(page.locator("#partitions tbody tr", new Page.LocatorOptions().setHasText("events-")).first())
                        .isVisible();
                assertThat(page.locator("#schedules tbody tr", new Page.LocatorOptions().setHasText("bruteforce_ssh")))
                        .hasCount(1);
                assertThat(page.locator("#plugins tbody tr").first()).isVisible();
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("status.png")));
            }
        }
    }
}
