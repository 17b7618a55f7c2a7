package org.rampart.intake.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * One request to intake and its reply, as intake's checks see them: a Javalin context, or Jetty's own request and
 * response on the single-event routes ({@link SingleEventRoutes}).
 */
interface IntakeExchange {
    /** The route template the request matched, for the metrics. */
    String route();

    /** A request header, or null. */
    String header(String name);

    /** The client's address as the connection shows it. */
    String remoteAddress();

    /** The declared body length, or -1 when the body is chunked. */
    long declaredLength();

    /** The request body. */
    InputStream body() throws IOException;

    /** Sets a reply header; call before {@link #reply}. */
    void replyHeader(String name, String value);

    /** Replies with this status, content type and body (empty for none); the last call on the exchange. */
    void reply(int status, String contentType, byte[] body);
}
