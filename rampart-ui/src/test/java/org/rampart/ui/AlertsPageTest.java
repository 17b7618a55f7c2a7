package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** The alerts page in Chromium: live arrivals, folding of repeats, filters, and an alert's own page. */
class AlertsPageTest extends BrowserTest {
    private static Locator row(Page page, String summary) {
        return page.locator("#alerts tbody tr", new Page.LocatorOptions().setHasText(summary));
    }

    @Test
    void aNewAlertAppearsWithoutReloadingThePage() {
        Page page = Browsers.loggedIn(context, fixture, "alice");
        page.evaluate("window.notReloaded = true");
        assertThat(page.locator("body.connected")).hasCount(1);
        fixture.saveAlert("bruteforce", "live: 12 failed logins for root on web-1", "bruteforce", "WARNING");
        assertThat(row(page, "live: 12 failed logins for root on web-1")).hasCount(1);
        assertThat(row(page, "live: 12 failed logins").locator(".severity")).hasText("WARNING");
        assertThat(page.evaluate("window.notReloaded")).isEqualTo(true);
    }

    @Test
    void repeatedAlertsFoldIntoOneRowWithACountAndASparkline() {
        for (int i = 0; i < 30; i++) {
            fixture.saveAlert("promisc", "fold: promiscuous mode on eth0", "promisc", "WARNING");
        }
        fixture.saveAlert("bruteforce", "fold: brute force on db-2", "bruteforce", "CRITICAL");
        Page page = Browsers.loggedIn(context, fixture, "alice");
        assertThat(row(page, "fold: promiscuous mode on eth0")).hasCount(1);
        assertThat(row(page, "fold: promiscuous mode on eth0").locator(".count")).hasText("30");
        assertThat(row(page, "fold: promiscuous mode on eth0").locator("svg.spark")).hasCount(1);
        assertThat(row(page, "fold: brute force on db-2")).hasCount(1);

        // A live repeat joins its row instead of adding one.
        assertThat(page.locator("body.connected")).hasCount(1);
        fixture.saveAlert("promisc", "fold: promiscuous mode on eth0", "promisc", "WARNING");
        assertThat(row(page, "fold: promiscuous mode on eth0").locator(".count")).hasText("31");
        assertThat(row(page, "fold: promiscuous mode on eth0")).hasCount(1);
    }

    @Test
    void filtersNarrowTheList() {
        fixture.saveAlert("filtered", "filter: disk full on log-3", "disk", "NOTICE");
        fixture.saveAlert("filtered", "filter: root login on log-3", "session", "CRITICAL");
        Page page = Browsers.loggedIn(context, fixture, "alice");
        page.selectOption("select[name=severity]", "CRITICAL");
        page.fill("input[name=text]", "log-3");
        page.click("form.filters button[type=submit]");
        page.waitForURL("**/alerts?**severity=CRITICAL**");
        assertThat(row(page, "filter: root login on log-3")).hasCount(1);
        assertThat(row(page, "filter: disk full on log-3")).hasCount(0);

        page.navigate(fixture.url("/alerts?regex=dis.*"));
        assertThat(row(page, "filter: disk full on log-3")).hasCount(1);
        assertThat(row(page, "filter: root login on log-3")).hasCount(0);

        page.navigate(fixture.url("/alerts?from=yesterday"));
        assertThat(page.locator("#filter-error")).containsText("ISO-8601");
    }

    @Test
    void anAlertsPageShowsItsEventsAndTakesAStatus() {
        var event = org.rampart.event.Json.object().put("summary", "failed login root from 198.51.100.77")
                .put("hostname", "web-7");
        event.putObject("details").put("destinationipaddress", "2001:db8::42").put("time", "10:00:01.5");
        fixture.store.saveEvent("events", "ev-status-1", event);
        fixture.store.refresh();
        var alert = org.rampart.event.Json.object().put("classname", "bruteforce").put("summary", "status: brute force on web-7")
                .put("category", "bruteforce").put("severity", "WARNING");
        alert.putArray("events").addObject().put("documentindex", "events").put("documentid", "ev-status-1");
        String id = fixture.saveAlert(alert);
        Page page = Browsers.loggedIn(context, fixture, "alice");
        row(page, "status: brute force on web-7").locator(".summary a").click();
        page.waitForURL("**/alerts/" + id);
        assertThat(page.locator("details.event summary")).containsText("web-7");
        // The addresses in the event's line and its raw JSON open the IP menu; a time is no address.
        assertThat(page.locator("details.event summary button.ip")).hasAttribute("data-ip", "198.51.100.77");
        page.locator("details.event summary").click(new Locator.ClickOptions().setPosition(4, 4));
        assertThat(page.locator("details.event pre.raw button.ip")).hasText(new String[] {"198.51.100.77", "2001:db8::42"});
        page.click("button[data-status=acknowledged]");
        assertThat(page.locator("#alert-status")).hasText("acknowledged");
        page.navigate(fixture.url("/alerts"));
        assertThat(row(page, "status: brute force on web-7").locator(".status")).hasText("acknowledged");
    }
}
