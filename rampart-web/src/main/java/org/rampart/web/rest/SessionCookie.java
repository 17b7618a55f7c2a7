package org.rampart.web.rest;

import io.javalin.http.Context;

/**
 * The login session cookie: {@code HttpOnly} (scripts cannot read it), {@code SameSite=Strict} (other sites' pages
 * cannot send it), {@code Secure} when configured (TLS). No {@code Max-Age}: the server ends sessions, the browser
 * forgets the cookie when it closes.
 */
final class SessionCookie {
    static final String NAME = "rampart_session";

    private SessionCookie() {}

    static void set(Context ctx, String value, boolean secure) {
        ctx.res().addHeader("Set-Cookie", NAME + "=" + value + attributes(secure));
    }

    static void clear(Context ctx, boolean secure) {
        ctx.res().addHeader("Set-Cookie", NAME + "=; Max-Age=0" + attributes(secure));
    }

    static String read(Context ctx) {
        return ctx.cookie(NAME);
    }

    private static String attributes(boolean secure) {
        return "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
