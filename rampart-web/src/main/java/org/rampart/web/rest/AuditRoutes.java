package org.rampart.web.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;

/** {@code GET /audit?limit=N&before=ID}: the audit log, newest first, a page at a time. */
final class AuditRoutes {
    private static final int DEFAULT_LIMIT = 50;

    private final AuditLog audit;

    AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    void page(Context ctx) throws SQLException {
        int limit = (int) number(ctx, "limit", DEFAULT_LIMIT, AuditLog.MAX_PAGE);
        long before = number(ctx, "before", Long.MAX_VALUE, Long.MAX_VALUE);
        List<AuditLog.Entry> entries = audit.page(before, limit);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("entries");
        for (AuditLog.Entry e : entries) {
            list.addObject().put("id", e.id()).put("time", RestServer.isoformat(e.occurredAt())).put("actor", e.actor())
                    .put("action", e.action()).put("target", e.target()).set("details", e.details());
        }
        // The next page starts below the last entry; none when this page was not full.
        if (entries.size() == limit) {
            out.put("next", entries.getLast().id());
        } else {
            out.putNull("next");
        }
        RestServer.reply(ctx, 200, out);
    }

    /** The positive number {@code name} of the query string, at most {@code max}; {@code otherwise} when absent. */
    private static long number(Context ctx, String name, long otherwise, long max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("'" + name + "' must be a number from 1 to " + max + "; it was " + value);
        }
        return n;
    }
}
