package org.rampart.web.metrics;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter of the server's registry in Prometheus' text format (0.0.4), read at each scrape. */
public final class PrometheusEndpoint implements Handler {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public PrometheusEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
