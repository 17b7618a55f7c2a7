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
        int limit = (int) QueryParams.number(ctx, "limit", DEFAULT_LIMIT, 1, AuditLog.MAX_PAGE);
        long before = QueryParams.number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
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
}
