package org.rampart.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The login page: where to go once logged in. */
public record LoginView(String next) {
    /** {@code next} when it is a path of this site, else the alerts page: a login link cannot send anyone elsewhere. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 512) {
            return "/alerts";
        }
        return next;
    }

    /** The API's OIDC login, which sends the browser back to {@code next} once logged in. */
    public String oidcLogin() {
        return "/api/login/oidc?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }
}
