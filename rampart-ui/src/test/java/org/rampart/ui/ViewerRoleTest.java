package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.web.incidents.IncidentChange;

/** A viewer's pages carry no change buttons, and the server refuses the viewer's changes anyway. */
class ViewerRoleTest extends BrowserTest {
    private static final String SEND_WITH_CSRF = "([method, path, body]) => fetch(path, {method, headers:"
            + " {'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]')"
            + ".content}, body: JSON.stringify(body)}).then(r => r.status)";

    @Test
    void aViewerSeesNoChangeButtonsAndCannotChangeAnything() throws Exception {
        String alert = fixture.saveAlert("viewer", "viewer: port scan from 203.0.113.9", "scan", "NOTICE");
        long incident = fixture.rest.services().incidents().create("ada", IncidentChange.parse(
                Json.object().put("summary", "viewer: port scan"), fixture.rest.services().veris())).id();

        Page page = Browsers.loggedIn(context, fixture, "vera");
        assertThat(page.locator("#user-name")).containsText("viewer");
        assertThat(page.locator("#alerts tbody tr")).not().hasCount(0);
        assertThat(page.locator("#create-incident")).hasCount(0);
        assertThat(page.locator("input.pick")).hasCount(0);

        page.navigate(fixture.url("/alerts/" + alert));
        assertThat(page.locator("#alert-summary")).hasText("viewer: port scan from 203.0.113.9");
        assertThat(page.locator("button.set-status")).hasCount(0);
        assertThat(page.locator("#incident-from-alert")).hasCount(0);

        page.navigate(fixture.url("/incidents/" + incident));
        assertThat(page.locator("#f-summary")).isDisabled();
        assertThat(page.locator("#f-description")).isDisabled();
        assertThat(page.locator("#veris-search")).hasCount(0);
        assertThat(page.locator("#add-note")).hasCount(0);

        page.navigate(fixture.url("/incidents"));
        assertThat(page.locator("#new-incident")).hasCount(0);

        // The buttons' absence is a courtesy: the API behind them refuses the viewer whatever the page offers.
        assertThat(page.evaluate(SEND_WITH_CSRF, new Object[] {"POST", "/api/alerts/" + alert + "/status",
                Map.of("status", "acknowledged")})).isEqualTo(403);
        assertThat(page.evaluate(SEND_WITH_CSRF, new Object[] {"PATCH", "/api/incidents/" + incident,
                Map.of("version", 1, "summary", "changed by a viewer")})).isEqualTo(403);
        assertThat(page.evaluate(SEND_WITH_CSRF, new Object[] {"POST", "/api/incidents",
                Map.of("summary", "made by a viewer")})).isEqualTo(403);
        assertThat(fixture.rest.services().incidents().get(incident).orElseThrow().summary()).isEqualTo("viewer: port scan");
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenIsRefused() {
        String alert = fixture.saveAlert("viewer", "csrf: port scan from 198.51.100.4", "scan", "NOTICE");
        Page page = Browsers.loggedIn(context, fixture, "alice");
        Object status = page.evaluate("path => fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: '{\"status\": \"escalated\"}'}).then(r => r.status)", "/api/alerts/" + alert + "/status");
        assertThat(status).isEqualTo(403);
    }
}
