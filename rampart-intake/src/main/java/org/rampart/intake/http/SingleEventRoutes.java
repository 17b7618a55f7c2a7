package org.rampart.intake.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.rampart.event.metrics.HttpRequestMeter;

/**
 * MozDef's fixed single-event routes ({@code /events}, {@code /nxlog}, {@code /_status}, {@code /cef}, each also with a
 * trailing slash) served on Jetty's own request and response, ahead of the servlet layer and Javalin: a syslog-style
 * shipper sends one event per request, and the servlet request, session lookup and Javalin's task chain cost about
 * 15 µs of server CPU per event and made most of the stack a request's virtual thread is frozen with while it waits for
 * the journal's fsync (docs/benchmarks.md: 173 µs per single event before, 158 after). Everything else goes on to
 * Javalin.
 */
final class SingleEventRoutes extends Handler.Wrapper {
    /** Serves one admitted request to a route: what {@code IntakeServer.single} does. */
    interface Route {
        void serve(IntakeExchange exchange, EndpointMembers members);
    }

    private static final Map<String, EndpointMembers> ROUTES = Map.of("/events", EndpointMembers.EVENTS,
            "/nxlog", EndpointMembers.EVENTS, "/_status", EndpointMembers.EVENTS, "/cef", EndpointMembers.CEF);

    private final Route route;
    private final HttpRequestMeter replies;

    SingleEventRoutes(Route route, HttpRequestMeter replies) {
        this.route = route;
        this.replies = replies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path != null && path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        EndpointMembers members = path == null ? null : ROUTES.get(path);
        if (members == null) {
            return super.handle(request, response, callback);
        }
        JettyExchange exchange = new JettyExchange(path, request, response, callback);
        String method = request.getMethod();
        // MozDef binds GET /_status to the events handler too; a body there is an event.
        if (method.equals("POST") || method.equals("PUT") || (method.equals("GET") && path.equals("/_status"))) {
            route.serve(exchange, members);
        } else {
            exchange.replyHeader("Allow", path.equals("/_status") ? "GET, POST, PUT" : "POST, PUT");
            exchange.reply(405, "application/json", "{\"error\":\"method not allowed\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (!exchange.replied) {
            exchange.reply(500, "application/json", "{\"error\":\"no reply\"}".getBytes(StandardCharsets.UTF_8));
        }
        replies.record(path, exchange.status);
        return true;
    }

    /** A request on Jetty's own API; its reply completes the request's callback. */
    private static final class JettyExchange implements IntakeExchange {
        private final String route;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private boolean replied;
        private int status;

        JettyExchange(String route, Request request, Response response, Callback callback) {
            this.route = route;
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public String route() {
            return route;
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public String remoteAddress() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public long declaredLength() {
            return request.getLength();
        }

        @Override
        public InputStream body() throws IOException {
            return Content.Source.asInputStream(request);
        }

        @Override
        public void replyHeader(String name, String value) {
            response.getHeaders().put(name, value);
        }

        @Override
        public void reply(int status, String contentType, byte[] body) {
            this.replied = true;
            this.status = status;
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
