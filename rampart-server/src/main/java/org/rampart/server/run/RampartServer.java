package org.rampart.server.run;

import io.javalin.http.Handler;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.alerts.schedule.TickClaims;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.http.tls.TlsFiles;
import org.rampart.intake.http.IntakeServer;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.http.IntakeSettings;
import org.rampart.intake.journal.DiskWatermark;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.intake.sqs.SqsInput;
import org.rampart.intake.sqs.SqsInputs;
import org.rampart.intake.syslog.SyslogServer;
import org.rampart.intake.syslog.SyslogSettings;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.pipeline.worker.PipelineWorkers;
import org.rampart.query.EventStore;
import org.rampart.server.alerts.AlertRuntime;
import org.rampart.server.cluster.LiveRelay;
import org.rampart.server.cluster.PostgresState;
import org.rampart.server.cluster.SharedTickClaims;
import org.rampart.server.extensions.ConfiguredExtensions;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.server.lifecycle.LifecycleJobs;
import org.rampart.server.logging.LogFormat;
import org.rampart.server.metrics.ServerMetrics;
import org.rampart.server.snapshot.Progress;
import org.rampart.server.snapshot.Snapshots;
import org.rampart.server.transport.RabbitEventSource;
import org.rampart.server.transport.RabbitPublisher;
import org.rampart.server.transport.RabbitSettings;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.lists.ListItems;
import org.rampart.web.lookup.IpLookup;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.metrics.MetricsServer;
import org.rampart.ui.UiServer;
import org.rampart.web.schedules.AlertSchedules;
import org.rampart.web.schedules.ScheduleRuntime;
import org.rampart.web.rest.RestServer;
import org.rampart.web.rest.spi.RestPlugin;
import org.rampart.web.state.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Rampart process: the store {@code store.type} names, the journal, the SQL state (where in the data folder:
 * {@link DataLayout}), the extensions ({@link Extensions}), the plugin chain, the pipeline workers, the alerts, the
 * REST API (with {@code POST /snapshots}), the HTTP intake and the store's lifecycle jobs, wired from configuration;
 * of these, what its {@code roles} need, with the events going through the journal or RabbitMQ ({@code transport}) and
 * the state embedded or shared ({@code state.type}). {@link #close()} stops in the order that loses nothing: intake
 * first, then the workers drain the journal (or what the broker gave them), commit the store and checkpoint.
 */
public final class RampartServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RampartServer.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** Connections to a shared state database (PostgreSQL) per node. */
    private static final int STATE_CONNECTIONS = 16;
    static final String CLOCK_OFFSET = "rampart.clock.offset";

    private final Parts parts;
    private final Accounts accounts;
    private final ApiToken token;
    private final String bind;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private RampartServer(Parts parts, Accounts accounts, ApiToken token, String bind) {
        this.parts = parts;
        this.accounts = accounts;
        this.token = token;
        this.bind = bind;
    }

    /** The IP lookups whose endpoint is configured, then the drop-in REST plugins. */
    private static List<RestPlugin> restPlugins(RampartConfig config, Extensions extensions) {
        List<RestPlugin> plugins = new ArrayList<>();
        if (!config.string("rest.ipwhois_url").isBlank()) {
            plugins.add(IpLookup.whois(config.string("rest.ipwhois_url"), outbound(config)));
        }
        if (!config.string("rest.dshield_url").isBlank()) {
            plugins.add(IpLookup.dshield(config.string("rest.dshield_url"), outbound(config)));
        }
        extensions.all(RestPlugin.KIND).forEach(r -> plugins.add(r.extension()));
        return plugins;
    }

    /** The watchlist alert's terms, read from the state (what POST /watchitem writes) at each run. */
    private static Supplier<List<String>> watchlist(StateDatabase state, Clock clock) {
        ListItems lists = new ListItems(state, new AuditLog(state, clock), clock);
        return () -> {
            try {
                return lists.current(ListItems.Kind.WATCHLIST);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the watchlist from the state database", e);
            }
        };
    }

    private static void attach(AlertSchedules schedules, AlertRuntime alerts) {
        try {
            schedules.attach(ScheduleRuntime.of(alerts.scheduler()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the alert schedules from the state database", e);
        }
    }

    /**
     * Opens what this process's {@code roles} need ({@link ProcessRoles}), starts the workers and the intake, and prints
     * the bound ports.
     */
    public static RampartServer start(RampartConfig config) {
        LogFormat.apply(config);
        Clock clock = clock();
        ProcessRoles roles = ProcessRoles.of(config);
        String hostname = config.mozdefHostname();
        DataLayout layout = DataLayout.of(config);
        Extensions extensions = ConfiguredExtensions.of(config);
        Parts parts = new Parts();
        String bind = config.string("bind");
        try {
            parts.store = roles.needsStore() ? ConfiguredExtensions.openStore(config, extensions, clock) : null;
            parts.metrics = new ServerMetrics();
            EventStore measured = parts.store == null ? null : parts.metrics.measured(parts.store);
            if (roles.transport() == ProcessRoles.Transport.EMBEDDED && roles.has(ProcessRoles.Role.INTAKE)) {
                parts.journal = Journal.open(layout.journal(), new JournalOptions(config.size("journal.segment_size"),
                        config.duration("journal.group_commit_interval"), DiskWatermark.of(config, "disk.low_watermark")));
                if (parts.journal.health().degraded()) {
                    LOG.warn("the journal is degraded: {}", parts.journal.health().reason());
                }
            }
            RabbitSettings rabbit = roles.transport() == ProcessRoles.Transport.RABBITMQ ? RabbitSettings.of(config) : null;
            PostgresState postgres = PostgresState.of(config);
            String node = hostname + "-" + ProcessHandle.current().pid();
            // With shared state every node opens it: the live stream and the scheduler's claims go through it.
            if (roles.has(ProcessRoles.Role.WEB) || roles.has(ProcessRoles.Role.SCHEDULER) || postgres != null) {
                parts.state = postgres != null ? postgres.open(STATE_CONNECTIONS) : StateDatabase.openEmbedded(layout.state());
            }
            // New alerts and schedule runs go out on the REST API's live stream too, and to the other nodes' streams.
            LiveEvents live = roles.has(ProcessRoles.Role.WEB) || postgres != null ? new LiveEvents() : null;
            if (postgres != null) {
                parts.relay = LiveRelay.start(parts.state, postgres, live, node, clock);
            }
            // Schedule runs are counted in the state, and the schedules changed through the REST API apply again. A
            // process without the web role has no stream subscribers of its own: its runs are counted and relayed.
            AlertSchedules schedules = parts.state == null ? null : new AlertSchedules(parts.state,
                    new AuditLog(parts.state, clock), clock, live != null ? live : new LiveEvents());
            if (roles.has(ProcessRoles.Role.WORKER) || roles.has(ProcessRoles.Role.SCHEDULER)) {
                if (postgres != null && roles.has(ProcessRoles.Role.SCHEDULER)) {
                    parts.claims = new SharedTickClaims(parts.state, node, config.duration("alerts.claim_lease"), clock);
                }
                parts.alerts = AlertRuntime.create(config, extensions, measured, clock, false,
                        parts.state == null ? null : watchlist(parts.state, clock), live,
                        schedules == null ? AlertRuns.RunListener.NONE : schedules,
                        parts.claims == null ? TickClaims.ALONE : parts.claims, parts.metrics.registry());
                parts.metrics.bindStreamingAlerts(parts.alerts::streamingStats);
                if (schedules != null && roles.has(ProcessRoles.Role.SCHEDULER)) {
                    attach(schedules, parts.alerts);
                }
            }
            if (roles.has(ProcessRoles.Role.WORKER)) {
                PluginChain chain = PluginChain.load(extensions,
                        new PluginContext(() -> hostname, null, config.geoipDir().orElse(null),
                                config.duration("geoip.check_interval")),
                        new HashSet<>(config.list("plugins.disabled"))).timedIn(parts.metrics.registry());
                EventProcessor processor = new EventProcessor(chain, config.zone(), hostname);
                PipelineWorkers.Settings settings = new PipelineWorkers.Settings(config.integer("pipeline.workers"),
                        config.integer("pipeline.batch_size"), config.duration("store.commit_interval"));
                if (rabbit != null) {
                    parts.rabbitSource = new RabbitEventSource(rabbit, clock, config.size("intake.max_event_size"));
                    parts.workers = PipelineWorkers.start(parts.rabbitSource, parts.rabbitSource.start(), processor,
                            measured, settings, parts.alerts);
                } else {
                    JournalEventSource source = new JournalEventSource(parts.journal);
                    parts.metrics.bindJournal(source, clock);
                    parts.workers = PipelineWorkers.start(source, source.start(), processor, measured, settings, parts.alerts);
                }
            }
            if (roles.has(ProcessRoles.Role.SCHEDULER)) {
                parts.alerts.start();
            }
            ApiToken token = null;
            Accounts accounts = null;
            if (roles.has(ProcessRoles.Role.WEB)) {
                token = ApiToken.loadOrCreate(layout.apiToken());
                accounts = new Accounts(parts.state, PasswordHasher.owasp(), new AuditLog(parts.state, clock), clock);
                printFirstAdmin(accounts);
                parts.rest = RestServer.start(new RestServer.Settings(bind, config.integer("rest.port"), measured,
                        parts.state, token, clock, security(config), tls(config, "rest"), parts.metrics.registry()),
                        // A snapshot holds an H2 backup of the state; shared PostgreSQL state is backed up with its own tools.
                        postgres != null ? Map.of() : Map.of("/snapshots", snapshotRoute(config, parts.store, parts.state, layout, clock)),
                        restPlugins(config, extensions), live, schedules);
            }
            if (roles.has(ProcessRoles.Role.INTAKE)) {
                IntakeSink sink;
                if (rabbit != null) {
                    parts.publisher = RabbitPublisher.open(rabbit);
                    sink = parts.publisher;
                } else {
                    sink = IntakeSink.of(parts.journal);
                }
                parts.intake = IntakeServer.start(new IntakeSettings(bind, config.integer("intake.port"),
                        config.size("intake.max_body_size"), (int) Math.min(Integer.MAX_VALUE, config.size("intake.max_event_size")),
                        config.integer("intake.max_bulk_documents"), config.string("intake.token"), config.size("journal.max_unconsumed"),
                        config.integer("intake.max_in_flight"), config.integer("intake.max_in_flight_per_client"),
                        config.size("intake.min_body_rate"), RETRY_AFTER, config.map("intake.tokens"), tls(config, "intake"),
                        config.integer("intake.max_requests_per_second_per_client")),
                        sink, new EventIds(clock), parts.metrics.registry());
                SyslogSettings syslog = new SyslogSettings(bind, SyslogSettings.listenerPort(config.integer("syslog.udp_port", 0)),
                        SyslogSettings.listenerPort(config.integer("syslog.tcp_port", 0)),
                        SyslogSettings.listenerPort(config.integer("syslog.tls_port", 0)), tls(config, "syslog"),
                        (int) Math.min(Integer.MAX_VALUE, config.size("intake.max_event_size")), config.size("journal.max_unconsumed"),
                        config.integer("syslog.max_connections"), syslogTimezone(config));
                if (syslog.listens()) {
                    parts.syslog = SyslogServer.start(syslog, sink, new EventIds(clock), clock,
                            parts.metrics.registry());
                }
                parts.sqs = SqsInputs.start(config, sink, parts.metrics.registry(), clock);
            }
            if (roles.has(ProcessRoles.Role.WEB)) {
                parts.ui = UiServer.start(new UiServer.Settings(bind, config.integer("web.port"), tls(config, "web")), parts.rest,
                        new ServerStatusReport(parts.intake, parts.workers, parts.journal, parts.store, extensions));
            }
            int metricsPort = config.integer("metrics.port");
            if (metricsPort != 0) {
                parts.metricsServer = MetricsServer.start(bind, metricsPort, tls(config, "metrics"),
                        token != null ? token : ApiToken.loadOrCreate(layout.apiToken()), parts.metrics.registry());
            }
            if (parts.store != null) {
                parts.lifecycle = LifecycleJobs.start(config, parts.store, clock);
                parts.metrics.startEventStats(config, parts.store);
            }
            RampartServer server = new RampartServer(parts, accounts, token, bind);
            System.out.println("rampart: " + server.describe(config, roles) + " (data in " + layout.root().toAbsolutePath() + ")");
            return server;
        } catch (IOException | SQLException | RuntimeException e) {
            parts.close(Duration.ZERO, e);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start Rampart: " + io.getMessage(), io);
            }
            if (e instanceof SQLException sql) {
                throw new IllegalStateException("cannot start Rampart: the state database: " + sql.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
    }

    private static ZoneId syslogTimezone(RampartConfig config) {
        String zone = config.string("syslog.timezone");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("syslog.timezone: " + zone + " is not a time zone; use an IANA name such as "
                    + "Europe/Berlin, or UTC", e);
        }
    }

    private String describe(RampartConfig config, ProcessRoles roles) {
        List<String> running = new ArrayList<>();
        if (parts.intake != null) {
            running.add("intake listening on " + scheme(config, "intake") + bind + ":" + parts.intake.port());
        }
        if (parts.syslog != null) {
            running.add("syslog on" + (parts.syslog.udpPort() > 0 ? " udp/" + parts.syslog.udpPort() : "")
                    + (parts.syslog.tcpPort() > 0 ? " tcp/" + parts.syslog.tcpPort() : "")
                    + (parts.syslog.tlsPort() > 0 ? " tls/" + parts.syslog.tlsPort() : ""));
        }
        if (parts.sqs != null && !parts.sqs.inputs().isEmpty()) {
            running.add("SQS inputs " + String.join(" ", parts.sqs.inputs().stream().map(SqsInput::name).toList()));
        }
        if (parts.rest != null) {
            running.add("REST API on " + scheme(config, "rest") + bind + ":" + parts.rest.port());
        }
        if (parts.ui != null) {
            running.add("web UI on " + scheme(config, "web") + bind + ":" + parts.ui.port());
        }
        if (parts.metricsServer != null) {
            running.add("metrics on " + scheme(config, "metrics") + bind + ":" + parts.metricsServer.port() + "/metrics");
        }
        if (parts.workers != null) {
            running.add("workers" + (parts.rabbitSource != null ? " consuming RabbitMQ" : ""));
        }
        if (roles.has(ProcessRoles.Role.SCHEDULER)) {
            running.add("alert scheduler");
        }
        return String.join(", ", running);
    }

    /**
     * UTC, shifted by the system property {@value #CLOCK_OFFSET} when it is set (an ISO-8601 duration: {@code P2D},
     * {@code -P30D}): the fault tests' way to run a server whose clock jumped (docs/reliability.md). Not a
     * configuration key: nothing but a test should run Rampart on a wrong clock.
     */
    static Clock clock() {
        String offset = System.getProperty(CLOCK_OFFSET);
        return offset == null ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), Duration.parse(offset));
    }

    /** {@code <listener>.tls.cert} and {@code .key} (by default {@code tls.cert}, {@code tls.key}), or null for no TLS. */
    static TlsFiles tls(RampartConfig config, String listener) {
        String cert = config.string(listener + ".tls.cert").strip();
        String key = config.string(listener + ".tls.key").strip();
        if (cert.isEmpty() && key.isEmpty()) {
            return null;
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException(listener + ".tls.cert and " + listener + ".tls.key (or tls.cert and tls.key)"
                    + " go together: set both for HTTPS, neither for plain HTTP");
        }
        return new TlsFiles(config.path(listener + ".tls.cert"), config.path(listener + ".tls.key"),
                config.duration("tls.reload_interval"));
    }

    /** {@code outbound.allowed_networks}: where alert actions and lookups may connect besides the public internet. */
    public static OutboundTargets outbound(RampartConfig config) {
        return OutboundTargets.allowing(config.list("outbound.allowed_networks"));
    }

    /** The {@code auth.*} keys. */
    static RestServer.Security security(RampartConfig config) {
        return new RestServer.Security(
                new Sessions.Timeouts(config.duration("auth.session.idle_timeout"), config.duration("auth.session.absolute_timeout")),
                new LoginThrottle.Limits(config.integer("auth.login.max_failures_per_account"),
                        config.integer("auth.login.max_failures_per_address"), config.duration("auth.login.failure_window")),
                // The UI logs in through the API mounted on its own port: its TLS makes the cookie Secure too.
                config.bool("auth.session.secure_cookie") || tls(config, "web") != null, oidc(config));
    }

    /** The {@code auth.oidc.*} keys, or null when OIDC login is off (no issuer). */
    private static OidcLogin.Settings oidc(RampartConfig config) {
        String issuer = config.string("auth.oidc.issuer").strip();
        if (issuer.isEmpty()) {
            return null;
        }
        Map<Role, Set<String>> roles = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            roles.put(role, Set.copyOf(config.list("auth.oidc.roles." + role.id())));
        }
        return new OidcLogin.Settings(URI.create(issuer), config.string("auth.oidc.client_id").strip(),
                config.string("auth.oidc.client_secret").strip(), URI.create(config.string("auth.oidc.redirect_uri").strip()),
                config.list("auth.oidc.scopes"), config.string("auth.oidc.name_claim").strip(),
                config.string("auth.oidc.role_claim").strip(), roles);
    }

    private static String scheme(RampartConfig config, String listener) {
        return tls(config, listener) == null ? "http://" : "https://";
    }

    /** On a state database without accounts, creates {@code admin} and prints its password to the console, once. */
    private static void printFirstAdmin(Accounts accounts) {
        try {
            accounts.createFirstAdmin().ifPresent(password ->
                    // The console only, never the log: this is the one time the password exists outside a hash.
                    System.out.println("rampart: created the account " + Accounts.FIRST_ADMIN + " (role admin) with the password "
                            + password + " — shown this once; change it with ./rampart user passwd " + Accounts.FIRST_ADMIN));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the first admin account: " + e.getMessage(), e);
        }
    }

    /** {@code POST /snapshots}: a snapshot into {@code snapshot.dir} while the server runs; replies what it holds. */
    private static Handler snapshotRoute(RampartConfig config, EventStore store, StateDatabase state, DataLayout layout,
                                         Clock clock) {
        Snapshots snapshots = Snapshots.of(config);
        String storeType = config.string("store.type").trim();
        return ctx -> {
            Snapshots.Snapshot snapshot = snapshots.create(store, storeType, state, layout, clock, Progress.NONE);
            LOG.info("snapshot {} written to {} ({} partitions, {} bytes)", snapshot.name(), snapshots.dir(),
                    snapshot.partitions().size(), snapshot.bytes());
            ctx.contentType("application/json").result(Snapshots.toJson(snapshot).toString());
        };
    }

    /** The port the intake listens on. */
    public int intakePort() {
        return running(parts.intake, "intake").port();
    }

    /** The syslog listener (syslog.udp_port, syslog.tcp_port, syslog.tls_port). */
    public SyslogServer syslog() {
        return running(parts.syslog, "intake, with syslog.udp_port, syslog.tcp_port or syslog.tls_port set");
    }

    /** The SQS inputs ({@code sqs.inputs}); none when the section is empty. */
    public SqsInputs sqs() {
        return running(parts.sqs, "intake");
    }

    /** The port the REST and query API listens on. */
    public int restPort() {
        return running(parts.rest, "web").port();
    }

    /** The port the web UI listens on. */
    public int webPort() {
        return running(parts.ui, "web").port();
    }

    /** The address both servers are bound to. */
    public String bindAddress() {
        return bind;
    }

    /** The REST API's bearer token (also in {@code <data.dir>/api-token}). */
    public String apiToken() {
        return running(token, "web").value();
    }

    /** The store, for the REST and query API. */
    public EventStore store() {
        return running(parts.store, "worker, scheduler or web");
    }

    /** The local accounts in this server's state database. */
    public Accounts accounts() {
        return running(accounts, "web");
    }

    /** The alerts running in this server: scheduler, streaming rules, run-now. */
    public AlertRuntime alerts() {
        return running(parts.alerts, "worker or scheduler");
    }

    /** The store's housekeeping jobs (retention) and what they last did. */
    public LifecycleJobs lifecycle() {
        return running(parts.lifecycle, "worker, scheduler or web");
    }

    /** The intake's counters. */
    public org.rampart.intake.http.IntakeMetrics intakeMetrics() {
        return running(parts.intake, "intake").metrics();
    }

    private static <T> T running(T part, String role) {
        if (part == null) {
            throw new IllegalStateException("this process does not run that part: it needs the role " + role);
        }
        return part;
    }

    /**
     * Starts the server and closes it (draining the journal) when the JVM is asked to stop (SIGTERM, SIGINT). The hook
     * is in place before intake answers: a stop that comes while the rest is still starting waits for the start, then
     * drains and closes as any stop does. (A hook added after the start missed a SIGTERM sent as soon as intake
     * answered: the JVM then exited without committing the store, and a test that restarts and stops at once found the
     * replayed events still in the journal.)
     */
    public static RampartServer startClosingOnShutdown(RampartConfig config) {
        CompletableFuture<RampartServer> started = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.join().close();
            } catch (CompletionException e) {
                // The start failed and closed what it had opened.
            }
        }, "rampart-shutdown"));
        try {
            RampartServer server = start(config);
            started.complete(server);
            return server;
        } catch (RuntimeException | Error e) {
            started.completeExceptionally(e);
            throw e;
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /** Stops intake, drains the journal into the store, commits, checkpoints, closes; safe to call twice. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            parts.close(DRAIN_TIMEOUT, null);
        } finally {
            closed.countDown();
            System.out.println("rampart: stopped");
        }
    }

    private void awaitQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a process runs; null where its roles do not need it. Closes in the order that loses nothing. */
    private static final class Parts {
        EventStore store;
        Journal journal;
        RabbitPublisher publisher;
        RabbitEventSource rabbitSource;
        LiveRelay relay;
        SharedTickClaims claims;
        PipelineWorkers workers;
        IntakeServer intake;
        SyslogServer syslog;
        SqsInputs sqs;
        StateDatabase state;
        RestServer rest;
        UiServer ui;
        AlertRuntime alerts;
        LifecycleJobs lifecycle;
        ServerMetrics metrics;
        MetricsServer metricsServer;

        /**
         * Intake first, then the workers drain the journal (or the broker's deliveries in hand) for up to {@code drain},
         * commit and checkpoint; a failure is added to {@code failedStart} when closing after a failed start.
         */
        void close(Duration drain, Exception failedStart) {
            try {
                if (metricsServer != null) {
                    metricsServer.close();
                }
                if (sqs != null) {
                    sqs.close(); // what it received and did not journal stays in the queue
                }
                if (syslog != null) {
                    syslog.close();
                }
                if (intake != null) {
                    intake.close();
                }
                if (publisher != null) {
                    publisher.close();
                }
                if (rest != null) {
                    rest.close();
                }
                // After the REST server, which ends the live stream the UI serves too.
                if (ui != null) {
                    ui.close();
                }
                if (rabbitSource != null) {
                    rabbitSource.stopConsuming();
                }
                if (workers != null) {
                    workers.drainAndStop(drain);
                }
                if (journal != null) {
                    journal.close();
                }
            } catch (IOException | RuntimeException e) {
                if (failedStart != null) {
                    failedStart.addSuppressed(e);
                } else {
                    LOG.error("Rampart did not stop cleanly; the journal (or the broker) replays what the store may lack at next start", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeRest();
            }
        }

        private void closeRest() {
            if (rabbitSource != null) {
                rabbitSource.close();
            }
            if (lifecycle != null) {
                lifecycle.close();
            }
            if (alerts != null) {
                alerts.close(); // after the drain, so streaming rules saw every event; before the store closes
            }
            if (claims != null) {
                claims.close(); // after the scheduler's runs ended and marked their ticks done
            }
            if (store != null) {
                try {
                    store.close();
                } catch (IOException | RuntimeException e) {
                    LOG.error("closing the store failed; the journal replays what it may lack at next start", e);
                }
            }
            if (relay != null) {
                try {
                    relay.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (state != null) {
                state.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
