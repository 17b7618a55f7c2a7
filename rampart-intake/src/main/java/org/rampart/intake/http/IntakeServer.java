package org.rampart.intake.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.rampart.event.Json;
import org.rampart.event.ip.IpAddresses;
import org.rampart.event.metrics.HttpRequestMeter;
import org.rampart.http.tls.TlsListener;
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
 * {@code POST|PUT /_bulk} (and {@code /<index>/_bulk}) takes a JSON array or NDJSON as is and answers as
 * Elasticsearch does; {@code GET /status}, {@code GET /test}; the probes Elasticsearch shippers make on start
 * ({@link ElasticsearchProbes}). See {@code docs/intake.md} for the replies.
 */
public final class IntakeServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeServer.class);
    private static final String EMPTY_REPLY_TYPE = "text/html; charset=UTF-8";
    private static final byte[] NO_BODY = new byte[0];
    /** Python's json.dumps spacing, byte for byte as MozDef answers. */
    private static final String STATUS_BODY = "{\"status\": \"ok\", \"service\": \"loginput\"}";

    private final IntakeSettings settings;
    private final IntakeSink sink;
    private final EventIds ids;
    private final IntakeMetrics metrics;
    private final Semaphore inFlight;
    private final ClientSlots clientSlots;
    private final ClientRates clientRates;
    private final IntakeTokens tokens;
    private final Javalin app;

    private IntakeServer(IntakeSettings settings, IntakeSink sink, EventIds ids, MeterRegistry registry) {
        this.settings = settings;
        this.metrics = new IntakeMetrics(registry);
        HttpRequestMeter replies = new HttpRequestMeter(registry, "intake");
        this.sink = sink;
        this.ids = ids;
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.clientSlots = new ClientSlots(settings.maxInFlightPerClient());
        this.clientRates = new ClientRates(settings.maxRequestsPerSecondPerClient(), System::nanoTime);
        this.tokens = new IntakeTokens(settings.token(), settings.sourceTokens());
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.startup.showJavalinBanner = false;
            config.requestLogger.http((ctx, millis) -> replies.record(JavalinExchange.routeTemplate(ctx), ctx.statusCode()));
            config.jetty.modifyServer(server -> {
                server.insertHandler(new SingleEventRoutes((exchange, members) -> single(exchange, () -> members), replies));
                // A body that trickles in is cut off (408) instead of holding its client's slots for as long as it
                // trickles; inserted last, so it comes first, before the single-event routes too.
                server.insertHandler(new MinimumDataRateHandler(settings.minBodyRate(), 0));
            });
            if (settings.tls() != null) {
                config.jetty.addConnector((server, http) ->
                        TlsListener.connector(server, http, settings.bind(), settings.port(), settings.tls()));
            }
            config.routes.get("/status", this::status);
            config.routes.get("/test", this::test);
            // /events, /nxlog, /_status and /cef: SingleEventRoutes, ahead of Javalin.
            config.routes.post("/custom/{application}", ctx -> single(new JavalinExchange(ctx),
                    () -> EndpointMembers.custom(ctx.pathParam("application"))));
            config.routes.put("/custom/{application}", ctx -> single(new JavalinExchange(ctx),
                    () -> EndpointMembers.custom(ctx.pathParam("application"))));
            for (String path : List.of("/_bulk", "/{index}/_bulk")) {
                config.routes.post(path, this::bulk);
                config.routes.put(path, this::bulk);
            }
            ElasticsearchProbes.register(config.routes, ctx -> admit(new JavalinExchange(ctx), 400,
                    (body, admitted) -> () -> ElasticsearchProbes.acknowledge(ctx)));
        });
    }

    /** Starts listening on {@code settings.bind():settings.port()}, writing accepted events into {@code journal}. */
    public static IntakeServer start(IntakeSettings settings, Journal journal, EventIds ids) {
        return start(settings, IntakeSink.of(journal), ids);
    }

    /** Starts listening, putting accepted events into {@code sink} (the journal, or a broker) before each reply. */
    public static IntakeServer start(IntakeSettings settings, IntakeSink sink, EventIds ids) {
        return start(settings, sink, ids, new SimpleMeterRegistry());
    }

    /** As {@link #start(IntakeSettings, IntakeSink, EventIds)}, counting events, rejections and replies into {@code registry}. */
    public static IntakeServer start(IntakeSettings settings, IntakeSink sink, EventIds ids, MeterRegistry registry) {
        IntakeServer server = new IntakeServer(settings, sink, ids, registry);
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
     * reason and the quarantined-record count; 503 while appends are refused (a failed fsync, free disk space below
     * {@code disk.low_watermark}), so a load balancer sends events elsewhere.
     */
    private void status(Context ctx) {
        JournalHealth health = sink.health();
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

    /**
     * One event: journaled as the body's own bytes with the route's members spliced in, or, when named tokens stamp
     * its {@code intakesource}, through its tree.
     */
    private void single(IntakeExchange exchange, RouteMembers members) {
        admit(exchange, 400, (body, admitted) -> {
            EndpointMembers added = members.get();
            byte[] json = tokens.stamps() ? null : EventBodies.single(body, added);
            // The body's own bytes keep its whitespace: a pretty-printed event over the limit is measured as the
            // tree path writes it, compactly.
            if (json == null || json.length > settings.maxEventSize()) {
                ObjectNode event = EventBodies.single(body);
                tokens.stamp(event, admitted);
                added.addTo(event);
                json = EventBodies.written(event);
            }
            write(List.of(record(json)));
            metrics.accepted(exchange.route(), added.endpoint(), 1);
            return () -> exchange.reply(200, EMPTY_REPLY_TYPE, NO_BODY);
        });
    }

    /** The members a route adds; for {@code /custom/<application>} read from the path once the request is admitted. */
    private interface RouteMembers {
        EndpointMembers get() throws Rejection;
    }

    private void bulk(Context ctx) {
        long started = System.nanoTime();
        // 413 for a body over the limit: Elasticsearch shippers split the batch on 413 and resend the halves.
        JavalinExchange exchange = new JavalinExchange(ctx);
        admit(exchange, 413, (body, admitted) -> {
            EventBodies.Bulk bulk = EventBodies.bulk(body, settings.maxBulkDocuments());
            List<JournalRecord> records = new ArrayList<>(bulk.documents().size());
            BulkReply reply = new BulkReply(bulk.documents().size());
            for (EventBodies.Document document : bulk.documents()) {
                if (document.error() != null) {
                    reply.refused(document.action(), document.line(), document.error());
                    continue;
                }
                try {
                    JournalRecord record = tokens.stamps() ? record(stamped(document, admitted))
                            : document.json() != null ? record(document.json()) : record(document.event());
                    records.add(record);
                    reply.created(document.action(), record.id());
                } catch (Rejection e) {
                    reply.refused(document.action(), document.line(), e.getMessage());
                }
            }
            write(records);
            metrics.accepted(exchange.route(), "bulk", records.size());
            metrics.reject("bad_line", reply.refusedCount());
            // As Elasticsearch: 200 with errors:true when some documents are in (resend only the failed items);
            // 400 with the same body when there were documents and none could be taken.
            boolean nothingTaken = reply.createdCount() == 0 && reply.refusedCount() > 0;
            return () -> {
                ctx.status(nothingTaken ? 400 : 200).contentType("application/json");
                try {
                    reply.write(ctx.outputStream(), (System.nanoTime() - started) / 1_000_000, bulk.actionLines());
                } catch (IOException e) {
                    // The events are journaled; only the reply to a client that went away is lost.
                    LOG.debug("bulk reply not delivered", e);
                }
            };
        });
    }

    /** The document as a tree with its {@code intakesource} set by {@link IntakeTokens#stamp}. */
    private ObjectNode stamped(EventBodies.Document document, IntakeTokens.Admitted admitted) throws Rejection {
        ObjectNode event = document.event();
        if (event == null) {
            try {
                event = (ObjectNode) Json.MAPPER.readTree(document.json());
            } catch (IOException e) {
                throw Rejection.badRequest("bad_json", "the event could not be read again as JSON");
            }
        }
        tokens.stamp(event, admitted);
        return event;
    }

    private JournalRecord record(ObjectNode event) throws Rejection {
        return record(EventBodies.written(event));
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
            sink.append(records);
        } catch (IOException | IllegalStateException e) {
            LOG.error("{} could not take {} events; answering 503", sink.describe(), records.size(), e);
            throw new Rejection(503, "journal_error", sink.describe() + " could not be written; retry later");
        }
    }

    /**
     * The body handler of a route with a body, after the checks they share: journals the body of a request admitted
     * as {@code admitted}, and says how to reply.
     */
    private interface BodyHandler {
        Runnable handle(byte[] body, IntakeTokens.Admitted admitted) throws Rejection;
    }

    /**
     * The checks every route with a body shares: token, the client's slots, journal bound, body size, then the
     * intake-wide in-flight bound. That bound is held only from the body read to the journal write, never while a
     * body trickles in or a reply trickles out, so slow clients hold their own slots, never everyone's.
     */
    private void admit(IntakeExchange exchange, int tooLargeStatus, BodyHandler handler) {
        IntakeTokens.Admitted admitted = tokens.admit(exchange.header("Authorization"));
        if (admitted == null) {
            exchange.replyHeader("WWW-Authenticate", "Bearer");
            reject(exchange, new Rejection(401, "unauthorized", "send Authorization: Bearer <token> with intake.token or one"
                    + " of intake.tokens (or the token as the Basic auth password)"));
            return;
        }
        String remote = exchange.remoteAddress();
        if (!clientRates.tryAcquire(IpAddresses.client(remote))) {
            reject(exchange, new Rejection(429, "rate_limited", "more than intake.max_requests_per_second_per_client requests a"
                    + " second from your address; retry later"));
            return;
        }
        String client = clientSlots.tryAcquire(remote);
        if (client == null) {
            reject(exchange, new Rejection(429, "busy", "too many requests in flight from your address; retry later"));
            return;
        }
        try {
            String shortage = sink.diskShortage();
            if (shortage != null) {
                throw new Rejection(503, "disk_low", shortage);
            }
            if (sink.unconsumedBytes() > settings.maxUnconsumed()) {
                throw new Rejection(503, "overloaded", "the pipeline is behind (journal.max_unconsumed reached); retry later");
            }
            byte[] body = readBody(exchange, tooLargeStatus);
            if (!inFlight.tryAcquire()) {
                throw new Rejection(429, "busy", "too many requests in flight; retry later");
            }
            Runnable reply;
            try {
                reply = handler.handle(body, admitted);
            } finally {
                inFlight.release();
            }
            reply.run();
        } catch (Rejection e) {
            reject(exchange, e);
        } finally {
            clientSlots.release(client);
        }
    }

    private byte[] readBody(IntakeExchange exchange, int tooLargeStatus) throws Rejection {
        long declared = exchange.declaredLength();
        if (declared > settings.maxBodySize()) {
            throw tooLarge(tooLargeStatus);
        }
        try (InputStream in = exchange.body()) {
            if (declared >= 0) {
                // The declared length, read into an array of that size: readNBytes(int) would take 16 KB chunks.
                byte[] body = new byte[(int) declared];
                if (in.readNBytes(body, 0, body.length) < body.length) {
                    throw Rejection.badRequest("unreadable_body", "the request body ended before its Content-Length");
                }
                return body;
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodySize() + 1));
            if (body.length > settings.maxBodySize()) {
                throw tooLarge(tooLargeStatus);
            }
            return body;
        } catch (IOException e) {
            if (causedBy(e, TimeoutException.class)) {
                // Jetty's MinimumDataRateHandler (intake.min_body_rate) checks each read: the body trickled in too slowly.
                throw new Rejection(408, "slow_body", "the request body arrived slower than intake.min_body_rate ("
                        + settings.minBodyRate() + " bytes/s)");
            }
            throw Rejection.badRequest("unreadable_body", "the request body could not be read");
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private Rejection tooLarge(int status) {
        return new Rejection(status, "too_large", "the request body is larger than intake.max_body_size ("
                + settings.maxBodySize() + " bytes); split it");
    }

    private void reject(IntakeExchange exchange, Rejection rejection) {
        metrics.reject(rejection.metric);
        if (rejection.status == 429 || rejection.status == 503) {
            exchange.replyHeader("Retry-After", Long.toString(settings.retryAfter().toSeconds()));
        }
        ObjectNode reply = Json.object();
        reply.put("error", rejection.getMessage());
        exchange.reply(rejection.status, "application/json", reply.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Stops accepting requests; requests in progress finish first. */
    @Override
    public void close() {
        app.stop();
    }
}
