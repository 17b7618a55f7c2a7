package org.rampart.event.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts the replies of one HTTP server by route template and status ({@code rampart_http_requests_total}). The route
 * is the template a request matched ({@code /custom/{application}}), never the raw path, so a client cannot make up
 * new series; a request that matched no route counts as {@link #UNMATCHED}.
 */
public final class HttpRequestMeter {
    /** The counter's name. */
    public static final String NAME = "rampart.http.requests";
    /** The route tag of a request that matched no route (a 404, or a 405 for a method the path lacks). */
    public static final String UNMATCHED = "unmatched";

    private static final int FIRST_STATUS = 100;
    private static final int STATUSES = 500;

    private final MeterRegistry registry;
    private final String server;
    /** Per route, one counter per status 100..599, made on first use so the hot path only reads an array. */
    private final ConcurrentMap<String, AtomicReferenceArray<Counter>> routes = new ConcurrentHashMap<>();

    /** Counts into {@code registry}, tagged {@code server=<server>} (e.g. {@code intake}, {@code rest}). */
    public HttpRequestMeter(MeterRegistry registry, String server) {
        this.registry = registry;
        this.server = server;
    }

    /** Counts one reply; {@code route} is the matched template, or null when none matched. */
    public void record(String route, int status) {
        String template = route == null ? UNMATCHED : route;
        int slot = Math.clamp(status - FIRST_STATUS, 0, STATUSES - 1);
        AtomicReferenceArray<Counter> counters = routes.computeIfAbsent(template, r -> new AtomicReferenceArray<>(STATUSES));
        Counter counter = counters.get(slot);
        if (counter == null) {
            counter = Counter.builder(NAME).description("HTTP replies by server, route template and status")
                    .tag("server", server).tag("route", template).tag("status", Integer.toString(slot + FIRST_STATUS))
                    .register(registry);
            counters.set(slot, counter);
        }
        counter.increment();
    }
}
