package org.rampart.web.rest;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.query.EventStore;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.state.StateDatabase;
import org.rampart.web.state.TriageChains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API on {@code rest.port}: MozDef's rest routes that Rampart has so far, and the query API. Every route
 * but the health checks ({@code /status}, {@code /test}) needs the API token.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    /** Byte-exact MozDef reply: Python's json.dumps spacing. */
    static final String STATUS_BODY = "{\"status\": \"ok\", \"service\": \"restapi\"}";
    private static final Set<String> OPEN_PATHS = Set.of("/status", "/test");
    private static final long MAX_REQUEST_BYTES = 1 << 20;

    /** What the REST server needs from the rest of Rampart. */
    public record Settings(String bind, int port, EventStore store, StateDatabase state, ApiToken token, Clock clock) {}

    private final Javalin app;

    private RestServer(Javalin app) {
        this.app = app;
    }

    /** Starts the server; port 0 picks a free one (see {@link #port()}). */
    public static RestServer start(Settings settings) {
        return start(settings, Map.of());
    }

    /**
     * As {@link #start(Settings)}, with more token-protected {@code POST} routes (path to handler) from the modules
     * that wire the server, e.g. {@code /snapshots}.
     */
    public static RestServer start(Settings settings, Map<String, Handler> morePosts) {
        QueryRoutes query = new QueryRoutes(settings.store());
        TriageChainRoutes chains = new TriageChainRoutes(new TriageChains(settings.state(), settings.clock()));
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> requireToken(ctx, settings.token()));
            config.routes.get("/status", ctx -> ctx.contentType("application/json").result(STATUS_BODY));
            config.routes.get("/test", ctx -> ctx.contentType("text/html; charset=UTF-8").result(""));
            config.routes.post("/query", query::query);
            config.routes.post("/query/count", query::count);
            config.routes.get("/kibanadashboards", query::kibanaDashboards);
            config.routes.get("/alerttriagechain", chains::get);
            config.routes.post("/alerttriagechain", chains::post);
            config.routes.put("/alerttriagechain", chains::put);
            config.routes.delete("/alerttriagechain", chains::delete);
            morePosts.forEach(config.routes::post);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("REST {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error; see the server log");
            });
        });
        app.start(settings.bind(), settings.port());
        return new RestServer(app);
    }

    private static void requireToken(Context ctx, ApiToken token) {
        String path = ctx.path().endsWith("/") && ctx.path().length() > 1
                ? ctx.path().substring(0, ctx.path().length() - 1) : ctx.path();
        if (ctx.method() == HandlerType.OPTIONS || OPEN_PATHS.contains(path)) {
            return;
        }
        if (!token.acceptsHeader(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, 401, "authentication required: send 'Authorization: Bearer <token>' (the token is in the data folder's"
                    + " api-token file)");
            ctx.skipRemainingHandlers();
        }
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.object().put("error", message).toString());
    }

    static String isoformat(OffsetDateTime time) {
        return Timestamps.isoformat(time.toInstant());
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
