package org.rampart.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.rampart.event.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's Content-Security-Policy violation reports ({@code report-uri}): each one means a page tried to run or
 * load something the policy forbids, e.g. a script injected through an event's field. Logged, and the latest kept.
 */
public final class CspReports {
    private static final Logger LOG = LoggerFactory.getLogger(CspReports.class);
    /** Reports kept; the endpoint is public, so what it stores is bounded. */
    static final int KEPT = 100;
    private static final int MAX_REPORT = 8192;

    private final Deque<String> latest = new ArrayDeque<>();
    private long received;

    void receive(Context ctx) {
        String body = ctx.body();
        String report = body.length() > MAX_REPORT ? body.substring(0, MAX_REPORT) : body;
        synchronized (this) {
            received++;
            if (latest.size() == KEPT) {
                latest.removeFirst();
            }
            latest.addLast(report);
        }
        LOG.warn("Content-Security-Policy violation reported by {}: {}", ctx.ip(), summary(report));
        ctx.status(204);
    }

    /** Reports received since the start. */
    public synchronized long received() {
        return received;
    }

    /** The latest reports (at most {@value #KEPT}), oldest first, as the browser sent them. */
    public synchronized List<String> latest() {
        return List.copyOf(latest);
    }

    private static String summary(String report) {
        try {
            JsonNode r = Json.MAPPER.readTree(report).path("csp-report");
            return r.path("violated-directive").asText("?") + " blocked " + r.path("blocked-uri").asText("?")
                    + " on " + r.path("document-uri").asText("?");
        } catch (Exception e) {
            return "an unreadable report";
        }
    }
}
