package org.rampart.pipeline.worker;

import java.util.List;

/**
 * Consecutive events from an {@link EventSource}.
 *
 * @param end    the source position after the last event: checkpoint here once the batch (and all before it) is in the store
 * @param events the events, possibly empty
 */
public record SourceBatch(long end, List<SourceEvent> events) {

    /** A batch with no events (nothing arrived in time). */
    public static SourceBatch empty(long position) {
        return new SourceBatch(position, List.of());
    }
}
