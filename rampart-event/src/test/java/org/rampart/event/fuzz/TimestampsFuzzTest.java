package org.rampart.event.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.rampart.event.Timestamps;

/**
 * MozDef's toUTC reads the dates of every event, in dozens of formats: any text is a date or null, never an
 * exception, always within years 1 to 9999, and a date written in Rampart's format reads back as itself.
 */
class TimestampsFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneId.of("America/New_York"));
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @FuzzTest(maxDuration = "5m")
    void anyTextIsADateOrNull(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);

        Instant parsed = Timestamps.parse(text, CLOCK);

        if (parsed != null) {
            assertThat(parsed).isBetween(FIRST, LAST);
            String written = Timestamps.isoformat(parsed);
            assertThat(Timestamps.isoformat(Timestamps.parse(written, CLOCK))).as("%s read back", written).isEqualTo(written);
        }
    }
}
