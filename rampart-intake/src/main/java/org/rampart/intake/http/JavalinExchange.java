package org.rampart.intake.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;

/** An intake request served by Javalin. */
record JavalinExchange(Context ctx) implements IntakeExchange {
    /** The route template the request matched ({@code /custom/{application}}), or null when none did. */
    static String routeTemplate(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null ? null : matched.path;
    }

    @Override
    public String route() {
        return routeTemplate(ctx);
    }

    @Override
    public String header(String name) {
        return ctx.header(name);
    }

    @Override
    public String remoteAddress() {
        return ctx.req().getRemoteAddr();
    }

    @Override
    public long declaredLength() {
        return ctx.req().getContentLengthLong();
    }

    @Override
    public InputStream body() throws IOException {
        return ctx.req().getInputStream();
    }

    @Override
    public void replyHeader(String name, String value) {
        ctx.header(name, value);
    }

    @Override
    public void reply(int status, String contentType, byte[] body) {
        ctx.status(status).contentType(contentType);
        // No result for an empty body: Javalin copies any result through a 32 KB buffer of its own, per request.
        if (body.length > 0) {
            ctx.result(body);
        }
    }
}
