package org.rampart.intake.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/** A {@link DiskSpace} read again only once its last reading is older than a bound. */
final class LatestReading implements DiskSpace {
    private record Taken(Reading reading, long atNanos) {}

    private final DiskSpace source;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    /** Racing readers may both read the source; either reading is good. */
    private volatile Taken latest;

    LatestReading(DiskSpace source, Duration maxAge, LongSupplier nanoClock) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public Reading read() throws IOException {
        long now = nanoClock.getAsLong();
        Taken taken = latest;
        if (taken == null || now - taken.atNanos() > maxAgeNanos) {
            taken = new Taken(source.read(), now);
            latest = taken;
        }
        return taken.reading();
    }
}
