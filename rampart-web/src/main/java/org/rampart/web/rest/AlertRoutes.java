package org.rampart.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rampart.event.Json;
import org.rampart.query.EventStore;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.StoredDocument;
import org.rampart.query.TermMatch;
import org.rampart.web.alerts.AlertStatuses;
import org.rampart.web.auth.Role;

/**
 * Rampart's alert resources: {@code GET /alerts} (newest first, paged, filtered), {@code GET /alerts/{id}} with its
 * events and status history, {@code POST /alerts/{id}/status} (acknowledge, escalate, false positive).
 */
public final class AlertRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /** Most events {@code GET /alerts/{id}} fetches: an aggregation alert may reference thousands. */
    static final int MAX_EVENTS = 100;
    /** Longest filter value (category, severity, text, regex). */
    private static final int MAX_FILTER = 256;
    private static final List<String> ALERTS = List.of(IndexNames.ALERTS);
    /** The triage bot's statuses as MozDef names them. */
    private static final Map<String, AlertStatuses.Status> TRIAGE_STATUSES = Map.of(
            "manual", AlertStatuses.Status.MANUAL, "inProgress", AlertStatuses.Status.IN_PROGRESS,
            "acknowledged", AlertStatuses.Status.ACKNOWLEDGED, "escalated", AlertStatuses.Status.ESCALATED);
    private static final List<String> IDENTITY_CONFIDENCES = List.of("highest", "high", "moderate", "low", "lowest");

    private final EventStore store;
    private final AlertStatuses statuses;

    private AlertRoutes(EventStore store, AlertStatuses statuses) {
        this.store = store;
        this.statuses = statuses;
    }

    /** Adds the alert routes to {@code table}: reads for viewers, status changes for analysts. */
    static void register(RouteTable table, EventStore store, AlertStatuses statuses) {
        AlertRoutes routes = new AlertRoutes(store, statuses);
        table.add(HandlerType.GET, "/alerts", Role.VIEWER, routes::list);
        table.add(HandlerType.GET, "/alerts/{id}", Role.VIEWER, routes::one);
        table.add(HandlerType.POST, "/alerts/{id}/status", Role.ANALYST, routes::setStatus);
        table.add(HandlerType.POST, "/alertstatus", Role.ANALYST, routes::triage);
    }

    void list(Context ctx) throws SQLException {
        int limit = Math.toIntExact(QueryParams.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
        // The store returns at most MAX_SIZE hits, so an offset reaches that far; a time range reaches further back.
        int offset = Math.toIntExact(QueryParams.number(ctx, "offset", 0, 0, SearchQuery.MAX_SIZE - limit));
        SearchQuery query = filtered(ctx);
        // One more than the page says whether there is a next one; the store returns at most MAX_SIZE.
        List<Hit> hits = store.search(query, ALERTS, Math.min(offset + limit + 1, SearchQuery.MAX_SIZE)).hits();
        List<Hit> page = hits.subList(Math.min(offset, hits.size()), Math.min(offset + limit, hits.size()));
        Map<String, AlertStatuses.Change> current = statuses.current(page.stream().map(Hit::id).toList());
        ObjectNode out = Json.object();
        ArrayNode alerts = out.putArray("alerts");
        for (Hit hit : page) {
            alerts.add(alert(hit.id(), hit.index(), hit.source(), current.get(hit.id())));
        }
        if (hits.size() > offset + limit && offset + 2L * limit <= SearchQuery.MAX_SIZE) {
            out.put("next", offset + limit);
        } else {
            out.putNull("next");
        }
        RestServer.reply(ctx, 200, out);
    }

    /**
     * The alerts a request's filters select, newest first: {@code category}, {@code severity}, {@code text} (a phrase of
     * the summary), {@code regex} (a word of the summary), {@code from}, {@code to}; a bad value is an
     * {@link IllegalArgumentException} with the reason. The web UI's alerts page filters with the same parameters.
     */
    public static SearchQuery filtered(Context ctx) {
        SearchQuery query = timeRange(ctx).sortBy("utctimestamp", true);
        filter(ctx, "category").ifPresent(v -> query.addMust(new TermMatch("category", v)));
        filter(ctx, "severity").ifPresent(v -> query.addMust(new TermMatch("severity", v)));
        filter(ctx, "text").ifPresent(v -> query.addMust(new PhraseMatch("summary", v)));
        // A regular expression matches a word of the summary, as MozDef's query_string /regex/ does.
        filter(ctx, "regex").ifPresent(v -> query.addMust(new QueryStringMatch("summary:/" + v.replace("/", "\\/") + "/")));
        return query;
    }

    void one(Context ctx) throws SQLException {
        RestServer.reply(ctx, 200, describe(store, statuses, ctx.pathParam("id")));
    }

    /**
     * An alert as {@code GET /alerts/{id}} shows it: its source, status and history, and the first {@value #MAX_EVENTS}
     * events it refers to (the web UI's alert page shows the same); no such alert is a {@link NoSuchElementException}.
     */
    public static ObjectNode describe(EventStore store, AlertStatuses statuses, String id) throws SQLException {
        StoredDocument alert = find(store, id);
        List<AlertStatuses.Change> history = statuses.history(alert.id());
        ObjectNode out = alert(alert.id(), alert.index(), alert.source(), history.isEmpty() ? null : history.getLast());
        ArrayNode changes = out.putArray("history");
        history.forEach(change -> changes.add(json(change)));
        ArrayNode events = out.putArray("events");
        JsonNode refs = alert.source().path("events");
        for (int i = 0; i < Math.min(refs.size(), MAX_EVENTS); i++) {
            String index = refs.get(i).path("documentindex").asText();
            String eventId = refs.get(i).path("documentid").asText();
            ObjectNode event = events.addObject().put("index", index).put("id", eventId);
            Optional<StoredDocument> stored = index.isEmpty() || eventId.isEmpty() ? Optional.empty()
                    : store.get(index, eventId);
            // An event pruned by retention is still listed, without its source.
            stored.ifPresentOrElse(doc -> event.put("found", true).set("source", doc.source()),
                    () -> event.put("found", false));
        }
        out.put("eventCount", refs.size());
        return out;
    }

    void setStatus(Context ctx) throws SQLException {
        StoredDocument alert = find(store, ctx.pathParam("id"));
        ObjectNode body = RequestBodies.object(ctx);
        AlertStatuses.Status status = AlertStatuses.Status.parse(RequestBodies.text(body, "status", 32, true));
        String comment = RequestBodies.text(body, "comment", AlertStatuses.MAX_COMMENT, false);
        AlertStatuses.Change change = statuses.set(alert.id(), status, RouteTable.caller(ctx).actor(), comment);
        RestServer.reply(ctx, 200, json(change));
    }

    /**
     * MozDef's {@code POST /alertstatus}, where the triage bot reports a user's answer: MozDef's checks and messages,
     * each {@code 400 {"error"}}; the status change records the answer in its comment. Decided on the alert existing
     * (MozDef answered "Alert not found" when nothing was modified, e.g. the same answer twice).
     */
    void triage(Context ctx) throws SQLException {
        JsonNode parsed;
        try {
            parsed = RequestBodies.json(ctx);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (!(parsed instanceof ObjectNode body)) {
            throw new IllegalArgumentException("Missing or invalid request body");
        }
        JsonNode statusName = body.path("status");
        AlertStatuses.Status status = statusName.isTextual() ? TRIAGE_STATUSES.get(statusName.asText()) : null;
        if (status == null) {
            throw new IllegalArgumentException("Status not one of manual or inProgress or acknowledged or escalated");
        }
        for (String field : List.of("alert", "user", "response", "identityConfidence")) {
            if (!body.hasNonNull(field)) {
                throw new IllegalArgumentException(
                        "Missing a required field, one of alert, user, response, identityConfidence");
            }
        }
        if (!IDENTITY_CONFIDENCES.contains(body.path("identityConfidence").asText())) {
            throw new IllegalArgumentException(
                    "identityConfidence not one of highest or high or moderate or low or lowest");
        }
        String id = body.get("alert").asText();
        if (id.length() > AlertStatuses.MAX_ALERT_ID || store.get(IndexNames.ALERTS, id).isEmpty()) {
            throw new IllegalArgumentException("Alert not found");
        }
        String comment = "triage bot: response " + body.get("response") + ", identity confidence "
                + body.get("identityConfidence").asText() + ", user " + body.get("user");
        if (comment.length() > AlertStatuses.MAX_COMMENT) {
            comment = comment.substring(0, AlertStatuses.MAX_COMMENT - 1) + "…";
        }
        statuses.set(id, status, RouteTable.caller(ctx).actor(), comment);
        RestServer.reply(ctx, 200, Json.object().putNull("error"));
    }

    private static StoredDocument find(EventStore store, String id) {
        if (id.length() > AlertStatuses.MAX_ALERT_ID) {
            throw new NoSuchElementException("no alert " + id.substring(0, 32) + "…");
        }
        return store.get(IndexNames.ALERTS, id).orElseThrow(() -> new NoSuchElementException("no alert " + id));
    }

    private static ObjectNode alert(String id, String index, ObjectNode source, AlertStatuses.Change status) {
        ObjectNode out = Json.object().put("id", id).put("index", index);
        out.set("status", status == null ? Json.object().put("status", "open") : json(status));
        out.set("source", source);
        return out;
    }

    static ObjectNode json(AlertStatuses.Change change) {
        return Json.object().put("status", change.status().id()).put("actor", change.actor())
                .put("time", RestServer.isoformat(change.changedAt())).put("comment", change.comment());
    }

    /** {@code from} and {@code to} (ISO-8601 instants, both inclusive); every time when neither is given. */
    static SearchQuery timeRange(Context ctx) {
        Optional<Instant> from = filter(ctx, "from").map(v -> instant("from", v));
        Optional<Instant> to = filter(ctx, "to").map(v -> instant("to", v));
        if (from.isEmpty() && to.isEmpty()) {
            return SearchQuery.all();
        }
        return SearchQuery.between(from.orElse(Instant.EPOCH), to.orElse(Instant.parse("9999-12-31T23:59:59Z")));
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as 2026-11-23T10:00:00Z;"
                    + " it was " + value);
        }
    }

    private static Optional<String> filter(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > MAX_FILTER) {
            throw new IllegalArgumentException("'" + name + "' must be at most " + MAX_FILTER + " characters");
        }
        return Optional.of(value);
    }
}
