package org.rampart.intake.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The filesystem is asked again once its last figures are the bound old, so freed space is seen within the bound. */
class CachedDiskSpaceTest {
    @Test
    void aReadingIsUsedUntilItIsMaxAgeOldThenReadAgain() throws IOException {
        AtomicLong free = new AtomicLong(10);
        AtomicInteger reads = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000);
        DiskSpace space = new CachedDiskSpace(() -> {
            reads.incrementAndGet();
            return new DiskSpace.Reading(free.get(), 100);
        }, Duration.ofNanos(100), now::get);

        assertThat(space.read().usableBytes()).isEqualTo(10);
        free.set(50);
        now.addAndGet(99);
        assertThat(space.read().usableBytes()).as("still the first reading").isEqualTo(10);
        now.addAndGet(1);
        assertThat(space.read().usableBytes()).as("the bound reached: read again").isEqualTo(50);
        assertThat(reads).hasValue(2);
    }
}
