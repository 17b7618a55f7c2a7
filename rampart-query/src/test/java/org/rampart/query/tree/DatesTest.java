package org.rampart.query.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class DatesTest {

    @Test
    void readsTheShapesEventsCarry() {
        assertThat(Dates.parse("2026-11-23T09:59:00.123456+00:00")).isEqualTo(millis("2026-11-23T09:59:00.123Z"));
        assertThat(Dates.parse("2026-11-23T09:59:00+00:00")).isEqualTo(millis("2026-11-23T09:59:00Z"));
        assertThat(Dates.parse("2026-11-23T09:59:00Z")).isEqualTo(millis("2026-11-23T09:59:00Z"));
        assertThat(Dates.parse("2026-11-23T09:59:00.5Z")).isEqualTo(millis("2026-11-23T09:59:00.500Z"));
        assertThat(Dates.parse("2026-11-23T09:59:00")).isEqualTo(millis("2026-11-23T09:59:00Z"));
        assertThat(Dates.parse("2026-11-23T11:59:00+02:00")).isEqualTo(millis("2026-11-23T09:59:00Z"));
        assertThat(Dates.parse("2026-11-23T04:29:00-0530")).isEqualTo(millis("2026-11-23T09:59:00Z"));
        assertThat(Dates.parse("1969-12-31T23:59:59.999Z")).isEqualTo(-1L);
        assertThat(Dates.parse("2024-02-29T00:00:00Z")).isEqualTo(millis("2024-02-29T00:00:00Z"));
    }

    @Test
    void readsTheRarerShapesThroughTheFormatter() {
        assertThat(Dates.parse("2026-11-23")).isEqualTo(millis("2026-11-23T00:00:00Z"));
        assertThat(Dates.parse("2026-11-23T09:59")).isEqualTo(millis("2026-11-23T09:59:00Z"));
        assertThat(Dates.parse("2026-11-23t09:59:00z")).isEqualTo(millis("2026-11-23T09:59:00Z"));
    }

    @Test
    void rejectsWhatIsNotADate() {
        for (String bad : new String[] {"", "not a date", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
                "2026-11-23T24:00:00Z", "2026-11-23T09:59:00.Z", "2026-11-23T09:59:00+25:00", "2026-11-23T09:59:00 junk",
                "Mon Nov 23 09:59:00 2026", "x".repeat(100)}) {
            assertThat(Dates.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void queryBoundsMayBeInstantsOrEpochMillis() {
        assertThat(Dates.parse((Object) Instant.parse("2026-11-23T09:59:00Z"))).isEqualTo(millis("2026-11-23T09:59:00Z"));
        assertThat(Dates.parse((Object) 1000L)).isEqualTo(1000L);
        assertThat(Dates.parse((Object) Instant.MAX)).isNull();
    }

    private static long millis(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }
}
