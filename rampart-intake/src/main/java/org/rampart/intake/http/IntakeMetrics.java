package org.rampart.intake.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of an intake (HTTP or syslog), kept in the server's meter registry: events accepted per route template and
 * source ({@code rampart_intake_events_total}), and requests, lines or messages rejected by reason
 * ({@code rampart_intake_rejected_total}).
 */
public final class IntakeMetrics {
    /** Distinct sources counted apart; a client inventing {@code /custom/<application>} names beyond them counts as {@link #OTHER_SOURCE}. */
    static final int MAX_SOURCES = 100;
    static final String OTHER_SOURCE = "other";

    private final MeterRegistry registry;
    private final LongAdder accepted = new LongAdder();
    private final Map<String, Counter> acceptedBySource = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code events} accepted on the route template {@code route} from {@code source} (the event's {@code endpoint}, or {@code bulk}). */
    public void accepted(String route, String source, int events) {
        accepted.add(events);
        String key = route + ' ' + source;
        Counter counter = acceptedBySource.get(key);
        if (counter == null) {
            boolean full = acceptedBySource.size() >= MAX_SOURCES;
            counter = acceptedBySource.computeIfAbsent(full ? route + ' ' + OTHER_SOURCE : key, k -> Counter
                    .builder("rampart.intake.events").description("events written to the journal and acknowledged")
                    .tag("route", route).tag("source", full ? OTHER_SOURCE : source).register(registry));
        }
        counter.increment(events);
    }

    public void reject(String reason) {
        reject(reason, 1);
    }

    public void reject(String reason, int count) {
        if (count > 0) {
            rejected.computeIfAbsent(reason, r -> Counter.builder("rampart.intake.rejected")
                    .description("intake requests or bulk lines refused, by reason").tag("reason", r).register(registry))
                    .increment(count);
        }
    }

    /** Events written to the journal and acknowledged. */
    public long accepted() {
        return accepted.sum();
    }

    /** Rejections with this reason, e.g. {@code bad_json}, {@code too_large}, {@code unauthorized}, {@code overloaded}, {@code busy}. */
    public long rejected(String reason) {
        Counter counter = rejected.get(reason);
        return counter == null ? 0 : (long) counter.count();
    }

    /** Every counter by name ({@code accepted}, {@code rejected.<reason>}). */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new TreeMap<>();
        all.put("accepted", accepted());
        rejected.forEach((reason, counter) -> all.put("rejected." + reason, (long) counter.count()));
        return all;
    }
}
