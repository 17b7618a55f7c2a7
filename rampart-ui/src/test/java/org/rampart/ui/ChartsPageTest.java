package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/** The charts page in Chromium: logins by user and outcome, alerts by category and severity, top talkers. */
class ChartsPageTest extends BrowserTest {
    @BeforeAll
    static void storeData() {
        String now = Timestamps.isoformat(fixture.clock.instant());
        for (int i = 0; i < 9; i++) {
            var login = Json.object().put("summary", "login").put("category", "authentication").put("utctimestamp", now);
            login.putObject("details").put("username", i < 6 ? "root" : "alice").put("success", i >= 4)
                    .put("sourceipaddress", "203.0.113." + (i % 2));
            fixture.store.saveEvent("events", "login-" + i, login);
        }
        fixture.store.refresh();
        fixture.saveAlert("bruteforce", "chart: brute force", "bruteforce", "WARNING");
        fixture.saveAlert("promisc", "chart: promiscuous", "promisc", "NOTICE");
    }

    @Test
    void eachChartHasItsSeriesAxesAndLegend() {
        Page page = Browsers.loggedIn(context, fixture, "vera");
        page.navigate(fixture.url("/charts"));
        // The busiest series first: root failed 4 times, alice succeeded 3 times, root succeeded twice.
        assertThat(page.locator("#logins-chart .legend text")).hasText(new String[] {"root · failure", "alice · success",
                "root · success"});
        assertThat(page.locator("#logins-chart .series path")).hasCount(3);
        assertThat(page.locator("#logins-chart .tick").first()).isAttached();
        assertThat(page.locator("#categories-chart .legend text")).containsText(new String[] {"bruteforce", "promisc"});
        assertThat(page.locator("#severities-chart .legend text")).containsText(new String[] {"WARNING", "NOTICE"});
        assertThat(page.locator("#talkers-chart .bars rect")).hasCount(2);
        assertThat(page.locator("#talkers-chart .tick text", new Page.LocatorOptions().setHasText("203.0.113.0")))
                .hasCount(1);
    }
}
