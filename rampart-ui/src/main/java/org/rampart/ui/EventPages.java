package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.query.AggregatedResults;
import org.rampart.query.Bucket;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermsAggregation;
import org.rampart.web.rest.RestServer;

/** Events search: a query string over a time range, a histogram of the matches, facets to narrow it, raw hits. */
final class EventPages {
    /** Hits shown, newest first. */
    static final int HITS = 100;
    static final int BARS = 30;
    static final int FACET_VALUES = 8;
    private static final int MAX_QUERY = 1024;
    /** Fields most searches narrow by. */
    static final List<String> FACET_FIELDS = List.of("category", "hostname", "source", "tags", "details.sourceipaddress",
            "details.username");
    private static final List<String> EVENTS = List.of(IndexNames.EVENTS_WEEKLY);

    private final RestServer.Services services;
    private final Templates templates;

    EventPages(RestServer.Services services, Templates templates) {
        this.services = services;
        this.templates = templates;
    }

    void search(Context ctx, Viewer viewer) {
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        int minutes = minutes(ctx.queryParam("minutes"));
        if (query.length() > MAX_QUERY) {
            refuse(ctx, viewer, query.substring(0, MAX_QUERY), minutes, "the query must be at most " + MAX_QUERY
                    + " characters");
            return;
        }
        Instant to = services.clock().instant();
        Instant from = to.minus(Duration.ofMinutes(minutes));
        try {
            SearchQuery search = matching(query, from, to).sortBy("utctimestamp", true);
            FACET_FIELDS.forEach(field -> search.addAggregation(new TermsAggregation(field, FACET_VALUES)));
            AggregatedResults results = services.store().aggregate(search, EVENTS, HITS);
            long total = services.store().count(matching(query, from, to), EVENTS);
            templates.render(ctx, "events.jte", new EventsView(viewer, query, minutes, total,
                    results.hits().stream().map(Hit::toJson).toList(), histogram(query, from, to),
                    facets(query, minutes, results.aggregations()), ""));
        } catch (IllegalArgumentException e) {
            refuse(ctx, viewer, query, minutes, e.getMessage());
        }
    }

    private void refuse(Context ctx, Viewer viewer, String query, int minutes, String reason) {
        ctx.status(400);
        templates.render(ctx, "events.jte", new EventsView(viewer, query, minutes, 0, List.of(), "[]", List.of(), reason));
    }

    private static SearchQuery matching(String query, Instant from, Instant to) {
        SearchQuery search = SearchQuery.between(from, to);
        return query.isEmpty() ? search : search.addMust(new QueryStringMatch(query));
    }

    /** Matches per bar over the window: one count each (the store counts without fetching). */
    private String histogram(String query, Instant from, Instant to) {
        long step = Math.max(1, Duration.between(from, to).toMillis() / BARS);
        ArrayNode bars = Json.MAPPER.createArrayNode();
        for (int i = 0; i < BARS; i++) {
            Instant start = from.plusMillis(i * step);
            Instant end = i == BARS - 1 ? to : start.plusMillis(step - 1);
            bars.addObject().put("t", Timestamps.isoformat(start))
                    .put("n", services.store().count(matching(query, start, end), EVENTS));
        }
        return bars.toString();
    }

    private static List<EventsView.Facet> facets(String query, int minutes, Map<String, List<Bucket>> aggregations) {
        List<EventsView.Facet> facets = new ArrayList<>();
        for (String field : FACET_FIELDS) {
            List<Bucket> buckets = aggregations.getOrDefault(field, List.of());
            if (!buckets.isEmpty()) {
                facets.add(new EventsView.Facet(field, buckets.stream().map(b -> new EventsView.Value(
                        String.valueOf(b.key()), b.count(), href(narrowed(query, field, String.valueOf(b.key())), minutes)))
                        .toList()));
            }
        }
        return facets;
    }

    /** {@code query} and {@code field:"value"} (quoted, so any value is one term). */
    static String narrowed(String query, String field, String value) {
        String term = field + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return query.isEmpty() ? term : "(" + query + ") AND " + term;
    }

    static String href(String query, int minutes) {
        return "/events?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&minutes=" + minutes;
    }

    private static int minutes(String value) {
        return Arrays.stream(EventsView.RANGES).filter(r -> String.valueOf(r).equals(value)).findFirst().orElse(60);
    }
}
