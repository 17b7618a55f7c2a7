package org.rampart.ui;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.rampart.event.Timestamps;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.SearchQuery;
import org.rampart.web.rest.AlertRoutes;
import org.rampart.web.rest.RestServer;

/** The alerts page (newest first, folded, filtered, live) and the page of one alert with its events. */
final class AlertPages {
    /** Rows a page shows. */
    static final int PAGE = 100;
    /** Newest alerts read to fold into rows: repeats beyond it are not counted. */
    static final int FOLD_WINDOW = 2000;

    private final RestServer.Services services;
    private final Templates templates;

    AlertPages(RestServer.Services services, Templates templates) {
        this.services = services;
        this.templates = templates;
    }

    void list(Context ctx, Viewer viewer) throws SQLException {
        AlertFilter filter = AlertFilter.of(ctx);
        int page = pageNumber(ctx.queryParam("page"));
        List<AlertsView.QuickRange> ranges = quickRanges(filter);
        SearchQuery query;
        try {
            query = AlertRoutes.filtered(ctx);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            templates.render(ctx, "alerts.jte", new AlertsView(viewer, filter, List.of(), 0, e.getMessage(), 0, false,
                    ranges));
            return;
        }
        List<Hit> hits = services.store().search(query, List.of(IndexNames.ALERTS), FOLD_WINDOW).hits();
        List<AlertRow> rows = AlertFolding.fold(hits, page * PAGE, PAGE + 1, this::statuses);
        templates.render(ctx, "alerts.jte", new AlertsView(viewer, filter, rows.subList(0, Math.min(PAGE, rows.size())),
                hits.size(), "", page, rows.size() > PAGE, ranges));
    }

    void one(Context ctx, Viewer viewer) throws SQLException {
        templates.render(ctx, "alert.jte", new JsonView(viewer,
                AlertRoutes.describe(services.store(), services.alertStatuses(), ctx.pathParam("id"))));
    }

    private Map<String, String> statuses(List<String> alertIds) {
        try {
            return services.alertStatuses().current(alertIds).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status().id()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the alerts' statuses: " + e.getMessage(), e);
        }
    }

    private List<AlertsView.QuickRange> quickRanges(AlertFilter filter) {
        Instant now = services.clock().instant();
        return List.of(
                new AlertsView.QuickRange("last hour", filter.with("from", Timestamps.isoformat(now.minus(Duration.ofHours(1))))),
                new AlertsView.QuickRange("last day", filter.with("from", Timestamps.isoformat(now.minus(Duration.ofDays(1))))),
                new AlertsView.QuickRange("last week", filter.with("from", Timestamps.isoformat(now.minus(Duration.ofDays(7))))),
                new AlertsView.QuickRange("any time", filter.with("from", "")));
    }

    /** The {@code page} parameter; anything but a small number is the first page. */
    private static int pageNumber(String value) {
        if (value == null || !value.matches("\\d{1,4}")) {
            return 0;
        }
        return Math.min(Integer.parseInt(value), FOLD_WINDOW / PAGE);
    }
}
