package org.rampart.web.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.Caller;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.Sessions;

/** {@code POST /login}, {@code POST /logout}, {@code GET /session}: login sessions for people. */
final class AuthRoutes {
    /** Longer names are refused outright (account names have at most 64 characters). */
    private static final int MAX_NAME = 256;

    private final Accounts accounts;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final boolean secureCookie;

    AuthRoutes(Accounts accounts, Sessions sessions, LoginThrottle throttle, AuditLog audit, boolean secureCookie) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.secureCookie = secureCookie;
    }

    /** Checks name and password and opens a session: the cookie, and the CSRF token in the reply. */
    void login(Context ctx) throws SQLException {
        // A cross-site form cannot send JSON without a CORS preflight, which this server never grants: no login CSRF.
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the login as JSON with Content-Type: application/json");
        }
        ObjectNode body = RequestBodies.object(ctx);
        String name = RequestBodies.text(body, "name", MAX_NAME, true);
        String password = RequestBodies.text(body, "password", Accounts.MAX_PASSWORD, true);
        String address = ctx.ip();
        Optional<Duration> wait = throttle.attempt(name, address);
        if (wait.isPresent()) {
            throw ApiError.tooManyRequests("too many failed logins for this account or from this address; try again later",
                    wait.get());
        }
        Optional<Accounts.Account> account = accounts.authenticate(name, password.toCharArray());
        if (account.isEmpty()) {
            audit.record(AuditLog.Entry.of("anonymous", "login.failed", name, Json.object().put("address", address)));
            throw new ApiError(401, "wrong name or password");
        }
        throttle.succeeded(name, address);
        sessions.end(SessionCookie.read(ctx));
        Sessions.Opened opened = sessions.open(account.get());
        audit.record(AuditLog.Entry.of(opened.caller().actor(), "login", opened.caller().name(),
                Json.object().put("address", address)));
        SessionCookie.set(ctx, opened.cookieValue(), secureCookie);
        RestServer.doNotCache(ctx);
        RestServer.reply(ctx, 200, describe(opened.caller()));
    }

    /** Ends the caller's session and clears the cookie. */
    void logout(Context ctx) throws SQLException {
        Caller caller = RouteTable.caller(ctx);
        sessions.close(caller);
        audit.record(AuditLog.Entry.of(caller.actor(), "logout", caller.name(), Json.object().put("address", ctx.ip())));
        SessionCookie.clear(ctx, secureCookie);
        ctx.status(204);
    }

    /** Who the caller is, and for a session the CSRF token that its changes must carry. */
    void session(Context ctx) {
        RestServer.doNotCache(ctx);
        RestServer.reply(ctx, 200, describe(RouteTable.caller(ctx)));
    }

    /** The caller as the login replies and {@code GET /session} show it. */
    static ObjectNode describe(Caller caller) {
        ObjectNode out = Json.object().put("name", caller.name()).put("role", caller.role().id())
                .put("via", caller.via().name().toLowerCase(Locale.ROOT));
        if (caller.csrfToken() != null) {
            out.put("csrfToken", caller.csrfToken());
        }
        return out;
    }
}
