package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.web.lists.ListItems;

/** The attackers page in Chromium (table and d3-geo world map) and the IP menu on its addresses. */
class AttackersPageTest extends BrowserTest {
    @BeforeAll
    static void storeAlerts() {
        String now = Timestamps.isoformat(fixture.clock.instant());
        for (int i = 0; i < 3; i++) {
            var alert = Json.object().put("classname", "bruteforce").put("summary", "brute force from 81.2.69.160")
                    .put("category", "bruteforce").put("severity", "WARNING").put("utctimestamp", now);
            alert.putObject("details").put("sourceipaddress", "81.2.69.160").putObject("sourceipgeolocation")
                    .put("city", "London").put("country_code", "GB").put("latitude", 51.5).put("longitude", -0.12);
            fixture.saveAlert(alert);
        }
        var unlocated = Json.object().put("classname", "scan").put("summary", "port scan").put("category", "scan")
                .put("severity", "NOTICE").put("utctimestamp", now);
        unlocated.putObject("details").put("sourceipaddress", "198.51.100.23");
        fixture.saveAlert(unlocated);
    }

    @Test
    void attackersAreListedAndPlacedOnTheMap() {
        Page page = Browsers.loggedIn(context, fixture, "vera");
        page.navigate(fixture.url("/attackers"));
        Locator london = page.locator("#attackers tr[data-ip='81.2.69.160']");
        assertThat(london.locator(".alerts")).hasText("3");
        assertThat(london).containsText("London, GB");
        assertThat(page.locator("#attackers tr[data-ip='198.51.100.23']")).hasCount(1);
        assertThat(page.locator("#map .attackers circle")).hasCount(1);
        assertThat(page.locator("#map-legend")).hasText("1 of 2 addresses located; dot area = alerts");
        assertThat(page.locator("#map .countries path").count()).isGreaterThan(100);
    }

    @Test
    void theIpMenuSearchesAndBlocks() throws Exception {
        Page page = Browsers.loggedIn(context, fixture, "alice");
        page.navigate(fixture.url("/attackers"));
        page.locator("#attackers button.ip[data-ip='81.2.69.160']").click();
        Locator menu = page.locator(".ip-menu");
        assertThat(menu.locator("a")).hasAttribute("href",
                "/events?q=details.sourceipaddress%3A%2281.2.69.160%22%20OR%20details.destinationipaddress%3A%2281.2.69.160%22"
                        + "&minutes=1440");
        menu.locator("button.block").click();
        assertThat(menu.locator(".result")).hasText("done: blockip for a day");
        assertThat(new ListItems(fixture.state, null, fixture.clock).current(ListItems.Kind.IP_BLOCKLIST))
                .contains("81.2.69.160/32");
    }

    @Test
    void aViewersIpMenuOffersNoBlock() {
        Page page = Browsers.loggedIn(context, fixture, "vera");
        page.navigate(fixture.url("/attackers"));
        page.locator("#attackers button.ip[data-ip='198.51.100.23']").click();
        assertThat(page.locator(".ip-menu a")).hasText("Search events");
        assertThat(page.locator(".ip-menu button.block")).hasCount(0);
    }
}
