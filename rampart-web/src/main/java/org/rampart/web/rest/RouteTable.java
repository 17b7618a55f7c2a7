package org.rampart.web.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rampart.web.auth.Authenticator;
import org.rampart.web.auth.Caller;
import org.rampart.web.auth.Role;

/**
 * Every route of the REST API with the role it needs: the one way to add a route, and the one place access is checked.
 * A route declares a role or is explicitly public; one without either fails at startup, so nothing is reachable by
 * accident. Before a handler runs: no valid credential is 401, a cookie-borne change without the session's CSRF token
 * is 403, a role below the route's is 403.
 */
final class RouteTable {
    /** The header carrying the session's CSRF token, which a client reads from {@code GET /session}. */
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CALLER = "rampart.caller";
    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private record Entry(HandlerType type, Route route, Handler handler) {}

    private final Authenticator authenticator;
    private final List<Entry> entries = new ArrayList<>();

    RouteTable(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Adds a route that needs at least {@code role}. */
    RouteTable add(HandlerType method, String path, Role role, Handler handler) {
        if (role == null) {
            throw new IllegalStateException("route " + method + " " + path + " declares no role: give it the least role"
                    + " that may call it, or add it with addPublic");
        }
        return register(method, path, Optional.of(role), handler);
    }

    /** Adds a route anyone may call, logged in or not. */
    RouteTable addPublic(HandlerType method, String path, Handler handler) {
        return register(method, path, Optional.empty(), handler);
    }

    private RouteTable register(HandlerType method, String path, Optional<Role> role, Handler handler) {
        Route route = new Route(method.name(), path, role);
        if (entries.stream().anyMatch(e -> e.route().method().equals(route.method()) && e.route().path().equals(path))) {
            throw new IllegalStateException("route " + method + " " + path + " is registered twice");
        }
        entries.add(new Entry(method, route, handler));
        return this;
    }

    /** Every route, in registration order. */
    List<Route> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    /** Registers every route with Javalin under {@code prefix} (empty for none), each behind its access check. */
    void installInto(RoutesConfig routes, String prefix) {
        for (Entry e : entries) {
            routes.addHttpHandler(e.type(), prefix + e.route().path(), guarded(e.route(), e.handler()));
        }
    }

    /** The caller a request's credential names, or empty: for pages served outside the table (the web UI). */
    Optional<Caller> authenticate(Context ctx) throws SQLException {
        return authenticator.authenticate(ctx.header("Authorization"), SessionCookie.read(ctx));
    }

    /** The authenticated caller of a request that passed a non-public route's check. */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller on " + ctx.path() + ": a public route cannot ask for one");
        }
        return caller;
    }

    private Handler guarded(Route route, Handler handler) {
        if (route.role().isEmpty()) {
            return handler;
        }
        Role required = route.role().get();
        return ctx -> {
            Caller caller = authenticate(ctx).orElseThrow(() -> new ApiError(401, "authentication required: log in (POST /login) or send"
                            + " 'Authorization: Bearer <token>' (a personal token, or the data folder's api-token file)"));
            if (caller.cookieBorne() && !SAFE_METHODS.contains(ctx.method()) && !csrfMatches(ctx, caller)) {
                throw new ApiError(403, "missing or wrong " + CSRF_HEADER + " header: a change made with the session"
                        + " cookie must carry the session's CSRF token (GET /session returns it)");
            }
            if (!caller.role().includes(required)) {
                throw new ApiError(403, route.method() + " " + route.path() + " needs the role " + required.id()
                        + "; " + caller.name() + " has " + caller.role().id());
            }
            ctx.attribute(CALLER, caller);
            handler.handle(ctx);
        };
    }

    private static boolean csrfMatches(Context ctx, Caller caller) {
        String presented = ctx.header(CSRF_HEADER);
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                caller.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
}
