package org.rampart.intake.http;

import java.time.Duration;

/**
 * What the HTTP intake needs from configuration.
 *
 * @param bind           address to listen on ({@code bind})
 * @param port           port, 0 for any free one ({@code intake.port})
 * @param maxBodySize    largest request body in bytes ({@code intake.max_body_size})
 * @param maxEventSize   largest single event in bytes, as JSON ({@code intake.max_event_size})
 * @param token          when not null, requests that send events need {@code Authorization: Bearer <token>}
 *                       ({@code intake.token})
 * @param maxUnconsumed  journal bytes not yet in the store above which intake answers 503 ({@code journal.max_unconsumed})
 * @param maxInFlight    event requests handled at once above which intake answers 429
 * @param retryAfter     what 429 and 503 replies tell the client to wait
 */
public record IntakeSettings(String bind, int port, long maxBodySize, int maxEventSize, String token,
        long maxUnconsumed, int maxInFlight, Duration retryAfter) {

    /** Requests in flight when configuration does not say: enough to keep the disk busy, few enough to bound memory. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 512;

    public IntakeSettings {
        if (maxBodySize <= 0 || maxEventSize <= 0 || maxInFlight <= 0 || maxUnconsumed <= 0) {
            throw new IllegalArgumentException("intake limits must be positive: body " + maxBodySize + ", event "
                    + maxEventSize + ", in flight " + maxInFlight + ", unconsumed " + maxUnconsumed);
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }
}
