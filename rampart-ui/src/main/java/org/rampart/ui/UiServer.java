package org.rampart.ui;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.rampart.http.headers.SecurityHeaders;
import org.rampart.http.tls.TlsFiles;
import org.rampart.http.tls.TlsListener;
import org.rampart.web.auth.Caller;
import org.rampart.web.rest.RestServer;

/**
 * The web UI on {@code web.port}: server-rendered pages over the REST server's services, the REST API itself under
 * {@code /api} (same sessions, CSRF tokens and role checks, so the pages' scripts and the live stream stay on this
 * origin), and the scripts, styles and map data bundled in this jar. Every reply carries a strict
 * Content-Security-Policy: scripts only from this origin, none inline, no framing.
 */
public final class UiServer implements AutoCloseable {
    /** Scripts and styles from this origin only, never inline; violations are reported to {@code /csp-report}. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none';"
            + " report-uri /csp-report";
    private static final long MAX_REQUEST_BYTES = 1 << 20;

    /** Where the UI listens; {@code tls} is the certificate to serve HTTPS with ({@code web.tls.*}), null for plain HTTP. */
    public record Settings(String bind, int port, TlsFiles tls) {}

    /** A page for a logged-in caller. */
    @FunctionalInterface
    interface Page {
        void render(Context ctx, Viewer viewer, Caller caller) throws Exception;
    }

    private final Javalin app;
    private final CspReports cspReports;

    private UiServer(Javalin app, CspReports cspReports) {
        this.app = app;
        this.cspReports = cspReports;
    }

    /** Starts the UI over {@code rest}'s services and API, with {@code status} for the health page; port 0: any. */
    public static UiServer start(Settings settings, RestServer rest, ServerStatus status) {
        Templates templates = new Templates();
        CspReports reports = new CspReports();
        RestServer.Services services = rest.services();
        AlertPages alerts = new AlertPages(services, templates);
        IncidentPages incidents = new IncidentPages(services, templates);
        AccountPages accounts = new AccountPages(services, templates);
        EventPages events = new EventPages(services, templates);
        ChartPages charts = new ChartPages(services, templates);
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.router.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            // The shared headers with the UI's CSP, on every reply including Jetty's own (404s, errors).
            config.jetty.modifyServer(server -> server.insertHandler(new SecurityHeaders(CSP, settings.tls() != null)));
            if (settings.tls() != null) {
                config.jetty.addConnector((server, http) ->
                        TlsListener.connector(server, http, settings.bind(), settings.port(), settings.tls()));
            }
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/org/rampart/ui/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "max-age=300");
            });
            rest.mountApi(config, "/api");
            config.routes.before(UiServer::referrerWithinOrigin);
            config.routes.post("/csp-report", reports::receive);
            config.routes.get("/", ctx -> ctx.redirect("/alerts"));
            config.routes.get("/login", accounts::login);
            config.routes.get("/alerts", page(rest, (ctx, viewer, caller) -> alerts.list(ctx, viewer)));
            config.routes.get("/alerts/{id}", page(rest, (ctx, viewer, caller) -> alerts.one(ctx, viewer)));
            config.routes.get("/incidents", page(rest, (ctx, viewer, caller) -> incidents.list(ctx, viewer)));
            config.routes.get("/incidents/{id}", page(rest, (ctx, viewer, caller) -> incidents.one(ctx, viewer)));
            config.routes.get("/events", page(rest, (ctx, viewer, caller) -> events.search(ctx, viewer)));
            config.routes.get("/attackers", page(rest, (ctx, viewer, caller) -> templates.render(ctx, "attackers.jte", viewer)));
            config.routes.get("/charts", page(rest, (ctx, viewer, caller) -> charts.charts(ctx, viewer)));
            config.routes.get("/status", page(rest, (ctx, viewer, caller) -> templates.render(ctx, "status.jte", viewer)));
            config.routes.get("/status.json", page(rest, (ctx, viewer, caller) -> ctx.contentType("application/json")
                    .result(status.snapshot().toString())));
            config.routes.get("/tokens", page(rest, accounts::tokens));
        });
        app.start(settings.bind(), settings.port());
        return new UiServer(app, reports);
    }

    /** Renders {@code page} for a logged-in caller; anyone else is sent to the login page, and back after it. */
    private static Handler page(RestServer rest, Page page) {
        return ctx -> {
            Optional<Caller> caller = rest.caller(ctx);
            if (caller.isEmpty()) {
                String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.redirect("/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
                return;
            }
            // Pages show the caller's data and carry the session's CSRF token: no cache may keep them.
            ctx.header("Cache-Control", "no-store");
            page.render(ctx, Viewer.of(caller.get()), caller.get());
        };
    }

    /** The shared handler sends no referrer at all; the UI's own pages keep it within the origin. */
    private static void referrerWithinOrigin(Context ctx) {
        ctx.header("Referrer-Policy", "same-origin");
    }

    public int port() {
        return app.port();
    }

    /** The Content-Security-Policy violations browsers reported. */
    public CspReports cspReports() {
        return cspReports;
    }

    @Override
    public void close() {
        app.stop();
    }
}
