package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.incidents.IncidentChange;
import org.rampart.web.incidents.Incidents;

/** Incidents in Chromium: made from alerts, classified with VERIS, and edited by two people at once. */
class IncidentPageTest extends BrowserTest {
    private static Incidents.Incident newIncident(String summary) throws Exception {
        return fixture.rest.services().incidents().create("ada",
                IncidentChange.parse(Json.object().put("summary", summary), fixture.rest.services().veris()));
    }

    private static Incidents.Incident stored(long id) throws Exception {
        return fixture.rest.services().incidents().get(id).orElseThrow();
    }

    @Test
    void anIncidentMadeFromSelectedAlertsIsClassifiedWithVeris() throws Exception {
        String first = fixture.saveAlert("bruteforce", "veris: brute force on vpn-1", "bruteforce", "WARNING");
        String second = fixture.saveAlert("bruteforce", "veris: brute force on vpn-2", "bruteforce", "WARNING");
        Page page = Browsers.loggedIn(context, fixture, "alice");
        page.locator("#alerts tr[data-id='" + first + "'] input.pick").check();
        page.locator("#alerts tr[data-id='" + second + "'] input.pick").check();
        page.click("#create-incident");
        page.waitForURL("**/incidents/*");
        long id = Long.parseLong(page.locator("#incident").getAttribute("data-id"));
        assertThat(page.locator("#alerts li")).hasCount(2);

        // The taxonomy has thousands of values: the picker searches it rather than listing it.
        page.fill("#veris-search", "hacking brute");
        Locator option = page.locator("button.veris-option", new Page.LocatorOptions()
                .setHasText("action.hacking.variety.Brute force"));
        assertThat(option).hasCount(1);
        option.click();
        assertThat(page.locator("#veris-chosen li")).hasText(new String[] {"action.hacking.variety.Brute force×"});
        assertThat(page.locator("#version")).hasText("2");
        assertThat(stored(id).body().path("veris").toString()).isEqualTo("[\"action.hacking.variety.Brute force\"]");
        assertThat(stored(id).body().path("alerts")).hasSize(2);
    }

    @Test
    void twoPeopleSeeEachOthersChangesLive() throws Exception {
        long id = newIncident("live edit: phishing wave").id();
        Page alice = Browsers.loggedIn(context, fixture, "alice");
        alice.navigate(fixture.url("/incidents/" + id));
        try (BrowserContext other = Browsers.context()) {
            Page bob = Browsers.loggedIn(other, fixture, "bob");
            bob.navigate(fixture.url("/incidents/" + id));
            assertThat(bob.locator("body.connected")).hasCount(1);

            alice.fill("#f-summary", "live edit: phishing wave, 40 mailboxes");
            alice.selectOption("#f-phase", "Containment");
            alice.locator("#f-summary").press("Tab");
            assertThat(bob.locator("#f-summary")).hasValue("live edit: phishing wave, 40 mailboxes");
            assertThat(bob.locator("#f-phase")).hasValue("Containment");
            assertThat(bob.locator("#updated-by")).hasText("alice");

            bob.fill("#note-text", "blocked the sender domain and its relay 198.51.100.9.");
            bob.click("#add-note button");
            assertThat(alice.locator("#notes li")).containsText(new String[] {"blocked the sender domain"});
            assertThat(alice.locator("#notes li button.ip")).hasAttribute("data-ip", "198.51.100.9");
        }
    }

