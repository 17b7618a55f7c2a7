package org.rampart.ui;

/** The login page: where to go once logged in. */
public record LoginView(String next) {
    /** {@code next} when it is a path of this site, else the alerts page: a login link cannot send anyone elsewhere. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 512) {
            return "/alerts";
        }
        return next;
    }
}
