package org.rampart.web.rest;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.Sessions;

/**
 * {@code GET /login/oidc} and {@code GET /login/oidc/callback}: login through an OpenID Connect provider, ending in the
 * same session (cookie and CSRF token) as {@code POST /login}. Started with {@code ?next=/a/path} (the web UI's link),
 * the callback sends the browser on to that path of this site instead of answering JSON.
 */
final class OidcRoutes {
    /**
     * The login under way (state, nonce, PKCE verifier), kept by the browser between the two routes. {@code Lax}, not
     * {@code Strict}: the provider's redirect back is a cross-site navigation, which must carry it.
     */
    private static final String TRANSACTION_COOKIE = "rampart_oidc";
    /** Where to go after the login, kept beside the transaction. */
    private static final String NEXT_COOKIE = "rampart_oidc_next";
    /** A path of this site: no scheme, no other host ({@code //host}, {@code /\\host}), no control characters. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[^\\x00-\\x1f\\x7f\\\\]{0,511}");
    private static final String CALLBACK = "/login/oidc/callback";
    /** How long a browser may spend at the provider. */
    private static final int TRANSACTION_SECONDS = 600;
    /** Longest reason from the provider quoted back (it is the provider's, or an attacker's, text). */
    private static final int MAX_PROVIDER_ERROR = 100;

    private final OidcLogin login;
    private final Sessions sessions;
    private final AuditLog audit;
    private final boolean secureCookie;
    /**
     * The transaction cookie's path: the routes' as the browser reaches the callback ({@code auth.oidc.redirect_uri}),
     * {@code /api/login/oidc} when the web UI serves the API under {@code /api}.
     */
    private final String cookiePath;

    private OidcRoutes(OidcLogin login, Sessions sessions, AuditLog audit, boolean secureCookie, String cookiePath) {
        this.login = login;
        this.sessions = sessions;
        this.audit = audit;
        this.secureCookie = secureCookie;
        this.cookiePath = cookiePath;
    }

    /** Adds the OIDC routes (both public: they are how one logs in). */
    static void register(RouteTable table, OidcLogin.Settings settings, Accounts accounts, Sessions sessions,
                         AuditLog audit, boolean secureCookie) {
        OidcRoutes routes = new OidcRoutes(new OidcLogin(settings, accounts), sessions, audit, secureCookie,
                settings.redirectUri().getRawPath().substring(0, settings.redirectUri().getRawPath().length()
                        - "/callback".length()));
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
        String next = ctx.queryParam("next");
        if (next != null && LOCAL_PATH.matcher(next).matches()) {
            ctx.res().addHeader("Set-Cookie", NEXT_COOKIE + "=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
                    + "; Max-Age=" + TRANSACTION_SECONDS + transactionAttributes());
        }
        RestServer.doNotCache(ctx);
        ctx.redirect(started.authorizationUri().toString(), HttpStatus.FOUND);
    }

    /** Completes the login the provider sent the browser back from, and opens a session. */
    private void callback(Context ctx) throws SQLException {
        String transaction = ctx.cookie(TRANSACTION_COOKIE);
        String next = next(ctx);
        // Single use, whatever happens next.
        ctx.res().addHeader("Set-Cookie", TRANSACTION_COOKIE + "=; Max-Age=0" + transactionAttributes());
        if (next != null) {
            ctx.res().addHeader("Set-Cookie", NEXT_COOKIE + "=; Max-Age=0" + transactionAttributes());
        }
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
        if (next == null) {
            RestServer.reply(ctx, 200, AuthRoutes.describe(opened.caller()));
        } else {
            goOn(ctx, next);
        }
    }

    /** The path the login was started for, or null. */
    private static String next(Context ctx) {
        String cookie = ctx.cookie(NEXT_COOKIE);
        if (cookie == null) {
            return null;
        }
        String next = URLDecoder.decode(cookie, StandardCharsets.UTF_8);
        return LOCAL_PATH.matcher(next).matches() ? next : null;
    }

    /**
     * Sends the browser on to {@code next} from a page of this site rather than with a redirect: the provider's
     * redirect here was a cross-site navigation, and a browser sends no {@code SameSite=Strict} session cookie on a
     * redirect that continues it. The page's refresh is a navigation this site starts, which carries the cookie.
     */
    private static void goOn(Context ctx, String next) {
        String href = next.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;").replace("<", "&lt;")
                .replace(">", "&gt;");
        ctx.status(200).contentType("text/html; charset=UTF-8").result("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=" + href + "\">"
                + "<title>Logged in</title></head><body><p>Logged in. <a href=\"" + href + "\">Continue</a></p></body></html>");
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
        return "; Path=" + cookiePath + "; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "");
    }
}
