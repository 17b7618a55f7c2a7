package org.rampart.web.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.query.EventStore;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.web.attackers.Attackers;
import org.rampart.web.auth.Role;

/** {@code GET /attackers}: per source address of the alerts, counts, categories, first and last seen, geo. */
final class AttackerRoutes {
    private static final List<String> EVENTS = List.of(IndexNames.EVENTS_PATTERN);

    private final EventStore store;
    private final Clock clock;

    private AttackerRoutes(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static void register(RouteTable table, EventStore store, Clock clock) {
        table.add(HandlerType.GET, "/attackers", Role.VIEWER, new AttackerRoutes(store, clock)::list);
    }

    void list(Context ctx) {
        int limit = Math.toIntExact(QueryParams.number(ctx, "limit", AlertRoutes.DEFAULT_LIMIT, 1, AlertRoutes.MAX_LIMIT));
        // The newest alerts of the window, as many as the store returns at once.
        List<Hit> alerts = store.search(AlertRoutes.timeRange(ctx).sortBy("utctimestamp", true),
                List.of(IndexNames.ALERTS), SearchQuery.MAX_SIZE).hits();
        List<Attackers.Attacker> attackers = Attackers.of(alerts, clock);
        ObjectNode out = Json.object().put("alertsScanned", alerts.size())
                .put("complete", alerts.size() < SearchQuery.MAX_SIZE);
        ArrayNode list = out.putArray("attackers");
        for (Attackers.Attacker a : attackers.subList(0, Math.min(limit, attackers.size()))) {
            ObjectNode item = list.addObject().put("ip", a.ip()).put("alerts", a.alerts())
                    .put("events", store.count(AlertRoutes.timeRange(ctx)
                            .addMust(new TermMatch("details.sourceipaddress", a.ip())), EVENTS))
                    .put("firstSeen", iso(a.firstSeen())).put("lastSeen", iso(a.lastSeen()));
            a.categories().forEach(item.putArray("categories")::add);
            item.set("geo", a.geo());
        }
        RestServer.reply(ctx, 200, out);
    }

    private static String iso(Instant time) {
        return time == null ? null : Timestamps.isoformat(time);
    }
}
