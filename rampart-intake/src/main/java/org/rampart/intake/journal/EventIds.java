package org.rampart.intake.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    /** "QS": the 16 bits after the milliseconds of a {@link #derived} id. */
    private static final long DERIVED_MARK = 0x5153;

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

    /**
     * The id of the event {@code key} names in a source that may deliver it again (an SQS message id and the event's
     * place in it): the same every time, so a redelivered event replaces its first copy in the store. ULID layout
     * with {@code time} (when the source first had it) as its milliseconds, then 0x5153 ("QS") as
     * the next 16 bits and 64 bits of the key's SHA-256. {@link #mayBeStored} tells the pipeline to look such an id up.
     */
    public static String derived(Instant time, String key) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long millis = Math.max(0, Math.min(time.toEpochMilli(), (1L << 48) - 1));
        return encode((millis << 16) | DERIVED_MARK, ByteBuffer.wrap(hash).getLong());
    }

    /**
     * True for an id {@link #derived} made, whose event may already be in the store; also for one in 65,536 of the
     * random ids, which then costs a needless look-up and nothing else.
     */
    public static boolean mayBeStored(String id) {
        if (id.length() != 26) {
            return false;
        }
        long high = 0;
        // Digits 0 to 9 are 2 zero bits and the 48 bits of milliseconds; 10 to 13 the 16 marked bits and 4 of the hash.
        for (int i = 10; i < 14; i++) {
            int digit = DIGITS.indexOf(id.charAt(i));
            if (digit < 0) {
                return false;
            }
            high = (high << 5) | digit;
        }
        return (high >>> 4) == DERIVED_MARK;
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
