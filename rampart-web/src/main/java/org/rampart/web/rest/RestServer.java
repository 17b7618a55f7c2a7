package org.rampart.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.event.metrics.HttpRequestMeter;
import org.rampart.http.headers.SecurityHeaders;
import org.rampart.http.tls.TlsFiles;
import org.rampart.http.tls.TlsListener;
import org.rampart.query.EventStore;
import org.rampart.query.StoreUnavailableException;
import org.rampart.web.alerts.AlertStatuses;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.AccessDeniedException;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.Authenticator;
import org.rampart.web.auth.Caller;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.PersonalTokens;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.blocklists.BlockListText;
import org.rampart.web.metrics.PrometheusEndpoint;
import org.rampart.web.lists.ListItems;
import org.rampart.web.rest.spi.RestPlugin;
import org.rampart.web.incidents.Incidents;
import org.rampart.web.incidents.VerisTaxonomy;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.schedules.AlertSchedules;
import org.rampart.web.state.StateConflictException;
import org.rampart.web.state.StateDatabase;
import org.rampart.web.state.TriageChains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API on {@code rest.port}: MozDef's rest routes, Rampart's own resources (alerts, incidents, attackers,
 * schedules, users), the query API, login sessions, personal tokens and the audit log. Every route declares the role it needs ({@link #routes()}); errors are JSON
 * {@code {"error": reason}}: 400 bad input, 401 no login, 403 wrong role or CSRF token, 404, 409 conflict, 429.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    /** What a 503 for an unreachable state database or event store asks a client to wait: about a restart. */
    private static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
    /** Byte-exact MozDef reply: Python's json.dumps spacing. */
    static final String STATUS_BODY = "{\"status\": \"ok\", \"service\": \"restapi\"}";
    private static final long MAX_REQUEST_BYTES = 1 << 20;

    /**
     * What the REST server needs from the rest of Rampart; {@code tls} is the certificate to serve HTTPS with
     * ({@code rest.tls.*}), null for plain HTTP.
     *
     * @param metrics the server's meter registry: {@code GET /metrics} serves it, and the REST replies are counted into it
     */
    public record Settings(String bind, int port, EventStore store, StateDatabase state, ApiToken token, Clock clock,
                           Security security, TlsFiles tls, PrometheusMeterRegistry metrics) {
        /** Plain HTTP, with a registry of its own holding the REST server's meters only. */
        public Settings(String bind, int port, EventStore store, StateDatabase state, ApiToken token, Clock clock,
                        Security security) {
            this(bind, port, store, state, token, clock, security, null);
        }

        /** With a registry of its own, holding the REST server's meters only. */
        public Settings(String bind, int port, EventStore store, StateDatabase state, ApiToken token, Clock clock,
                        Security security, TlsFiles tls) {
            this(bind, port, store, state, token, clock, security, tls, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }

        /** Whether the session cookie is {@code Secure}: when configured, and always over Rampart's own TLS. */
        boolean secureCookie() {
            return security.secureCookie() || tls != null;
        }
    }

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

    /**
     * The services behind the routes, for the web UI's pages, which read through them in the same process (changes go
     * through the API's routes, mounted on the UI's port by {@link #mountApi}).
     */
    public record Services(EventStore store, AlertStatuses alertStatuses, Incidents incidents, VerisTaxonomy veris,
                           PersonalTokens tokens, LiveEvents live, Clock clock) {}

    private final Javalin app;
    private final RouteTable table;
    private final Services services;

    private RestServer(Javalin app, RouteTable table, Services services) {
        this.app = app;
        this.table = table;
        this.services = services;
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
        AlertSchedules noScheduler = new AlertSchedules(settings.state(), new AuditLog(settings.state(), settings.clock()),
                settings.clock(), live);
        return start(settings, adminPosts, restPlugins, live, noScheduler);
    }

    /**
     * As {@link #start(Settings, Map, List, LiveEvents)}, with the alert schedules of the running scheduler
     * ({@code /alertschedules} and its changes), which the module running the alerts attaches.
     */
    public static RestServer start(Settings settings, Map<String, Handler> adminPosts, List<RestPlugin> restPlugins,
                                   LiveEvents live, AlertSchedules schedules) {
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
                settings.secureCookie());
        table.addPublic(HandlerType.POST, "/login", auth::login);
        table.add(HandlerType.POST, "/logout", Role.VIEWER, auth::logout);
        table.add(HandlerType.GET, "/session", Role.VIEWER, auth::session);
        if (settings.security().oidc() != null) {
            OidcRoutes.register(table, settings.security().oidc(), accounts, sessions, audit, settings.secureCookie());
        }

        TokenRoutes tokenRoutes = new TokenRoutes(tokens);
        table.add(HandlerType.GET, "/tokens", Role.VIEWER, tokenRoutes::list);
        table.add(HandlerType.POST, "/tokens", Role.VIEWER, tokenRoutes::issue);
        table.add(HandlerType.DELETE, "/tokens/{id}", Role.VIEWER, tokenRoutes::revoke);

        table.add(HandlerType.GET, "/audit", Role.ADMIN, new AuditRoutes(audit)::page);
        UserRoutes.register(table, accounts);
        adminPosts.forEach((path, handler) -> table.add(HandlerType.POST, path, Role.ADMIN, handler));

        AlertStatuses alertStatuses = new AlertStatuses(state, audit, clock,
                change -> live.publish("alert.status", AlertRoutes.json(change).put("alert", change.alertId())));
        AlertRoutes.register(table, settings.store(), alertStatuses);
        Incidents incidents = new Incidents(state, audit, clock, changed -> live.publish("incident",
                IncidentRoutes.json(changed)));
        VerisTaxonomy veris = VerisTaxonomy.bundled();
        IncidentRoutes.register(table, settings.store(), incidents, veris, clock);
        ScheduleRoutes.register(table, schedules);
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

        ListItems lists = new ListItems(state, audit, clock);
        PluginRoutes.register(table, lists, restPlugins);
        // Plain text for firewalls and DNS servers, fetched with a token (MozDef's createIPBlockList/createFQDNBlockList).
        table.add(HandlerType.GET, "/blocklist/ip.txt", Role.VIEWER, new BlockListText(lists, ListItems.Kind.IP_BLOCKLIST));
        table.add(HandlerType.GET, "/blocklist/fqdn.txt", Role.VIEWER, new BlockListText(lists, ListItems.Kind.FQDN_BLOCKLIST));
        table.add(HandlerType.GET, "/metrics", Role.ADMIN, new PrometheusEndpoint(settings.metrics()));
        HttpRequestMeter replies = new HttpRequestMeter(settings.metrics(), "rest");

        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServer(server ->
                    server.insertHandler(new SecurityHeaders(SecurityHeaders.API_POLICY, settings.tls() != null)));
            if (settings.tls() != null) {
                config.jetty.addConnector((server, http) ->
                        TlsListener.connector(server, http, settings.bind(), settings.port(), settings.tls()));
            }
            config.requestLogger.http((ctx, millis) -> {
                Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
                replies.record(matched == null ? null : matched.path, ctx.statusCode());
            });
            table.installInto(config.routes, "");
            installErrors(config);
        });
        app.start(settings.bind(), settings.port());
        return new RestServer(app, table, new Services(settings.store(), alertStatuses, incidents, veris, tokens, live,
                clock));
    }

    /**
     * Serves every route of this API on another server too, under {@code prefix} (e.g. {@code /api}), with the same
     * access checks, sessions and CSRF tokens and the same JSON errors: the web UI's pages call it on their own origin.
     */
    public void mountApi(JavalinConfig config, String prefix) {
        table.installInto(config.routes, prefix);
        installErrors(config);
    }

    /** Who sent {@code ctx} (session cookie or bearer token), as the routes' access check sees it; empty if nobody. */
    public Optional<Caller> caller(Context ctx) throws SQLException {
        return table.authenticate(ctx);
    }

    public Services services() {
        return services;
    }

    private static void installErrors(JavalinConfig config) {
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
        config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            // The store engine stopped, unreachable or blocked: not the request's fault; it may be back soon.
            LOG.warn("REST {} {}: the event store is unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
            error(ctx, 503, "the event store is unavailable; retry later");
        });
        // Javalin's own refusals (no such route, body too large, ...) in the same JSON shape.
        config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (requestGone(ctx)) {
                // The client left and Jetty recycled the request (a live stream ending as the server stops): nobody
                // to answer, and touching ctx would only throw again.
                LOG.debug("REST request gone before its reply", e);
                return;
            }
            if (StateDatabase.isUnreachable(e)) {
                // PostgreSQL restarting or out of reach: not the request's fault, and the pool reconnects by itself.
                LOG.warn("REST {} {}: the state database is unreachable: {}", ctx.method(), ctx.path(), e.toString());
                ctx.header("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
                error(ctx, 503, "the state database is unreachable; retry later");
                return;
            }
            LOG.error("REST {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error; see the server log");
        });
    }

    private static boolean requestGone(Context ctx) {
        try {
            ctx.path();
            return false;
        } catch (RuntimeException recycled) {
            return true;
        }
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
        return table.routes();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        services.live().close();
        app.stop();
    }
}
