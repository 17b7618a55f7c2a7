package org.rampart.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import org.rampart.event.ip.IpAddresses;

/**
 * Failed logins counted per account name and per client address (an IPv6 /64 counts as one address) over a sliding
 * window: past the limit, logins for that name or from that address are refused until the oldest failure leaves the
 * window. A login counts as failed from its start until it succeeds. A name counts whether or not its account exists, so the refusal tells nothing either. In memory: a restart
 * forgets the counts.
 */
public final class LoginThrottle {
    /** Names and addresses tracked at once; past that, expired ones are dropped, then the oldest. */
    private static final int MAX_KEYS = 100_000;

    /**
     * The limits.
     *
     * @param maxFailuresPerAccount failures for one account name within the window that block it
     * @param maxFailuresPerAddress failures from one address within the window that block it
     * @param window                how long a failure counts
     */
    public record Limits(int maxFailuresPerAccount, int maxFailuresPerAddress, Duration window) {
        public Limits {
            if (maxFailuresPerAccount < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("login limits must be positive: " + maxFailuresPerAccount + ", "
                        + maxFailuresPerAddress + ", " + window);
            }
        }
    }

    private final Limits limits;
    private final Clock clock;
    /** Guarded by this: a login holds the lock for a few map operations, never while a password is hashed. */
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Starts a login for {@code account} from {@code address}: how long to wait when either is blocked (nothing is
     * counted then), else empty, and the attempt counts as a failure until {@link #succeeded} says otherwise. Counting
     * before the password is checked means parallel guesses cannot all pass the check before the first one fails.
     */
    public synchronized Optional<Duration> attempt(String account, String address) {
        Instant now = clock.instant();
        String accountKey = accountKey(account);
        String addressKey = addressKey(address);
        Duration wait = max(waitFor(accountKey, limits.maxFailuresPerAccount(), now),
                waitFor(addressKey, limits.maxFailuresPerAddress(), now));
        if (!wait.isZero()) {
            return Optional.of(wait);
        }
        if (failures.size() >= MAX_KEYS) {
            evict(now);
        }
        record(accountKey, limits.maxFailuresPerAccount(), now);
        record(addressKey, limits.maxFailuresPerAddress(), now);
        return Optional.empty();
    }

    /**
     * The attempt succeeded: forgets the account's failures, and takes the attempt back from the address's (not its
     * other failures: one good account must not clear an address that guesses at others).
     */
    public synchronized void succeeded(String account, String address) {
        failures.remove(accountKey(account));
        Deque<Instant> times = failures.get(addressKey(address));
        if (times != null) {
            times.pollLast();
        }
    }

    private Duration waitFor(String key, int max, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        prune(times, now);
        if (times.size() < max) {
            return Duration.ZERO;
        }
        return Duration.between(now, times.peekFirst().plus(limits.window()));
    }

    private void record(String key, int max, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
        while (times.size() > max) { // only the newest max failures decide when a block ends
            times.removeFirst();
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(limits.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }

    private void evict(Instant now) {
        failures.values().removeIf(times -> {
            prune(times, now);
            return times.isEmpty();
        });
        if (failures.size() >= MAX_KEYS) {
            // Still full of live entries (a distributed attack): dropping some loses throttling for those, not memory.
            failures.keySet().stream().limit(MAX_KEYS / 10).toList().forEach(failures::remove);
        }
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }

    /** The client's address key: an IPv6 address counts by its /64, which one client usually holds whole. */
    static String addressKey(String address) {
        return "address:" + IpAddresses.client(address);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
