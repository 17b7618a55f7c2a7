package org.rampart.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.web.incidents.IncidentChange;

/**
 * A measurement, not a test (its name is outside surefire's patterns, so {@code ./rampart test} skips it): how soon
 * two people editing one incident see each other's changes. Browser A (alice) changes the summary {@code edits} times,
 * one after the other; each is timed from A's change event (which saves it) to browser B's page (bob) showing the
 * version it made, as B's page writes it into {@code #version} when it takes the change from the live stream. Both
 * times are read in the same Chromium (one clock). Prints p50, p90, p99 and max after 5 warm-up edits.
 *
 * <p>Run: {@code mvn -o -q -B -pl rampart-ui -am test -Dtest=LiveEditLatency -Dsurefire.failIfNoSpecifiedTests=false
 * -Dedits=50}.
 */
class LiveEditLatency extends BrowserTest {
    private static final int WARM_UP = 5;

    @Test
    void twoPeopleSeeEachOthersEdits() throws Exception {
        int edits = Integer.getInteger("edits", 50);
        long id = fixture.rest.services().incidents().create("ada", IncidentChange.parse(
                Json.object().put("summary", "latency: edit 0"), fixture.rest.services().veris())).id();
        Page alice = Browsers.loggedIn(context, fixture, "alice");
        alice.navigate(fixture.url("/incidents/" + id));
        try (BrowserContext other = Browsers.context()) {
            Page bob = Browsers.loggedIn(other, fixture, "bob");
            bob.navigate(fixture.url("/incidents/" + id));
            assertThat(bob.locator("body.connected")).hasCount(1);
            // When each version first shows on Bob's page.
            bob.evaluate("() => { const version = document.getElementById('version'); window.shownAt = {};"
                    + " new MutationObserver(() => { window.shownAt[version.textContent] ??= performance.timeOrigin"
                    + " + performance.now(); }).observe(version, { childList: true, characterData: true, subtree: true }); }");

            double[] millis = new double[edits];
            for (int i = -WARM_UP; i < edits; i++) {
                String version = String.valueOf(i + WARM_UP + 2);
                double changed = ((Number) alice.evaluate("text => { const input = document.getElementById('f-summary');"
                        + " input.value = text; const at = performance.timeOrigin + performance.now();"
                        + " input.dispatchEvent(new Event('change')); return at; }", "latency: edit " + version)).doubleValue();
                bob.waitForFunction("v => window.shownAt[v] !== undefined", version);
                double shown = ((Number) bob.evaluate("v => window.shownAt[v]", version)).doubleValue();
                // Alice's next change must be made on the version her own save returned.
                assertThat(alice.locator("#version")).hasText(version);
                if (i >= 0) {
                    millis[i] = shown - changed;
                }
            }
            Arrays.sort(millis);
            System.out.printf("LiveEditLatency: %d edits, change in browser A to shown in browser B: p50 %.1f ms,"
                    + " p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", edits, rank(millis, 0.50), rank(millis, 0.90),
                    rank(millis, 0.99), millis[edits - 1]);
        }
    }

    /** The nearest-rank percentile of sorted values. */
    private static double rank(double[] sorted, double fraction) {
        return sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
