package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/** Events search in Chromium: query string, histogram, a facet click that narrows the query, the raw JSON of a hit. */
class EventsPageTest extends BrowserTest {
    @BeforeAll
    static void storeEvents() {
        String now = Timestamps.isoformat(fixture.clock.instant());
        for (int i = 0; i < 12; i++) {
            var event = Json.object().put("summary", "failed login for root").put("category", "authentication")
                    .put("hostname", i < 8 ? "web-1" : "db-1").put("utctimestamp", now);
            event.putObject("details").put("sourceipaddress", "203.0.113." + (i % 3)).put("username", "root");
            fixture.store.saveEvent("events", "auth-" + i, event);
        }
        fixture.store.saveEvent("events", "other-1", Json.object().put("summary", "disk full").put("category", "syslog")
                .put("hostname", "log-1").put("utctimestamp", now));
        fixture.store.refresh();
    }

    @Test
    void aFacetClickNarrowsTheQuery() {
        Page page = Browsers.loggedIn(context, fixture, "vera");
        page.navigate(fixture.url("/events"));
        page.fill("#q", "category:authentication");
        page.click("form.filters button[type=submit]");
        assertThat(page.locator("#total")).hasText("12 events match");
        assertThat(page.locator("#histogram .bars rect")).hasCount(EventPages.BARS);
        assertThat(page.locator("#histogram .tick text").first()).not().hasText("");

        page.locator(".facet[data-field=hostname] a.facet-value", new Page.LocatorOptions().setHasText("db-1")).click();
        page.waitForURL("**/events?q=**db-1**");
        assertThat(page.locator("#q")).hasValue("(category:authentication) AND hostname:\"db-1\"");
        assertThat(page.locator("#total")).hasText("4 events match");
        assertThat(page.locator("#hits > li")).hasCount(4);

        page.locator("#hits summary").first().click();
        assertThat(page.locator("#hits pre.raw").first()).containsText("\"hostname\" : \"db-1\"");
    }

    @Test
    void aQueryTheParserRefusesIsShownOnThePage() {
        Page page = Browsers.loggedIn(context, fixture, "vera");
        page.navigate(fixture.url("/events?q=" + java.net.URLEncoder.encode("category:(authentication", java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(page.locator("#query-error")).not().hasText("");
    }
}
