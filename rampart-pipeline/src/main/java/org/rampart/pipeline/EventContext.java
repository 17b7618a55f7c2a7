package org.rampart.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What the pipeline knows about one event besides its body, the same on every pass: plugins take "now" from here,
 * never from the wall clock, so that an event replayed after a crash (even across midnight) gets the same timestamps,
 * and so the same daily partition, as on its first pass.
 *
 * @param eventId  the id intake gave the event; null outside the pipeline (a conformance case, a test)
 * @param clock    fixed at the time intake took the event, in the zone of timestamps that carry none
 * @param replayed true when the event is read again after a restart and may already be stored
 */
public record EventContext(String eventId, Clock clock, boolean replayed) {
    public EventContext {
        Objects.requireNonNull(clock, "clock");
    }

    /** A context outside the pipeline: no id, not replayed, "now" from {@code clock}. */
    public static EventContext at(Clock clock) {
        return new EventContext(null, clock, false);
    }

    /** When intake took the event: the event's "now". */
    public Instant received() {
        return clock.instant();
    }
}
