package org.rampart.intake.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per second per client, a token bucket each (a burst of one second's worth, then the rate), so that one
 * address cannot flood the intake with cheap requests while staying under its in-flight slots. A client is what
 * {@link ClientSlots} calls one: an IPv4 address or an IPv6 /64.
 */
final class ClientRates {
    /**
     * Buckets kept at most; past it the full ones (idle clients) are forgotten, and all of them when that frees less
     * than half, so addresses cannot grow the map and a flood of addresses cannot make every request scan it.
     */
    private static final int MAX_CLIENTS = 65_536;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perSecond;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }

    /** {@code perSecond} requests a second per client; 0 or less: no limit. */
    ClientRates(double perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    /** Whether {@code client} may send a request now; takes one token when it may. */
    boolean tryAcquire(String client) {
        if (perSecond <= 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client)) {
            buckets.values().removeIf(b -> refill(b, now) >= perSecond);
            // Many clients all busy: start afresh, so the next full scan is MAX_CLIENTS new clients away, not one.
            if (buckets.size() >= MAX_CLIENTS / 2) {
                buckets.clear();
            }
        }
        boolean[] taken = {false};
        buckets.compute(client, (key, bucket) -> {
            Bucket b = bucket == null ? new Bucket(perSecond, now) : bucket;
            refill(b, now);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                taken[0] = true;
            }
            return b;
        });
        return taken[0];
    }

    private double refill(Bucket b, long now) {
        synchronized (b) {
            b.tokens = Math.min(perSecond, b.tokens + (now - b.refilledAt) * perSecond / NANOS_PER_SECOND);
            b.refilledAt = now;
            return b.tokens;
        }
    }
}
