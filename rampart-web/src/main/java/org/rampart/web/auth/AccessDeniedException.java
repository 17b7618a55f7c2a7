package org.rampart.web.auth;

/** An authenticated caller asked for something its role or credential does not allow: the REST API answers 403. */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
