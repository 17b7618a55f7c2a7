package org.rampart.intake.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/** A {@link DiskSpace} whose readings are each used until they are {@code maxAge} old. */
final class CachedDiskSpace implements DiskSpace {
    private final DiskSpace source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    /** One object, so that a concurrent request sees a reading with its own time. */
    private volatile Timed last;

    CachedDiskSpace(DiskSpace source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Reading read() throws IOException {
        Timed timed = last;
        long now = nanoTime.getAsLong();
        if (timed == null || now - timed.readAt() >= maxAgeNanos) {
            timed = new Timed(source.read(), now);
            last = timed;
        }
        return timed.reading();
    }

    private record Timed(Reading reading, long readAt) {}
}
