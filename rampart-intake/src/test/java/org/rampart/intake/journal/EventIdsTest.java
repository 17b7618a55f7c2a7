package org.rampart.intake.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsWithinOneMillisecondStillSortAndCarryTheirTime() {
        Instant now = Instant.parse("2026-11-23T09:00:00.123Z");
        EventIds ids = new EventIds(Clock.fixed(now, ZoneOffset.UTC));
        List<String> given = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            given.add(ids.next());
        }

        assertThat(given).doesNotHaveDuplicates().isSorted();
        assertThat(given).allSatisfy(id -> assertThat(EventIds.instantOf(id)).isEqualTo(now));
    }

    @Test
    void aClockGoingBackDoesNotBreakTheOrder() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:01Z"));
        EventIds ids = new EventIds(clock);
        String first = ids.next();
        clock.now = Instant.parse("2026-11-23T09:00:00Z");

        assertThat(ids.next()).isGreaterThan(first);
    }

    @Test
    void somethingThatIsNotAnIdIsRefused() {
        assertThatThrownBy(() -> EventIds.instantOf("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventIds.instantOf("!".repeat(26))).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void derivedIdsAreTheSameForTheSameKeyAndAreMarkedAsPossiblyStored() {
        Instant sent = Instant.parse("2026-12-01T09:00:00.123Z");
        String id = EventIds.derived(sent, "queue\nmessage\n0");
        assertThat(EventIds.derived(sent, "queue\nmessage\n0")).isEqualTo(id);
        assertThat(EventIds.derived(sent, "queue\nmessage\n1")).isNotEqualTo(id);
        assertThat(id).hasSize(26);
        assertThat(EventIds.instantOf(id)).isEqualTo(sent);
        assertThat(EventIds.mayBeStored(id)).isTrue();
        assertThat(EventIds.mayBeStored("01M956TQ5FXD0ZWEZFEQ2G0CSC")).isFalse();
    }
}
