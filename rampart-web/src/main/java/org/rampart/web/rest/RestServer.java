package org.rampart.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.query.EventStore;
import org.rampart.web.alerts.AlertStatuses;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.AccessDeniedException;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.Authenticator;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.PersonalTokens;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.lists.ListItems;
import org.rampart.web.rest.spi.RestPlugin;
import org.rampart.web.incidents.Incidents;
import org.rampart.web.incidents.VerisTaxonomy;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.state.StateConflictException;
import org.rampart.web.state.StateDatabase;
import org.rampart.web.state.TriageChains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API on {@code rest.port}: MozDef's rest routes that Rampart has so far, the query API, and login sessions,
 * personal tokens and the audit log. Every route declares the role it needs ({@link #routes()}); errors are JSON
 * {@code {"error": reason}}: 400 bad input, 401 no login, 403 wrong role or CSRF token, 404, 409 conflict, 429.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    /** What a 503 for an unreachable state database asks a client to wait: about a PostgreSQL restart. */
    private static final int STATE_RETRY_AFTER_SECONDS = 5;
    /** Byte-exact MozDef reply: Python's json.dumps spacing. */
    static final String STATUS_BODY = "{\"status\": \"ok\", \"service\": \"restapi\"}";
    private static final long MAX_REQUEST_BYTES = 1 << 20;

    /** What the REST server needs from the rest of Rampart. */
    public record Settings(String bind, int port, EventStore store, StateDatabase state, ApiToken token, Clock clock,
                           Security security) {}

    /**
     * How logins and sessions behave ({@code auth.*} keys).
     *
     * @param sessions     idle and absolute session timeouts
     * @param logins       failed-login limits per account and per address
     * @param secureCookie whether the session cookie is {@code Secure} (sent over TLS only)
     * @param oidc         OIDC login's settings, or null when it is off (no {@code auth.oidc.issuer})
     */
    public record Security(Sessions.Timeouts sessions, LoginThrottle.Limits logins, boolean secureCookie,
                           OidcLogin.Settings oidc) {
        /** Without OIDC login. */
        public Security(Sessions.Timeouts sessions, LoginThrottle.Limits logins, boolean secureCookie) {
            this(sessions, logins, secureCookie, null);
        }
    }

    private final Javalin app;
    private final List<Route> routes;
    private final LiveEvents live;

    private RestServer(Javalin app, List<Route> routes, LiveEvents live) {
        this.app = app;
        this.routes = routes;
        this.live = live;
    }

    /** Starts the server; port 0 picks a free one (see {@link #port()}). */
    public static RestServer start(Settings settings) {
        return start(settings, Map.of());
    }

    /**
     * As {@link #start(Settings)}, with more admin-only {@code POST} routes (path to handler) from the modules that wire
     * the server, e.g. {@code /snapshots}.
     */
    public static RestServer start(Settings settings, Map<String, Handler> adminPosts) {
        return start(settings, adminPosts, List.of(), new LiveEvents());
    }

    /**
     * As {@link #start(Settings, Map)}, with the REST plugins of drop-in jars next to the bundled ones, publishing on
     * {@code live}, which the running server also gives the alert runtime (new alerts, schedule runs).
     */
    public static RestServer start(Settings settings, Map<String, Handler> adminPosts, List<RestPlugin> restPlugins,
                                   LiveEvents live) {
        Clock clock = settings.clock();
        StateDatabase state = settings.state();
        AuditLog audit = new AuditLog(state, clock);
        Sessions sessions = new Sessions(state, settings.security().sessions(), clock);
        PersonalTokens tokens = new PersonalTokens(state, audit, clock);
        RouteTable table = new RouteTable(new Authenticator(settings.token(), sessions, tokens));

        table.addPublic(HandlerType.GET, "/status", ctx -> ctx.contentType("application/json").result(STATUS_BODY));
        table.addPublic(HandlerType.GET, "/test", ctx -> ctx.contentType("text/html; charset=UTF-8").result(""));

        Accounts accounts = new Accounts(state, PasswordHasher.owasp(), audit, clock);
        AuthRoutes auth = new AuthRoutes(accounts, sessions, new LoginThrottle(settings.security().logins(), clock), audit,
                settings.security().secureCookie());
        table.addPublic(HandlerType.POST, "/login", auth::login);
        table.add(HandlerType.POST, "/logout", Role.VIEWER, auth::logout);
        table.add(HandlerType.GET, "/session", Role.VIEWER, auth::session);
        if (settings.security().oidc() != null) {
            OidcRoutes.register(table, new OidcLogin(settings.security().oidc(), accounts), sessions, audit,
                    settings.security().secureCookie());
        }

        TokenRoutes tokenRoutes = new TokenRoutes(tokens);
        table.add(HandlerType.GET, "/tokens", Role.VIEWER, tokenRoutes::list);
        table.add(HandlerType.POST, "/tokens", Role.VIEWER, tokenRoutes::issue);
        table.add(HandlerType.DELETE, "/tokens/{id}", Role.VIEWER, tokenRoutes::revoke);

        table.add(HandlerType.GET, "/audit", Role.ADMIN, new AuditRoutes(audit)::page);
        adminPosts.forEach((path, handler) -> table.add(HandlerType.POST, path, Role.ADMIN, handler));

        AlertRoutes.register(table, settings.store(), new AlertStatuses(state, audit, clock,
                change -> live.publish("alert.status", AlertRoutes.json(change).put("alert", change.alertId()))));
        IncidentRoutes.register(table, settings.store(), new Incidents(state, audit, clock,
                changed -> live.publish("incident", IncidentRoutes.json(changed))), VerisTaxonomy.bundled());
        AttackerRoutes.register(table, settings.store(), clock);
        LiveRoutes.register(table, live);
        OpenApiRoutes.register(table);

        QueryRoutes query = new QueryRoutes(settings.store());
        table.add(HandlerType.POST, "/query", Role.VIEWER, query::query);
        table.add(HandlerType.POST, "/query/count", Role.VIEWER, query::count);
        table.add(HandlerType.GET, "/kibanadashboards", Role.VIEWER, query::kibanaDashboards);

        // The triage bot's chains: read by viewers, written by analysts (and the service token the bot may use).
        TriageChainRoutes chains = new TriageChainRoutes(new TriageChains(state, clock));
        table.add(HandlerType.GET, "/alerttriagechain", Role.VIEWER, chains::get);
        table.add(HandlerType.POST, "/alerttriagechain", Role.ANALYST, chains::post);
        table.add(HandlerType.PUT, "/alerttriagechain", Role.ANALYST, chains::put);
        table.add(HandlerType.DELETE, "/alerttriagechain", Role.ANALYST, chains::delete);

        PluginRoutes.register(table, new ListItems(state, audit, clock), restPlugins);

        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            table.installInto(config.routes);
            config.routes.exception(ApiError.class, (e, ctx) -> {
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer");
                }
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
                }
                error(ctx, e.status(), e.getMessage());
            });
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(AccessDeniedException.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
            config.routes.exception(NoSuchElementException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
            config.routes.exception(StateConflictException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
            // Javalin's own refusals (no such route, body too large, ...) in the same JSON shape.
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (StateDatabase.isUnreachable(e)) {
                    // PostgreSQL restarting or out of reach: not the request's fault, and the pool reconnects by itself.
                    LOG.warn("REST {} {}: the state database is unreachable: {}", ctx.method(), ctx.path(), e.toString());
                    ctx.header("Retry-After", String.valueOf(STATE_RETRY_AFTER_SECONDS));
                    error(ctx, 503, "the state database is unreachable; retry later");
                    return;
                }
                LOG.error("REST {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error; see the server log");
            });
        });
        app.start(settings.bind(), settings.port());
        return new RestServer(app, table.routes(), live);
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.object().put("error", message).toString());
    }

    /** Marks a reply that carries a credential (a session, a CSRF token, a token's secret): no cache may keep it. */
    static void doNotCache(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }

    static void reply(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    static String isoformat(OffsetDateTime time) {
        return Timestamps.isoformat(time.toInstant());
    }

    /** Every route and the role it needs: what the role walk test and the docs check against. */
    public List<Route> routes() {
        return routes;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        live.close();
        app.stop();
    }
}
