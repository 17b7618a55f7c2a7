package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rampart.alerts.schedule.AlertSchedule;
import org.rampart.event.Json;

/**
 * The scheduled alerts on the health page, over the fixture's real scheduler: admins switch them on and off and change
 * their crontabs (kept, refused with the API's reason when bad), others only see them, and runs and changes show up
 * without a reload.
 */
class SchedulesPageTest extends BrowserTest {
    private static final String BRUTEFORCE = "bruteforce_ssh.AlertBruteforceSsh";
    private static final String WATCH = "watch.AlertWatch";
    /** The page's own session and CSRF token: what a forged request from the page would send. */
    private static final String SEND_WITH_CSRF = "([method, path, body]) => fetch(path, {method, headers:"
            + " {'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]')"
            + ".content}, body: body == null ? undefined : JSON.stringify(body)})"
            + ".then(async r => ({status: r.status, body: await r.text()}))";

    private static Locator row(Page page, String name) {
        return page.locator("#schedules tbody tr[data-name='" + name + "']");
    }

    private static Locator cell(Page page, String name, int column) {
        return row(page, name).locator("td:nth-child(" + column + ")");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> send(Page page, String method, String path, Object body) {
        return (Map<String, Object>) page.evaluate(SEND_WITH_CSRF, new Object[] {method, path, body});
    }

    private static JsonNode schedulesFromTheApi(Page page) throws Exception {
        Map<String, Object> reply = send(page, "GET", "/api/alertschedules", null);
        assertThat(reply.get("status")).isEqualTo(200);
        return Json.MAPPER.readTree((String) reply.get("body"));
    }

    private static AlertSchedule live(String name) {
        return fixture.scheduler.schedules().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anAdminSwitchesAnAlertOffAndChangesItsCrontabWhichOutlivesAReload() throws Exception {
        Page page = Browsers.loggedIn(context, fixture, "ada");
        page.navigate(fixture.url("/status"));
        assertThat(row(page, BRUTEFORCE).locator(".schedule-enabled")).isChecked();

        row(page, BRUTEFORCE).locator(".schedule-enabled").uncheck();
        assertThat(cell(page, BRUTEFORCE, 7)).hasText("off");
        row(page, BRUTEFORCE).locator(".schedule-cron").fill("*/10 * * * *");
        row(page, BRUTEFORCE).locator(".schedule-save").click();
        assertThat(row(page, BRUTEFORCE).locator(".schedule-error")).isEmpty();
        assertThat(page.locator("#schedules")).not().containsText("refused");

        page.reload();
        assertThat(row(page, BRUTEFORCE).locator(".schedule-cron")).hasValue("*/10 * * * *");
        assertThat(row(page, BRUTEFORCE).locator(".schedule-enabled")).not().isChecked();
        JsonNode listed = schedulesFromTheApi(page).path(BRUTEFORCE);
        assertThat(listed.path("enabled").asBoolean()).isFalse();
        assertThat(listed.path("celery_schedule").path("minute").asText()).isEqualTo("*/10");
        assertThat(listed.path("modifiedby").asText()).isEqualTo("ada");
        assertThat(live(BRUTEFORCE).cron()).isEqualTo("*/10 * * * *");
        assertThat(live(BRUTEFORCE).enabled()).isFalse();

        row(page, BRUTEFORCE).locator(".schedule-enabled").check();
        assertThat(cell(page, BRUTEFORCE, 7)).not().hasText("off");
        assertThat(live(BRUTEFORCE).enabled()).isTrue();
    }

    @Test
    void aBadCrontabIsRefusedWithTheApisReasonAndChangesNothing() throws Exception {
        Page page = Browsers.loggedIn(context, fixture, "ada");
        page.navigate(fixture.url("/status"));
        String before = live(WATCH).cron();
        assertThat(row(page, WATCH).locator(".schedule-cron")).hasValue(before);

        row(page, WATCH).locator(".schedule-cron").fill("61 * * * *");
        row(page, WATCH).locator(".schedule-save").click();

        String reason = Json.MAPPER.readTree((String) send(page, "PATCH", "/api/alertschedules/" + WATCH,
                Map.of("cron", "61 * * * *")).get("body")).path("error").asText();
        assertThat(reason).contains("61");
        assertThat(row(page, WATCH).locator(".schedule-error")).hasText(reason);
        // What was typed stays, to be corrected; the schedule is as it was.
        assertThat(row(page, WATCH).locator(".schedule-cron")).hasValue("61 * * * *");
        assertThat(live(WATCH).cron()).isEqualTo(before);
    }

    @Test
    void viewersAndAnalystsSeeTheSchedulesWithoutControlsAndTheApiRefusesTheirChanges() {
        for (String name : List.of("vera", "alice")) {
            try (BrowserContext own = Browsers.context()) {
                Page page = Browsers.loggedIn(own, fixture, name);
                page.navigate(fixture.url("/status"));
                assertThat(page.locator("#schedules tbody tr")).hasCount(2);
                assertThat(cell(page, WATCH, 2)).hasText(live(WATCH).cron());
                assertThat(cell(page, WATCH, 3)).hasText(live(WATCH).enabled() ? "yes" : "no");
                assertThat(page.locator("#schedules input, #schedules button")).hasCount(0);

                // The controls' absence is a courtesy: the API refuses the change with the page's own session.
                Map<String, Object> forged = send(page, "PATCH", "/api/alertschedules/" + WATCH, Map.of("enabled", false));
                assertThat(forged.get("status")).as(name).isEqualTo(403);
                assertThat(live(WATCH).enabled()).as(name).isTrue();
            }
        }
    }

    @Test
    void aChangeElsewhereAndEachRunShowUpWithoutAReload() {
        Page page = Browsers.loggedIn(context, fixture, "ada");
        page.navigate(fixture.url("/status"));
        String runs = cell(page, WATCH, 8).textContent();

        // Another admin's change arrives over the stream (a "schedule" event).
        try (BrowserContext other = Browsers.context()) {
            Page elsewhere = Browsers.loggedIn(other, fixture, "ada");
            assertThat(send(elsewhere, "PATCH", "/api/alertschedules/" + BRUTEFORCE, Map.of("cron", "0 * * * *"))
                    .get("status")).isEqualTo(200);
        }
        assertThat(row(page, BRUTEFORCE).locator(".schedule-cron")).hasValue("0 * * * *");

        // The watch alert runs every minute: its run arrives as a "schedule.run" event.
        assertThat(cell(page, WATCH, 8)).not().hasText(runs, new LocatorAssertions.HasTextOptions().setTimeout(90_000));
        assertThat(cell(page, WATCH, 6)).hasText("0 alerts");
        assertThat(cell(page, WATCH, 4)).not().isEmpty();
        assertThat(cell(page, WATCH, 5)).containsText(" ms");
    }
}
