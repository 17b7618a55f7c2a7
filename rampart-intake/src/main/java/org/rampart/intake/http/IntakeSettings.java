package org.rampart.intake.http;

import java.time.Duration;
import java.util.Map;
import org.rampart.http.tls.TlsFiles;

/**
 * What the HTTP intake needs from configuration.
 *
 * @param bind           address to listen on ({@code bind})
 * @param port           port, 0 for any free one ({@code intake.port})
 * @param maxBodySize    largest request body in bytes ({@code intake.max_body_size})
 * @param maxEventSize   largest single event in bytes, as JSON ({@code intake.max_event_size})
 * @param maxBulkDocuments most documents in one bulk request; more gives 413 ({@code intake.max_bulk_documents})
 * @param token          when not null, requests that send events need {@code Authorization: Bearer <token>}
 *                       ({@code intake.token})
 * @param maxUnconsumed  journal bytes not yet in the store above which intake answers 503 ({@code journal.max_unconsumed})
 * @param maxInFlight    requests whose body has been read, parsed and journaled at once above which intake answers
 *                       429 ({@code intake.max_in_flight})
 * @param maxInFlightPerClient requests of one client address (an IPv6 /64) in flight, body still arriving included,
 *                       above which that client gets 429 ({@code intake.max_in_flight_per_client})
 * @param minBodyRate    bytes per second below which a request body is cut off with 408 ({@code intake.min_body_rate})
 * @param retryAfter     what 429 and 503 replies tell the client to wait
 * @param sourceTokens   named tokens, source name to secret ({@code intake.tokens}); with {@code token}, any of them
 *                       admits a request, and a named one records its name on the event
 * @param tls            the certificate to serve HTTPS with, or null for plain HTTP ({@code intake.tls.*})
 * @param maxRequestsPerSecondPerClient requests a second one client address (an IPv6 /64) may send, in bursts of one
 *                       second's worth, above which it gets 429; 0: no limit ({@code intake.max_requests_per_second_per_client})
 */
public record IntakeSettings(String bind, int port, long maxBodySize, int maxEventSize, int maxBulkDocuments, String token,
        long maxUnconsumed, int maxInFlight, int maxInFlightPerClient, long minBodyRate, Duration retryAfter,
        Map<String, String> sourceTokens, TlsFiles tls, int maxRequestsPerSecondPerClient) {

    /** Plain HTTP, with at most the one shared token. */
    public IntakeSettings(String bind, int port, long maxBodySize, int maxEventSize, int maxBulkDocuments, String token,
            long maxUnconsumed, int maxInFlight, int maxInFlightPerClient, long minBodyRate, Duration retryAfter) {
        this(bind, port, maxBodySize, maxEventSize, maxBulkDocuments, token, maxUnconsumed, maxInFlight,
                maxInFlightPerClient, minBodyRate, retryAfter, Map.of(), null, 0);
    }

    /** No request rate limit per client. */
    public IntakeSettings(String bind, int port, long maxBodySize, int maxEventSize, int maxBulkDocuments, String token,
            long maxUnconsumed, int maxInFlight, int maxInFlightPerClient, long minBodyRate, Duration retryAfter,
            Map<String, String> sourceTokens, TlsFiles tls) {
        this(bind, port, maxBodySize, maxEventSize, maxBulkDocuments, token, maxUnconsumed, maxInFlight,
                maxInFlightPerClient, minBodyRate, retryAfter, sourceTokens, tls, 0);
    }

    public IntakeSettings {
        if (maxBodySize <= 0 || maxEventSize <= 0 || maxBulkDocuments <= 0 || maxInFlight <= 0 || maxInFlightPerClient <= 0
                || maxUnconsumed <= 0 || minBodyRate <= 0 || maxRequestsPerSecondPerClient < 0) {
            throw new IllegalArgumentException("intake limits must be positive: body " + maxBodySize + ", event "
                    + maxEventSize + ", bulk documents " + maxBulkDocuments + ", in flight " + maxInFlight + ", per client "
                    + maxInFlightPerClient + ", unconsumed " + maxUnconsumed + ", body rate " + minBodyRate
                    + ", requests a second per client " + maxRequestsPerSecondPerClient + " (0: no limit)");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        sourceTokens = Map.copyOf(sourceTokens);
    }
}
