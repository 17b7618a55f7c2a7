package org.rampart.web.rest;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.Sessions;

/**
 * {@code GET /login/oidc} and {@code GET /login/oidc/callback}: login through an OpenID Connect provider, ending in the
 * same session (cookie and CSRF token) as {@code POST /login}.
 */
final class OidcRoutes {
    /**
     * The login under way (state, nonce, PKCE verifier), kept by the browser between the two routes. {@code Lax}, not
     * {@code Strict}: the provider's redirect back is a cross-site navigation, which must carry it.
     */
    private static final String TRANSACTION_COOKIE = "rampart_oidc";
    private static final String CALLBACK = "/login/oidc/callback";
    /** How long a browser may spend at the provider. */
    private static final int TRANSACTION_SECONDS = 600;
    /** Longest reason from the provider quoted back (it is the provider's, or an attacker's, text). */
    private static final int MAX_PROVIDER_ERROR = 100;

    private final OidcLogin login;
    private final Sessions sessions;
    private final AuditLog audit;
    private final boolean secureCookie;

    private OidcRoutes(OidcLogin login, Sessions sessions, AuditLog audit, boolean secureCookie) {
        this.login = login;
        this.sessions = sessions;
        this.audit = audit;
        this.secureCookie = secureCookie;
    }

    /** Adds the OIDC routes (both public: they are how one logs in). */
    static void register(RouteTable table, OidcLogin login, Sessions sessions, AuditLog audit, boolean secureCookie) {
        OidcRoutes routes = new OidcRoutes(login, sessions, audit, secureCookie);
        table.addPublic(HandlerType.GET, "/login/oidc", routes::start);
        table.addPublic(HandlerType.GET, CALLBACK, routes::callback);
    }

    /** Sends the browser to the provider, with the transaction cookie it must bring back. */
    private void start(Context ctx) {
        OidcLogin.Started started;
        try {
            started = login.start();
        } catch (OidcLogin.ProviderUnavailable e) {
            throw new ApiError(502, e.getMessage());
        }
        ctx.res().addHeader("Set-Cookie", TRANSACTION_COOKIE + "=" + started.transaction() + "; Max-Age="
                + TRANSACTION_SECONDS + transactionAttributes());
        RestServer.doNotCache(ctx);
        ctx.redirect(started.authorizationUri().toString(), HttpStatus.FOUND);
    }

    /** Completes the login the provider sent the browser back from, and opens a session. */
    private void callback(Context ctx) throws SQLException {
        String transaction = ctx.cookie(TRANSACTION_COOKIE);
        // Single use, whatever happens next.
        ctx.res().addHeader("Set-Cookie", TRANSACTION_COOKIE + "=; Max-Age=0" + transactionAttributes());
        RestServer.doNotCache(ctx);
        String address = ctx.ip();
        Accounts.Account account;
        try {
            String providerError = ctx.queryParam("error");
            if (providerError != null) {
                throw new ApiError(401, "the OIDC provider refused the login: " + bounded(providerError));
            }
            account = login.complete(transaction, ctx.queryParam("code"), ctx.queryParam("state"));
        } catch (OidcLogin.Refused e) {
            refused(address, e.getMessage());
            throw new ApiError(e.status(), e.getMessage());
        } catch (ApiError e) {
            refused(address, e.getMessage());
            throw e;
        } catch (OidcLogin.ProviderUnavailable e) {
            throw new ApiError(502, e.getMessage());
        }
        sessions.end(SessionCookie.read(ctx));
        Sessions.Opened opened = sessions.open(account);
        audit.record(AuditLog.Entry.of(opened.caller().actor(), "login", opened.caller().name(),
                Json.object().put("address", address).put("via", "oidc")));
        SessionCookie.set(ctx, opened.cookieValue(), secureCookie);
        RestServer.reply(ctx, 200, AuthRoutes.describe(opened.caller()));
    }

    private void refused(String address, String reason) throws SQLException {
        audit.record(AuditLog.Entry.of("anonymous", "login.failed", "oidc",
                Json.object().put("address", address).put("reason", reason)));
    }

    private static String bounded(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= MAX_PROVIDER_ERROR ? printable : printable.substring(0, MAX_PROVIDER_ERROR) + "…";
    }

    private String transactionAttributes() {
        return "; Path=/login/oidc; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "");
    }
}
