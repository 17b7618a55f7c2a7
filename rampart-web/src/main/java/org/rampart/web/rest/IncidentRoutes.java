package org.rampart.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rampart.event.Json;
import org.rampart.query.EventStore;
import org.rampart.query.IndexNames;
import org.rampart.web.auth.Role;
import org.rampart.web.incidents.IncidentChange;
import org.rampart.web.incidents.Incidents;
import org.rampart.web.incidents.MozDefIncident;
import org.rampart.web.incidents.VerisTaxonomy;

/**
 * Incidents: {@code GET/POST /incidents}, {@code GET/PATCH /incidents/{id}} (a change carries the {@code version} it
 * read; a stale one is 409 with the current incident), the VERIS taxonomy for the UI's picker, and MozDef's
 * {@code POST /incident} and {@code GET /veris}.
 */
final class IncidentRoutes {
    private final EventStore store;
    private final Incidents incidents;
    private final VerisTaxonomy taxonomy;
    private final Clock clock;

    private IncidentRoutes(EventStore store, Incidents incidents, VerisTaxonomy taxonomy, Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.taxonomy = taxonomy;
        this.clock = clock;
    }

    /** Adds the incident routes to {@code table}: reads for viewers, changes for analysts. */
    static void register(RouteTable table, EventStore store, Incidents incidents, VerisTaxonomy taxonomy, Clock clock) {
        IncidentRoutes routes = new IncidentRoutes(store, incidents, taxonomy, clock);
        table.add(HandlerType.GET, "/incidents", Role.VIEWER, routes::list);
        table.add(HandlerType.POST, "/incidents", Role.ANALYST, routes::create);
        table.add(HandlerType.GET, "/incidents/{id}", Role.VIEWER, routes::one);
        table.add(HandlerType.PATCH, "/incidents/{id}", Role.ANALYST, routes::change);
        table.add(HandlerType.GET, "/veris/taxonomy", Role.VIEWER, ctx -> RestServer.reply(ctx, 200, taxonomy.tree()));
        table.add(HandlerType.GET, "/veris", Role.VIEWER, routes::veris);
        table.add(HandlerType.POST, "/incident", Role.ANALYST, routes::mozdefCreate);
    }

    /**
     * MozDef's {@code GET /veris}: one item per incident and VERIS path, oldest incident first, as MozDef's unwind of
     * the incidents' tags: {@code {"dateOpened": {"$date": <ms>}, "tags": <path>, "phase"}}.
     */
    void veris(Context ctx) throws SQLException {
        ArrayNode out = Json.MAPPER.createArrayNode();
        incidents.forEach(incident -> incident.body().path("veris").forEach(path -> {
            ObjectNode item = out.addObject();
            item.putObject("dateOpened").put("$date", incident.created().toInstant().toEpochMilli());
            item.put("tags", path.asText()).put("phase", incident.phase());
        }));
        RestServer.reply(ctx, 200, out);
    }

    /**
     * MozDef's {@code POST /incident}: its body, checks and replies ({@code {"status": "success", "message"}}), except
     * that a bad request is 400, not 500: {@code {"status": "failed", "error"}}.
     */
    void mozdefCreate(Context ctx) throws SQLException {
        JsonNode body;
        try {
            body = RequestBodies.json(ctx);
        } catch (IllegalArgumentException e) {
            body = null;
        }
        String actor = RouteTable.caller(ctx).actor();
        Incidents.Incident created;
        try {
            created = incidents.create(actor, MozDefIncident.parse(body, taxonomy, actor, clock.instant()));
        } catch (IllegalArgumentException e) {
            RestServer.reply(ctx, 400, Json.object().put("status", "failed").put("error", e.getMessage()));
            return;
        }
        RestServer.reply(ctx, 200, Json.object().put("status", "success")
                .put("message", "Incident: <" + created.summary() + "> added."));
    }

    void list(Context ctx) throws SQLException {
        int limit = Math.toIntExact(QueryParams.number(ctx, "limit", AlertRoutes.DEFAULT_LIMIT, 1, AlertRoutes.MAX_LIMIT));
        long offset = QueryParams.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        Optional<String> phase = Optional.ofNullable(ctx.queryParam("phase")).filter(p -> !p.isEmpty());
        if (phase.isPresent() && !IncidentChange.PHASES.contains(phase.get())) {
            throw new IllegalArgumentException("'phase' must be one of " + String.join(", ", IncidentChange.PHASES));
        }
        List<Incidents.Incident> page = incidents.page(phase, limit, offset);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("incidents");
        page.forEach(incident -> list.add(incident.toJson()));
        if (page.size() == limit) {
            out.put("next", offset + limit);
        } else {
            out.putNull("next");
        }
        RestServer.reply(ctx, 200, out);
    }

    void create(Context ctx) throws SQLException {
        IncidentChange change = IncidentChange.parse(RequestBodies.object(ctx), taxonomy);
        checkAlerts(change);
        RestServer.reply(ctx, 201, incidents.create(RouteTable.caller(ctx).actor(), change).toJson());
    }

    void one(Context ctx) throws SQLException {
        long id = id(ctx);
        RestServer.reply(ctx, 200, incidents.get(id).orElseThrow(() -> new NoSuchElementException("no incident " + id))
                .toJson());
    }

    void change(Context ctx) throws SQLException {
        ObjectNode body = RequestBodies.object(ctx);
        JsonNode version = body.get("version");
        if (version == null || !version.canConvertToLong() || !version.isIntegralNumber()) {
            throw new IllegalArgumentException("'version' is required: the version of the incident the change was made"
                    + " on, so that it cannot overwrite a change made since");
        }
        IncidentChange change = IncidentChange.parse(body, taxonomy);
        checkAlerts(change);
        try {
            Incidents.Incident changed = incidents.change(id(ctx), version.asLong(), RouteTable.caller(ctx).actor(), change);
            RestServer.reply(ctx, 200, changed.toJson());
        } catch (Incidents.VersionConflict e) {
            ObjectNode reply = Json.object().put("error", e.getMessage());
            reply.set("current", e.current().toJson());
            RestServer.reply(ctx, 409, reply);
        }
    }

    /** What the live stream says of an incident change: which fields, by whom, and the version it made. */
    static ObjectNode json(Incidents.Changed changed) {
        Incidents.Incident incident = changed.incident();
        ObjectNode out = Json.object().put("id", incident.id()).put("action", changed.action())
                .put("version", incident.version()).put("summary", incident.summary()).put("phase", incident.phase())
                .put("actor", incident.updatedBy());
        changed.fields().forEach(out.putArray("fields")::add);
        return out;
    }

    /** An incident refers only to alerts that exist. */
    private void checkAlerts(IncidentChange change) {
        for (JsonNode alert : change.fields().path("alerts")) {
            if (store.get(IndexNames.ALERTS, alert.asText()).isEmpty()) {
                throw new IllegalArgumentException("no alert " + alert.asText());
            }
        }
    }

    private static long id(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("no incident " + (id.length() > 32 ? id.substring(0, 32) + "…" : id));
        }
    }
}
