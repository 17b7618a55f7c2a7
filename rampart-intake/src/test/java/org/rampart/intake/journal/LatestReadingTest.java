package org.rampart.intake.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatestReadingTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong free = new AtomicLong(500);

    private final DiskSpace space = new LatestReading(() -> {
        reads.incrementAndGet();
        return new DiskSpace.Reading(free.get(), 1_000);
    }, Duration.ofNanos(10), clock::get);

    @Test
    void readsTheFilesystemAgainOnlyOnceTheLastReadingIsTooOld() throws IOException {
        assertThat(space.read().usableBytes()).isEqualTo(500);
        free.set(20);
        clock.addAndGet(10);
        assertThat(space.read().usableBytes()).isEqualTo(500);
        assertThat(reads).hasValue(1);

        clock.addAndGet(1);
        assertThat(space.read().usableBytes()).isEqualTo(20);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadingIsNotKeptAndTheNextCallTriesAgain() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        DiskSpace flaky = new LatestReading(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("statvfs failed");
            }
            return new DiskSpace.Reading(7, 9);
        }, Duration.ofSeconds(1), clock::get);

        assertThatThrownBy(flaky::read).isInstanceOf(IOException.class);
        assertThat(flaky.read().usableBytes()).isEqualTo(7);
    }
}