    @Test
    void theIncidentsListShowsAnothersNewAndChangedIncidentsLive() throws Exception {
        long older = newIncident("list: an older incident").id();
        try (BrowserContext other = Browsers.context()) {
            Page vera = Browsers.loggedIn(other, fixture, "vera");
            vera.navigate(fixture.url("/incidents"));
            Page veraIdentifying = other.newPage();
            veraIdentifying.navigate(fixture.url("/incidents?phase=Identification"));
            assertThat(vera.locator("body.connected")).hasCount(1);
            assertThat(veraIdentifying.locator("body.connected")).hasCount(1);

            Page alice = Browsers.loggedIn(context, fixture, "alice");
            alice.navigate(fixture.url("/incidents"));
            alice.fill("#new-incident-summary", "list: <img src=x> phishing wave");
            alice.click("#new-incident button");
            alice.waitForURL("**/incidents/*");
            String id = alice.locator("#incident").getAttribute("data-id");

            Locator row = vera.locator("#incidents tr[data-id='" + id + "']");
            assertThat(row.locator(".summary")).hasText("list: <img src=x> phishing wave");
            assertThat(row.locator(".by")).hasText("alice");
            assertThat(vera.locator("#incidents tbody tr").first()).hasAttribute("data-id", id);
            assertThat(veraIdentifying.locator("#incidents tr[data-id='" + id + "'] .phase")).hasText("Identification");

            alice.selectOption("#f-phase", "Containment");
            assertThat(alice.locator("#version")).hasText("2");
            alice.fill("#f-owners", "alice, bob");
            alice.locator("#f-owners").press("Tab");
            assertThat(row.locator(".phase")).hasText("Containment");
            assertThat(row.locator(".owners")).hasText("alice, bob");
            assertThat(row).hasAttribute("data-version", "3");
            // The filtered list lets go of an incident that left its phase.
            assertThat(veraIdentifying.locator("#incidents tr[data-id='" + id + "']")).hasCount(0);

            // Someone else's change to an older incident brings its row to the top, once.
            ObjectNode summary = Json.object().put("summary", "list: an older incident, reopened");
            fixture.rest.services().incidents().change(older, 1, "bob",
                    IncidentChange.parse(summary, fixture.rest.services().veris()));
            Locator olderRow = vera.locator("#incidents tr[data-id='" + older + "']");
            assertThat(olderRow.locator(".summary")).hasText("list: an older incident, reopened");
            assertThat(vera.locator("#incidents tbody tr").first()).hasAttribute("data-id", String.valueOf(older));
            assertThat(olderRow).hasCount(1);
            assertThat(veraIdentifying.locator("#incidents tbody tr").first())
                    .hasAttribute("data-id", String.valueOf(older));
        }
    }

    @Test
    void aConflictingEditOfTheSameFieldIsShownNotLost() throws Exception {
        long id = newIncident("conflict: lost laptop").id();
        Page alice = Browsers.loggedIn(context, fixture, "alice");
        alice.navigate(fixture.url("/incidents/" + id));
        try (BrowserContext other = Browsers.context()) {
            Page bob = Browsers.loggedIn(other, fixture, "bob");
            bob.navigate(fixture.url("/incidents/" + id));
            assertThat(bob.locator("body.connected")).hasCount(1);

            // Bob is typing the description when Alice saves hers.
            bob.fill("#f-description", "bob: laptop was encrypted");
            alice.fill("#f-description", "alice: laptop reported stolen at 9:00");
            alice.locator("#f-description").press("Tab");
            assertThat(alice.locator("#version")).hasText("2");

            Locator conflict = bob.locator(".conflict[data-field=description]");
            assertThat(conflict).hasCount(1);
            assertThat(conflict.locator(".theirs")).hasText("alice: laptop reported stolen at 9:00");
            assertThat(bob.locator("#f-description")).hasValue("bob: laptop was encrypted");
            // Leaving the field does not save over Alice's text while the conflict is open.
            bob.locator("#f-description").press("Tab");
            bob.waitForTimeout(500);
            assertThat(stored(id).body().path("description").asText()).isEqualTo("alice: laptop reported stolen at 9:00");

            // Bob decides: his text, knowingly replacing hers; Alice sees it.
            conflict.locator("button.keep-mine").click();
            assertThat(alice.locator("#f-description")).hasValue("bob: laptop was encrypted");
            assertThat(stored(id).body().path("description").asText()).isEqualTo("bob: laptop was encrypted");
            assertThat(stored(id).version()).isEqualTo(3);
        }
    }

    @Test
    void aSaveThatLostTheRaceIsRetriedOnTheCurrentVersionWhenItTouchesAnotherField() throws Exception {
        long id = newIncident("stale: ddos on the shop").id();
        Page alice = Browsers.loggedIn(context, fixture, "alice");
        alice.navigate(fixture.url("/incidents/" + id));
        // A change the page does not hear of (the live stream is no promise): written without telling the stream.
        Incidents silent = new Incidents(fixture.state, new AuditLog(fixture.state, fixture.clock), fixture.clock,
                changed -> { });
        ObjectNode tags = Json.object();
        tags.putArray("tags").add("ddos");
        silent.change(id, 1, "bob", IncidentChange.parse(tags, fixture.rest.services().veris()));

        alice.fill("#f-summary", "stale: ddos on the shop, mitigated upstream");
        alice.locator("#f-summary").press("Tab");
        assertThat(alice.locator("#version")).hasText("3");
        assertThat(alice.locator("#f-tags")).hasValue("ddos");
        assertThat(stored(id).summary()).isEqualTo("stale: ddos on the shop, mitigated upstream");
        assertThat(stored(id).body().path("tags").toString()).isEqualTo("[\"ddos\"]");
    }
}
