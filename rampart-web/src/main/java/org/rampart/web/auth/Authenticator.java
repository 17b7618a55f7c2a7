package org.rampart.web.auth;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Who a request comes from: a bearer token (the service token or a personal token) or else a session cookie. A request
 * with an {@code Authorization} header is judged by that header alone: a wrong token never falls back to the cookie.
 */
public final class Authenticator {
    private final ApiToken serviceToken;
    private final Sessions sessions;
    private final PersonalTokens tokens;

    public Authenticator(ApiToken serviceToken, Sessions sessions, PersonalTokens tokens) {
        this.serviceToken = serviceToken;
        this.sessions = sessions;
        this.tokens = tokens;
    }

    /** The caller, or empty when the request carries no valid credential. */
    public Optional<Caller> authenticate(String authorizationHeader, String sessionCookie) throws SQLException {
        if (authorizationHeader != null) {
            if (serviceToken.acceptsHeader(authorizationHeader)) {
                return Optional.of(Caller.SERVICE);
            }
            if (!authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            return tokens.resolve(authorizationHeader.substring(7).strip());
        }
        return sessions.resolve(sessionCookie);
    }
}
