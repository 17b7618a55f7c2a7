package org.rampart.web.metrics;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.rampart.http.headers.SecurityHeaders;
import org.rampart.http.tls.TlsFiles;
import org.rampart.http.tls.TlsListener;
import org.rampart.web.auth.ApiToken;

/**
 * {@code metrics.port}: a listener that serves only {@code GET /metrics}, so that a process without the web role (only
 * intake, worker or scheduler) can be scraped too. It answers the service token ({@code <data.dir>/api-token}) as
 * {@code Authorization: Bearer}: personal tokens are checked against accounts in the state database, which such a
 * process does not open. Anything else gets 401, any other path 404.
 */
public final class MetricsServer implements AutoCloseable {
    private final Javalin app;

    private MetricsServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts the listener on {@code bind:port} (0: any free port), HTTPS when {@code tls} is not null.
     */
    public static MetricsServer start(String bind, int port, TlsFiles tls, ApiToken token, PrometheusMeterRegistry registry) {
        PrometheusEndpoint endpoint = new PrometheusEndpoint(registry);
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServer(server ->
                    server.insertHandler(new SecurityHeaders(SecurityHeaders.API_POLICY, tls != null)));
            if (tls != null) {
                config.jetty.addConnector((server, http) -> TlsListener.connector(server, http, bind, port, tls));
            }
            config.routes.get("/metrics", ctx -> {
                if (!token.acceptsHeader(ctx.header("Authorization"))) {
                    ctx.status(401).header("WWW-Authenticate", "Bearer").contentType("application/json")
                            .result("{\"error\": \"metrics need the API token as Authorization: Bearer\"}");
                    return;
                }
                endpoint.handle(ctx);
            });
        });
        app.start(bind, port);
        return new MetricsServer(app);
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
