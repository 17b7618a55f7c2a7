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
        int limit = (int) number(ctx, "limit", DEFAULT_LIMIT);
        long before = number(ctx, "before", Long.MAX_VALUE);
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

    private static long number(Context ctx, String name, long otherwise) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 1 || (name.equals("limit") && n > AuditLog.MAX_PAGE)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a positive number" + (name.equals("limit")
                    ? " up to " + AuditLog.MAX_PAGE : "") + "; it was " + value);
        }
    }
}
