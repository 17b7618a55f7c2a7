package org.rampart.pipeline.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchTrackerTest {

    @Test
    void positionAdvancesOnlyOverBatchesFinishedWithoutGaps() {
        BatchTracker tracker = new BatchTracker(10);
        Object first = tracker.started(20);
        Object second = tracker.started(30);
        Object third = tracker.started(40);

        tracker.finished(second);
        assertThat(tracker.indexedUpTo()).isEqualTo(10);

        tracker.finished(first);
        assertThat(tracker.indexedUpTo()).isEqualTo(30);
        assertThat(tracker.idle()).isFalse();

        tracker.finished(third);
        assertThat(tracker.indexedUpTo()).isEqualTo(40);
        assertThat(tracker.idle()).isTrue();
    }
}
