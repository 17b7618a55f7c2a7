package org.rampart.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.rampart.event.Json;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalHealth;
import org.rampart.intake.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's loginput on Javalin: events in over HTTP, into the journal, acknowledged once fsynced.
 *
 * <p>Routes (each also with a trailing slash): {@code POST|PUT /events}, {@code /nxlog}, {@code /_status}
 * (also GET, as in MozDef) add {@code endpoint=events}; {@code /cef} adds {@code endpoint=cef};
 * {@code /custom/<application>} adds {@code endpoint=<application>} and {@code customendpoint=true};
 * {@code POST|PUT /_bulk} takes a JSON array or NDJSON as is; {@code GET /status}, {@code GET /test}.
 * See {@code docs/intake.md} for the replies.
 */
public final class IntakeServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeServer.class);
    private static final String EMPTY_REPLY_TYPE = "text/html; charset=UTF-8";
    /** Python's json.dumps spacing, byte for byte as MozDef answers. */
    private static final String STATUS_BODY = "{\"status\": \"ok\", \"service\": \"loginput\"}";
    private static final int MAX_APPLICATION_LENGTH = 128;
    private static final int MAX_REPORTED_LINES = 100;

    private final IntakeSettings settings;
    private final Journal journal;
    private final EventIds ids;
    private final IntakeMetrics metrics = new IntakeMetrics();
    private final Semaphore inFlight;
    private final byte[] expectedAuthorization;
    private final Javalin app;

    private IntakeServer(IntakeSettings settings, Journal journal, EventIds ids) {
        this.settings = settings;
        this.journal = journal;
        this.ids = ids;
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.expectedAuthorization = settings.token() == null ? null
                : ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.startup.showJavalinBanner = false;
            config.routes.get("/status", this::status);
            config.routes.get("/test", this::test);
            for (String path : List.of("/events", "/nxlog", "/_status")) {
                config.routes.post(path, ctx -> single(ctx, "events", false));
                config.routes.put(path, ctx -> single(ctx, "events", false));
            }
            // MozDef binds GET /_status to the events handler too; a body there is an event.
            config.routes.get("/_status", ctx -> single(ctx, "events", false));
            config.routes.post("/cef", ctx -> single(ctx, "cef", false));
            config.routes.put("/cef", ctx -> single(ctx, "cef", false));
            config.routes.post("/custom/{application}", ctx -> single(ctx, ctx.pathParam("application"), true));
            config.routes.put("/custom/{application}", ctx -> single(ctx, ctx.pathParam("application"), true));
            config.routes.post("/_bulk", this::bulk);
            config.routes.put("/_bulk", this::bulk);
        });
    }

    /** Starts listening on {@code settings.bind():settings.port()}, writing accepted events into {@code journal}. */
    public static IntakeServer start(IntakeSettings settings, Journal journal, EventIds ids) {
        IntakeServer server = new IntakeServer(settings, journal, ids);
        server.app.start(settings.bind(), settings.port());
        return server;
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return app.port();
    }

    /** The intake's counters. */
    public IntakeMetrics metrics() {
        return metrics;
    }

    /**
     * MozDef's reply while the journal is healthy. Degraded: the same keys with {@code "status": "degraded"}, the
     * reason and the quarantined-record count; 503 while appends are refused, so a load balancer sends events elsewhere.
     */
    private void status(Context ctx) {
        JournalHealth health = journal.health();
        if (!health.degraded()) {
            ctx.contentType("application/json").result(STATUS_BODY);
            return;
        }
        ObjectNode reply = Json.object();
        reply.put("status", "degraded");
        reply.put("service", "loginput");
        reply.put("reason", health.reason());
        reply.put("quarantined_records", health.quarantinedRecords());
        ctx.status(health.refusingAppends() ? 503 : 200).contentType("application/json").result(reply.toString());
    }

    private void test(Context ctx) {
        ctx.contentType(EMPTY_REPLY_TYPE).result("");
    }

    private void single(Context ctx, String endpoint, boolean custom) {
        admit(ctx, body -> {
            if (custom && (endpoint.isEmpty() || endpoint.length() > MAX_APPLICATION_LENGTH)) {
                throw Rejection.badRequest("bad_application", "the application name in /custom/<application> must be 1 to "
                        + MAX_APPLICATION_LENGTH + " characters");
            }
            ObjectNode event = EventBodies.single(body);
            event.put("endpoint", endpoint);
            if (custom) {
                event.put("customendpoint", true);
            }
            write(List.of(record(event)));
            metrics.accepted(1);
            ctx.status(200).contentType(EMPTY_REPLY_TYPE).result("");
        });
    }

    private void bulk(Context ctx) {
        admit(ctx, body -> {
            EventBodies.Bulk bulk = EventBodies.bulk(body);
            List<JournalRecord> records = new ArrayList<>(bulk.events().size());
            List<EventBodies.LineError> errors = new ArrayList<>(bulk.errors());
            for (EventBodies.Line line : bulk.events()) {
                try {
                    records.add(line.json() != null ? record(line.json()) : record(line.event()));
                } catch (Rejection e) {
                    errors.add(new EventBodies.LineError(line.line(), e.getMessage()));
                }
            }
            errors.sort(Comparator.comparingInt(EventBodies.LineError::line));
            write(records);
            metrics.accepted(records.size());
            errors.forEach(e -> metrics.reject("bad_line"));
            if (errors.isEmpty()) {
                ctx.status(200).contentType(EMPTY_REPLY_TYPE).result("");
                return;
            }
            ObjectNode reply = Json.object();
            reply.put("accepted", records.size());
            reply.put("rejected_total", errors.size());
            ArrayNode rejected = reply.putArray("rejected");
            // A body of garbage lines must not become a reply (and a buffer) as large as itself.
            for (EventBodies.LineError error : errors.subList(0, Math.min(errors.size(), MAX_REPORTED_LINES))) {
                rejected.addObject().put("line", error.line()).put("reason", error.reason());
            }
            // 207: some lines are in (do not resend them), some are not (fix them). 400 when nothing was taken.
            ctx.status(records.isEmpty() ? 400 : 207).contentType("application/json").result(reply.toString());
        });
    }

    private JournalRecord record(ObjectNode event) throws Rejection {
        try {
            return record(Json.MAPPER.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw Rejection.badRequest("bad_json", "the event could not be written as JSON");
        }
    }

    /** An event journaled as these bytes: one JSON object, already parsed once and found good. */
    private JournalRecord record(byte[] json) throws Rejection {
        if (json.length > settings.maxEventSize()) {
            throw new Rejection(400, "too_large", "an event is " + json.length + " bytes, more than intake.max_event_size "
                    + settings.maxEventSize());
        }
        return new JournalRecord(ids.next(), json);
    }

    private void write(List<JournalRecord> records) throws Rejection {
        try {
            journal.append(records);
        } catch (IOException | IllegalStateException e) {
            LOG.error("journal write failed; answering 503", e);
            throw new Rejection(503, "journal_error", "the event journal could not be written; retry later");
        }
    }

    /** The body handler of an event route, after the checks every event route shares. */
    private interface BodyHandler {
        void handle(byte[] body) throws Rejection;
    }

    /** Token, concurrency and journal bounds, body size: checked before a byte of the body is parsed. */
    private void admit(Context ctx, BodyHandler handler) {
        if (!authorized(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer");
            reject(ctx, new Rejection(401, "unauthorized", "send Authorization: Bearer <intake.token>"));
            return;
        }
        if (!inFlight.tryAcquire()) {
            ctx.header("Retry-After", Long.toString(settings.retryAfter().toSeconds()));
            reject(ctx, new Rejection(429, "busy", "too many requests in flight; retry later"));
            return;
        }
        try {
            if (journal.unconsumedBytes() > settings.maxUnconsumed()) {
                ctx.header("Retry-After", Long.toString(settings.retryAfter().toSeconds()));
                reject(ctx, new Rejection(503, "overloaded", "the pipeline is behind (journal.max_unconsumed reached); retry later"));
                return;
            }
            handler.handle(readBody(ctx));
        } catch (Rejection e) {
            if (e.status == 503) {
                ctx.header("Retry-After", Long.toString(settings.retryAfter().toSeconds()));
            }
            reject(ctx, e);
        } finally {
            inFlight.release();
        }
    }

    private boolean authorized(Context ctx) {
        if (expectedAuthorization == null) {
            return true;
        }
        String given = ctx.header("Authorization");
        return given != null && MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] readBody(Context ctx) throws Rejection {
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxBodySize()) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodySize() + 1));
            if (body.length > settings.maxBodySize()) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw Rejection.badRequest("unreadable_body", "the request body could not be read");
        }
    }

    private Rejection tooLarge() {
        return new Rejection(400, "too_large", "the request body is larger than intake.max_body_size ("
                + settings.maxBodySize() + " bytes); split it");
    }

    private void reject(Context ctx, Rejection rejection) {
        metrics.reject(rejection.metric);
        ObjectNode reply = Json.object();
        reply.put("error", rejection.getMessage());
        ctx.status(rejection.status).contentType("application/json").result(reply.toString());
    }

    /** Stops accepting requests; requests in progress finish first. */
    @Override
    public void close() {
        app.stop();
    }
}
