package org.rampart.http.headers;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The headers every response of a listener browsers may reach carries, set before any handler runs so that 404s,
 * errors and Jetty's own refusals carry them too (a handler may still replace one, e.g. a page its own CSP):
 * a Content-Security-Policy, {@code X-Content-Type-Options: nosniff} (no type guessing of attacker text),
 * {@code Referrer-Policy: no-referrer}, {@code X-Frame-Options: DENY} with CSP {@code frame-ancestors 'none'} (no
 * framing, so no clickjacking), and {@code Strict-Transport-Security} when the listener speaks TLS.
 */
public final class SecurityHeaders extends Handler.Wrapper {
    /** For APIs: a reply is data, never a page, so it may load and run nothing. */
    public static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** One year, the HSTS preload list's minimum. */
    private static final String HSTS = "max-age=31536000";

    private final String contentSecurityPolicy;
    private final boolean tls;

    /**
     * @param contentSecurityPolicy the CSP of every reply (e.g. {@link #API_POLICY})
     * @param tls                   whether the listener is HTTPS, which adds {@code Strict-Transport-Security}
     */
    public SecurityHeaders(String contentSecurityPolicy, boolean tls) {
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.tls = tls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", contentSecurityPolicy);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        if (tls) {
            headers.put("Strict-Transport-Security", HSTS);
        }
        return super.handle(request, response, callback);
    }
}
