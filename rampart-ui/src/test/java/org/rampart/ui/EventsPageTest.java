package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
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
        var flow = Json.object().put("summary", "denied 2001:db8::9 to 192.0.2.10:443").put("category", "firewall")
                .put("hostname", "fw-1").put("utctimestamp", now);
        flow.putObject("details").put("destinationipaddress", "2001:db8::9").put("sourceport", "10:20")
                .put("version", "1.2.3").put("mac", "aa:bb:cc:dd:ee:ff");
        fixture.store.saveEvent("events", "flow-1", flow);
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
    void theAddressesInAHitsRawJsonOpenTheIpMenuAndAnAnalystBlocksOne() {
        Page page = Browsers.loggedIn(context, fixture, "alice");
        page.navigate(fixture.url("/events?q=category%3Afirewall"));
        Locator hit = page.locator("#hits > li");
        assertThat(hit).hasCount(1);
        hit.locator("summary").click(new Locator.ClickOptions().setPosition(4, 4));
        // Addresses, as a value of their own or in text (without the port); not "10:20", a version, a MAC or a time.
        assertThat(hit.locator("summary button.ip")).hasText(new String[] {"2001:db8::9", "192.0.2.10"});
        assertThat(hit.locator("pre.raw button.ip[data-ip='2001:db8::9']")).hasCount(2);
        assertThat(hit.locator("pre.raw button.ip[data-ip='192.0.2.10']")).hasCount(1);
        assertThat(hit.locator("pre.raw button.ip")).hasCount(3);
        assertThat(hit.locator("pre.raw")).containsText("\"summary\" : \"denied 2001:db8::9 to 192.0.2.10:443\"");

        hit.locator("pre.raw button.ip").last().click();
        Locator menu = page.locator(".ip-menu");
        menu.locator("button.block").click();
        assertThat(menu.locator(".result")).hasText("done: blockip for a day");
        APIResponse list = context.request().get(fixture.url("/api/lists/ipblocklist"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains("2001:db8::9");

        // Searching for it finds the event where it is the destination.
        page.locator("#hits pre.raw button.ip").last().click();
        page.locator(".ip-menu a").click();
        page.waitForURL("**/events?q=**");
        assertThat(page.locator("#total")).hasText("1 events match");
    }

    @Test
    void aFacetAddressOpensTheIpMenuWhichSearchesForIt() {
        Page page = Browsers.loggedIn(context, fixture, "vera");
        page.navigate(fixture.url("/events?q=category%3Aauthentication"));
        Locator facet = page.locator(".facet[data-field='details.sourceipaddress']");
        assertThat(facet.locator("button.ip")).hasCount(3);
        assertThat(page.locator(".facet[data-field=hostname] button.ip")).hasCount(0);
        facet.locator("button.ip[data-ip='203.0.113.1']").click();
        Locator menu = page.locator(".ip-menu");
        // A viewer may look an address up but not block or watch it.
        assertThat(menu.locator("button.block")).hasCount(0);
        assertThat(menu.locator("button.watch")).hasCount(0);
        menu.locator("a", new Locator.LocatorOptions().setHasText("Search events")).click();
        page.waitForURL("**/events?q=**");
        assertThat(page.locator("#q")).hasValue(
                "details.sourceipaddress:\"203.0.113.1\" OR details.destinationipaddress:\"203.0.113.1\"");
        assertThat(page.locator("#total")).hasText("4 events match");

        // The same menu from the raw JSON of a hit, for a viewer: search and whois only.
        page.locator("#hits > li summary").first().click(new Locator.ClickOptions().setPosition(4, 4));
        page.locator("#hits pre.raw button.ip[data-ip='203.0.113.1']").first().click();
        assertThat(menu.locator("button.whois")).hasCount(1);
        assertThat(menu.locator("button.block")).hasCount(0);
        assertThat(menu.locator("button.watch")).hasCount(0);
    }

    @Test
    void aQueryTheParserRefusesIsShownOnThePage() {
        Page page = Browsers.loggedIn(context, fixture, "vera");
        page.navigate(fixture.url("/events?q=" + java.net.URLEncoder.encode("category:(authentication", java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(page.locator("#query-error")).not().hasText("");
    }
}
