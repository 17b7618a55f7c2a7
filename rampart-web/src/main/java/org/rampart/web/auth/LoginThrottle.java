package org.rampart.web.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rampart.event.ip.IpAddresses;

/**
 * Failed logins counted per account name and per client address (an IPv6 /64 counts as one address) over a sliding
 * window: past the limit, logins for that name or from that address are refused until the oldest failure leaves the
 * window. A name counts whether or not its account exists, so the refusal tells nothing either. In memory: a restart
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
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** How long to wait before trying again, or empty when a login for {@code account} from {@code address} may run. */
    public Optional<Duration> blocked(String account, String address) {
        Instant now = clock.instant();
        Duration wait = max(waitFor(accountKey(account), limits.maxFailuresPerAccount(), now),
                waitFor(addressKey(address), limits.maxFailuresPerAddress(), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Counts a failed login. */
    public void failed(String account, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            evict(now);
        }
        record(accountKey(account), limits.maxFailuresPerAccount(), now);
        record(addressKey(address), limits.maxFailuresPerAddress(), now);
    }

    /** Forgets the account's failures after a successful login (not the address's: one good account must not reset it). */
    public void succeeded(String account) {
        failures.remove(accountKey(account));
    }

    private Duration waitFor(String key, int max, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < max) {
                return Duration.ZERO;
            }
            return Duration.between(now, times.peekFirst().plus(limits.window()));
        }
    }

    private void record(String key, int max, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > max) { // only the newest max failures decide when a block ends
                times.removeFirst();
            }
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
            synchronized (times) {
                prune(times, now);
                return times.isEmpty();
            }
        });
        if (failures.size() >= MAX_KEYS) {
            // Still full of live entries (a distributed attack): dropping some loses throttling for those, not memory.
            failures.keySet().stream().limit(MAX_KEYS / 10).toList().forEach(failures::remove);
        }
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }

    /** An IPv4 address as is; an IPv6 address by its /64, which one client usually holds whole. */
    static String addressKey(String address) {
        InetAddress parsed = IpAddresses.address(address);
        if (parsed == null) {
            return "address:" + address;
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length == 4) {
            return "address:" + parsed.getHostAddress();
        }
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return "address:" + InetAddress.getByAddress(bytes).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
