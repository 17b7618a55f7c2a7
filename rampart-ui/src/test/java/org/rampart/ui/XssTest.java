package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rampart.event.Json;
import org.rampart.web.incidents.IncidentChange;

/**
 * Attacker-controlled text on every page: events, alerts and incidents whose every field (summary, hostname, category,
 * severity, tags, details keys and values, notes, timeline) carries one of the payloads in xss-payloads.txt. In
 * Chromium, each page that shows them must run none of it (no dialog, the canary stays unset, no Content-Security-Policy
 * violation in the page or reported to the server) and show each payload as the text it is. The tests run in order:
 * the live one adds alerts the list test would count.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XssTest extends BrowserTest {
    /** Set by the page's first script, before any of the page's own, to record CSP violations. */
    private static final String WATCH_VIOLATIONS = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective"
            + " + ' ' + e.blockedURI));";
    private static List<String> payloads;
    private static final List<String> alertIds = new ArrayList<>();
    private static final List<Long> incidentIds = new ArrayList<>();
    private final List<String> dialogs = new ArrayList<>();

    @BeforeAll
    static void storePayloads() throws Exception {
        payloads = payloads();
        assertThat(payloads).hasSizeGreaterThanOrEqualTo(50);
        for (int i = 0; i < payloads.size(); i++) {
            String p = payloads.get(i);
            ObjectNode event = carrying(p).put("hostname", p);
            fixture.store.saveEvent("events", "xss-event-" + i, event);
            ObjectNode alert = carrying(p).put("classname", p).put("severity", p);
            alert.putArray("events").addObject().put("documentindex", "events").put("documentid", "xss-event-" + i);
            alertIds.add(fixture.saveAlert(alert));

            ObjectNode incident = Json.object().put("summary", p).put("description", p).put("note", p);
            incident.putArray("tags").add(p);
            incident.putArray("alerts").add(alertIds.getLast());
            incident.putObject("timeline").put("time", "2026-12-06T10:00:00Z").put("text", p);
            incidentIds.add(fixture.rest.services().incidents().create("alice",
                    IncidentChange.parse(incident, fixture.rest.services().veris())).id());
        }
        fixture.store.refresh();
    }

    /** A document whose summary, category, tags and details (keys and values) are the payload. */
    private static ObjectNode carrying(String payload) {
        ObjectNode doc = Json.object().put("summary", payload).put("category", payload);
        doc.putArray("tags").add(payload).add("xss");
        doc.putObject("details").put(payload, payload).put("sourceipaddress", payload);
        return doc;
    }

    private static List<String> payloads() throws IOException {
        try (InputStream in = XssTest.class.getResourceAsStream("xss-payloads.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private Page watchedPage(String user) {
        context.addInitScript(WATCH_VIOLATIONS);
        Page page = Browsers.loggedIn(context, fixture, user);
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        return page;
    }

    /** Nothing ran on the page as it is now. */
    private void assertNothingRan(Page page) {
        assertThat(page.evaluate("window.xssCanary")).as(page.url()).isNull();
        assertThat(page.evaluate("window.cspViolations")).as(page.url()).isEqualTo(List.of());
        assertThat(dialogs).as(page.url()).isEmpty();
    }

    @Test
    @Order(1)
    void theAlertsListAndEachAlertShowThePayloadsAsText() {
        Page page = watchedPage("alice");
        Locator summaries = page.locator("#alerts td.summary a");
        assertThat(summaries).hasCount(payloads.size());
        assertThat(summaries.allTextContents()).containsExactlyInAnyOrderElementsOf(payloads);
        assertThat(page.locator("#alerts td.category").allTextContents()).containsExactlyInAnyOrderElementsOf(payloads);
        assertNothingRan(page);

        for (int i = 0; i < alertIds.size(); i++) {
            page.navigate(fixture.url("/alerts/" + alertIds.get(i)));
            String p = payloads.get(i);
            assertThat(page.locator("#alert-summary")).hasText(p.strip());
            assertThat(page.locator("details.event summary").textContent()).contains(p);
            // The raw JSON shows the payload as a JSON string.
            assertThat(page.locator("pre.raw").last().textContent()).contains(Json.MAPPER.valueToTree(p).toString());
            assertNothingRan(page);
        }
    }

    @Test
    @Order(3)
    void aPayloadArrivingLiveIsShownAsText() {
        Page page = watchedPage("alice");
        assertThat(page.locator("body.connected")).hasCount(1);
        for (String p : payloads.subList(0, 20)) {
            fixture.saveAlert(carrying(p).put("classname", "live-" + p).put("severity", p));
        }
        Locator live = page.locator("#alerts tr.new td.summary a");
        assertThat(live).hasCount(20);
        assertThat(live.allTextContents()).containsExactlyInAnyOrderElementsOf(payloads.subList(0, 20));
        assertNothingRan(page);
    }

    @Test
    @Order(3)
    void aPayloadArrivingLiveOnTheIncidentsListIsShownAsText() throws Exception {
        Page page = watchedPage("vera");
        page.navigate(fixture.url("/incidents"));
        assertThat(page.locator("body.connected")).hasCount(1);
        for (String p : payloads.subList(0, 20)) {
            fixture.rest.services().incidents().create("bob",
                    IncidentChange.parse(Json.object().put("summary", p), fixture.rest.services().veris()));
        }
        assertThat(page.locator("#incidents tr.new")).hasCount(20);
        assertThat(page.locator("#incidents tr.new td.summary a").allTextContents())
                .containsExactlyInAnyOrderElementsOf(payloads.subList(0, 20));
        assertNothingRan(page);
    }

    @Test
    @Order(2)
    void incidentsAndTokensShowThePayloadsAsText() {
        Page page = watchedPage("alice");
        page.navigate(fixture.url("/incidents"));
        assertThat(page.locator("#incidents td a").allTextContents()).containsAll(payloads);
        assertNothingRan(page);
        for (int i = 0; i < incidentIds.size(); i++) {
            page.navigate(fixture.url("/incidents/" + incidentIds.get(i)));
            assertThat(page.locator("#f-summary")).hasValue(payloads.get(i));
            assertThat(page.locator("#f-description")).hasValue(payloads.get(i));
            assertThat(page.locator("#notes li")).containsText(payloads.get(i));
            assertThat(page.locator("#timeline li")).containsText(payloads.get(i));
            assertNothingRan(page);
        }

        page.navigate(fixture.url("/tokens"));
        List<String> named = payloads.stream().filter(p -> p.length() <= 64).limit(40).toList();
        for (String p : named) {
            Object status = page.evaluate("name => fetch('/api/tokens', {method: 'POST', headers: {'Content-Type':"
                    + " 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},"
                    + " body: JSON.stringify({name, role: 'viewer'})}).then(r => r.status)", p);
            assertThat(status).as(p).isEqualTo(201);
        }
        page.navigate(fixture.url("/tokens"));
        assertThat(page.locator("#tokens tbody td:first-child").allTextContents())
                .containsExactlyInAnyOrderElementsOf(named.stream().map(String::strip).toList());
        assertNothingRan(page);
    }

    @Test
    @Order(4)
    void theServerReceivedNoViolationReport() {
        // Reports are sent asynchronously: give the earlier tests' last ones time to arrive.
        Page page = watchedPage("alice");
        page.navigate(fixture.url("/alerts/" + alertIds.getFirst()));
        page.navigate(fixture.url("/incidents/" + incidentIds.getFirst()));
        page.waitForTimeout(2000);
        assertNothingRan(page);
        assertThat(fixture.ui.cspReports().latest()).isEmpty();
    }

    @Test
    @Order(5)
    void theViolationReportEndpointIsLive() throws Exception {
        // The endpoint the policy names does record reports: proof the check above can fail.
        long before = fixture.ui.cspReports().received();
        Page page = watchedPage("alice");
        page.evaluate("() => fetch('/csp-report', {method: 'POST', headers: {'Content-Type': 'application/csp-report'},"
                + " body: JSON.stringify({'csp-report': {'violated-directive': 'script-src', 'blocked-uri': 'inline'}})})");
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.ui.cspReports().received() == before + 1);
        assertThat(fixture.ui.cspReports().latest().getLast()).contains("\"blocked-uri\":\"inline\"");
    }
}
