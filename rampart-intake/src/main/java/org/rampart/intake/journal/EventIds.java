package org.rampart.intake.journal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Event ids given at intake: 26 characters of Crockford base32 over 48 bits of milliseconds and 80 bits
 * that start random each millisecond and count up within it (the ULID layout). Ids sort by time, are
 * unique across processes and restarts without coordination, and fit an URL and a Lucene term as they are.
 */
public final class EventIds {
    private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final char[] ALPHABET = DIGITS.toCharArray();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock lock = new ReentrantLock();
    private long lastMillis = -1;
    private long high16;
    private long low64;

    public EventIds(Clock clock) {
        this.clock = clock;
    }

    /** A new id, greater than every id this instance gave before. */
    public String next() {
        long millis;
        long high;
        long low;
        lock.lock();
        try {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                low64++;
                if (low64 == 0) {
                    high16 = (high16 + 1) & 0xFFFF;
                    if (high16 == 0) {
                        // 2^80 ids in one millisecond cannot happen; moving on a millisecond keeps the order anyway.
                        millis++;
                    }
                }
            } else {
                high16 = random.nextInt(1 << 16);
                low64 = random.nextLong();
            }
            lastMillis = millis;
            high = high16;
            low = low64;
        } finally {
            lock.unlock();
        }
        return encode((millis << 16) | high, low);
    }

    /** When the id was given: its first 48 bits, in milliseconds since the epoch. */
    public static Instant instantOf(String id) {
        if (id.length() != 26) {
            throw new IllegalArgumentException("not an event id: " + id);
        }
        long value = 0;
        for (int i = 0; i < 10; i++) {
            int digit = DIGITS.indexOf(id.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not an event id: " + id);
            }
            value = (value << 5) | digit;
        }
        // 10 digits are 50 bits: the top two are always zero, then 48 bits of milliseconds.
        return Instant.ofEpochMilli(value);
    }

    /** 128 bits as 26 base32 digits, most significant first (the top two bits of 130 are zero). */
    private static String encode(long hi, long lo) {
        char[] out = new char[26];
        for (int i = 25; i >= 0; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | (hi << 59);
            hi >>>= 5;
        }
        return new String(out);
    }
}
