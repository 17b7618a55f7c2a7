package org.rampart.web.rest;

import java.time.Duration;

/** A request refused with an HTTP status and a reason for the client ({@code {"error": reason}}). */
final class ApiError extends RuntimeException {
    private final int status;
    private final Duration retryAfter;

    ApiError(int status, String reason) {
        this(status, reason, null);
    }

    private ApiError(int status, String reason, Duration retryAfter) {
        super(reason, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** 429 with a {@code Retry-After} of {@code wait}, rounded up to whole seconds. */
    static ApiError tooManyRequests(String reason, Duration wait) {
        return new ApiError(429, reason, wait);
    }

    int status() {
        return status;
    }

    /** Seconds for {@code Retry-After}, or -1 for none. */
    long retryAfterSeconds() {
        return retryAfter == null ? -1 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
