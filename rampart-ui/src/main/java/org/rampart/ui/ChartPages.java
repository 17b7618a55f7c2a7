package org.rampart.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.query.Bucket;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsAggregation;
import org.rampart.web.rest.RestServer;

/**
 * Pictures of the last day: logins per hour by user and outcome, alerts per hour by category and by severity, and the
 * top talkers. Each chart's data goes to the page as JSON in an attribute; the page's script draws it with d3.
 */
final class ChartPages {
    static final int HOURS = 24;
    /** Most series a chart draws: the busiest, the rest left out (the legend says how many). */
    static final int SERIES = 8;
    static final int TALKERS = 10;

    private final RestServer.Services services;
    private final Templates templates;

    ChartPages(RestServer.Services services, Templates templates) {
        this.services = services;
        this.templates = templates;
    }

    void charts(Context ctx, Viewer viewer) {
        Instant to = services.clock().instant();
        Instant from = to.minus(Duration.ofHours(HOURS));
        List<Hit> logins = services.store().search(SearchQuery.between(from, to)
                .addMust(new TermMatch("category", "authentication")), List.of(IndexNames.EVENTS_WEEKLY),
                SearchQuery.MAX_SIZE).hits();
        List<Hit> alerts = services.store().search(SearchQuery.between(from, to), List.of(IndexNames.ALERTS),
                SearchQuery.MAX_SIZE).hits();
        ArrayNode talkers = Json.MAPPER.createArrayNode();
        List<Bucket> top = services.store().aggregate(SearchQuery.between(from, to)
                        .addAggregation(new TermsAggregation("details.sourceipaddress", TALKERS)),
                List.of(IndexNames.EVENTS_WEEKLY), 1).aggregations().getOrDefault("details.sourceipaddress", List.of());
        top.forEach(b -> talkers.addObject().put("name", String.valueOf(b.key())).put("value", b.count()));
        templates.render(ctx, "charts.jte", new ChartsView(viewer,
                hourly(logins, from, source -> source.path("details").path("username").asText("?") + " · "
                        + (source.path("details").path("success").asBoolean(false) ? "success" : "failure")).toString(),
                hourly(alerts, from, source -> source.path("category").asText("?")).toString(),
                hourly(alerts, from, source -> source.path("severity").asText("?")).toString(),
                talkers.toString(), logins.size() + alerts.size()));
    }

    /**
     * {@code {"start": ISO-8601, "hours": N, "series": [{"name", "values": [count per hour]}], "omitted": N}}: counts
     * per hour of the hits grouped by {@code series}, the busiest {@value #SERIES} series.
     */
    static ObjectNode hourly(List<Hit> hits, Instant from, Function<JsonNode, String> series) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Hit hit : hits) {
            Instant time = Timestamps.parse(hit.source().get("utctimestamp"), Clock.systemUTC());
            if (time == null || time.isBefore(from)) {
                continue;
            }
            int hour = (int) Math.min(HOURS - 1, Duration.between(from, time).toHours());
            counts.computeIfAbsent(series.apply(hit.source()), k -> new long[HOURS])[hour]++;
        }
        ObjectNode out = Json.object().put("start", Timestamps.isoformat(from)).put("hours", HOURS)
                .put("omitted", Math.max(0, counts.size() - SERIES));
        ArrayNode list = out.putArray("series");
        counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())))
                .limit(SERIES)
                .forEach(e -> {
                    ArrayNode values = list.addObject().put("name", e.getKey()).putArray("values");
                    for (long n : e.getValue()) {
                        values.add(n);
                    }
                });
        return out;
    }

    private static long total(long[] counts) {
        long sum = 0;
        for (long n : counts) {
            sum += n;
        }
        return sum;
    }
}
