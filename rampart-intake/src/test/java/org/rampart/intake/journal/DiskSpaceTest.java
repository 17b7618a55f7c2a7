package org.rampart.intake.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {
    @Test
    void aReadingServesUntilTheIntervalHasPassedThenTheFilesystemIsReadAgain() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000);
        AtomicLong free = new AtomicLong(500);
        AtomicInteger reads = new AtomicInteger();
        DiskSpace space = DiskSpace.atMostEvery(Duration.ofMillis(50), nanos::get, () -> {
            reads.incrementAndGet();
            return new DiskSpace.Reading(free.get(), 1_000);
        });

        assertThat(space.read().usableBytes()).isEqualTo(500);
        free.set(10);
        nanos.addAndGet(Duration.ofMillis(49).toNanos());
        assertThat(space.read().usableBytes()).as("within 50 ms: the first reading").isEqualTo(500);
        assertThat(reads).hasValue(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(space.read().usableBytes()).as("50 ms on: read again").isEqualTo(10);
        assertThat(space.read().usableBytes()).isEqualTo(10);
        assertThat(reads).hasValue(2);
    }

    @Test
    void theFilesystemsOwnFiguresArePlausible(@TempDir Path dir) throws Exception {
        DiskSpace.Reading reading = DiskSpace.of(dir).read();
        assertThat(reading.totalBytes()).isPositive();
        assertThat(reading.usableBytes()).isBetween(0L, reading.totalBytes());
    }
}
