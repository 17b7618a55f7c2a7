package org.rampart.web.auth;

/**
 * Who sent a request, once authenticated.
 *
 * @param via        how: a login session (cookie), a personal API token or the service token
 * @param accountId  the account, 0 for the service token (which belongs to none)
 * @param name       the account name, {@code service-token} for the service token
 * @param role       what it may do: a token's role is at most its owner's current role
 * @param credential the session's stored id hash or the token's id: what logout and revocation name
 * @param csrfToken  the session's CSRF token (null unless via a session)
 */
public record Caller(Via via, long accountId, String name, Role role, String credential, String csrfToken) {
    /** How a caller authenticated. */
    public enum Via { SESSION, PERSONAL_TOKEN, SERVICE_TOKEN }

    /** The service token's caller: admin-equivalent, for the local CLI and scripts on the server's machine. */
    static final Caller SERVICE = new Caller(Via.SERVICE_TOKEN, 0, "service-token", Role.ADMIN, "", null);

    /** How the audit log names this caller. */
    public String actor() {
        return via == Via.PERSONAL_TOKEN ? name + " (token " + credential + ")" : name;
    }

    /** True when the request carried a cookie, so a state change must also carry the session's CSRF token. */
    public boolean cookieBorne() {
        return via == Via.SESSION;
    }
}
