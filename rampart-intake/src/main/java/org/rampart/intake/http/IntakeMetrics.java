package org.rampart.intake.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of an intake (HTTP or syslog): events accepted, and requests, lines or messages rejected by reason. */
public final class IntakeMetrics {
    private final LongAdder accepted = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

    public void accepted(int events) {
        accepted.add(events);
    }

    public void reject(String reason) {
        reject(reason, 1);
    }

    public void reject(String reason, int count) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).add(count);
    }

    /** Events written to the journal and acknowledged. */
    public long accepted() {
        return accepted.sum();
    }

    /** Rejections with this reason, e.g. {@code bad_json}, {@code too_large}, {@code unauthorized}, {@code overloaded}, {@code busy}. */
    public long rejected(String reason) {
        LongAdder counter = rejected.get(reason);
        return counter == null ? 0 : counter.sum();
    }

    /** Every counter by name ({@code accepted}, {@code rejected.<reason>}), for a metrics endpoint. */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new TreeMap<>();
        all.put("accepted", accepted());
        rejected.forEach((reason, counter) -> all.put("rejected." + reason, counter.sum()));
        return all;
    }
}
