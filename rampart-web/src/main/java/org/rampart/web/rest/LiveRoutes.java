package org.rampart.web.rest;

import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseHandler;
import org.rampart.web.auth.Role;
import org.rampart.web.live.LiveEvents;

/** {@code GET /events/stream}: the live event stream, server-sent events, for viewers. */
final class LiveRoutes {
    private static final String EVENT_STREAM = "text/event-stream";

    private LiveRoutes() {}

    static void register(RouteTable table, LiveEvents live) {
        SseHandler stream = new SseHandler(live::serve);
        table.add(HandlerType.GET, "/events/stream", Role.VIEWER, ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains(EVENT_STREAM)) {
                throw new ApiError(406, "/events/stream is server-sent events: send 'Accept: " + EVENT_STREAM + "'");
            }
            if (!live.hasRoom()) {
                throw new ApiError(503, "the live stream has its " + LiveEvents.MAX_SUBSCRIBERS
                        + " subscribers; try again later");
            }
            stream.handle(ctx);
        });
    }
}
