package org.rampart.server.run;

import io.javalin.http.Handler;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.intake.http.IntakeServer;
import org.rampart.intake.http.IntakeSettings;
import org.rampart.intake.journal.DiskWatermark;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.pipeline.worker.PipelineWorkers;
import org.rampart.query.EventStore;
import org.rampart.server.alerts.AlertRuntime;
import org.rampart.server.extensions.ConfiguredExtensions;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.server.lifecycle.LifecycleJobs;
import org.rampart.server.snapshot.Progress;
import org.rampart.server.snapshot.Snapshots;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.lists.ListItems;
import org.rampart.web.lookup.IpLookup;
import org.rampart.web.live.LiveEvents;
import org.rampart.ui.UiServer;
import org.rampart.web.rest.RestServer;
import org.rampart.web.rest.spi.RestPlugin;
import org.rampart.web.state.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rampart's embedded process: the store {@code store.type} names, the journal, the SQL state (where in the data folder:
 * {@link DataLayout}), the extensions ({@link Extensions}), the plugin chain, the pipeline workers, the alerts, the
 * REST API (with {@code POST /snapshots}), the HTTP intake and the store's lifecycle jobs, wired from configuration. {@link #close()} stops in the order that loses
 * nothing: intake first, then the workers drain the journal, commit the store and checkpoint the journal.
 */
public final class RampartServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RampartServer.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final EventStore store;
    private final Journal journal;
    private final PipelineWorkers workers;
    private final IntakeServer intake;
    private final StateDatabase state;
    private final Accounts accounts;
    private final RestServer rest;
    private final UiServer ui;
    private final AlertRuntime alerts;
    private final ApiToken token;
    private final LifecycleJobs lifecycle;
    private final String bind;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private RampartServer(EventStore store, Journal journal, PipelineWorkers workers, IntakeServer intake,
                          StateDatabase state, Accounts accounts, RestServer rest, UiServer ui, AlertRuntime alerts,
                          ApiToken token,
                          LifecycleJobs lifecycle,
                          String bind) {
        this.store = store;
        this.journal = journal;
        this.workers = workers;
        this.intake = intake;
        this.state = state;
        this.accounts = accounts;
        this.rest = rest;
        this.ui = ui;
        this.alerts = alerts;
        this.token = token;
        this.lifecycle = lifecycle;
        this.bind = bind;
    }

    /** The IP lookups whose endpoint is configured, then the drop-in REST plugins. */
    private static List<RestPlugin> restPlugins(RampartConfig config, Extensions extensions) {
        List<RestPlugin> plugins = new ArrayList<>();
        if (!config.string("rest.ipwhois_url").isBlank()) {
            plugins.add(IpLookup.whois(config.string("rest.ipwhois_url")));
        }
        if (!config.string("rest.dshield_url").isBlank()) {
            plugins.add(IpLookup.dshield(config.string("rest.dshield_url")));
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

    /** Opens everything {@code config} describes, starts the workers and the intake, and prints the bound ports. */
    public static RampartServer start(RampartConfig config) {
        Clock clock = Clock.systemUTC();
        String hostname = config.mozdefHostname();
        DataLayout layout = DataLayout.of(config);
        Extensions extensions = ConfiguredExtensions.of(config);
        EventStore store = ConfiguredExtensions.openStore(config, extensions, clock);
        Journal journal = null;
        PipelineWorkers workers = null;
        StateDatabase state = null;
        RestServer rest = null;
        UiServer ui = null;
        AlertRuntime alerts = null;
        LifecycleJobs lifecycle = null;
        String bind = config.string("bind");
        try {
            journal = Journal.open(layout.journal(),
                    new JournalOptions(config.size("journal.segment_size"), config.duration("journal.group_commit_interval"),
                            DiskWatermark.of(config, "disk.low_watermark")));
            if (journal.health().degraded()) {
                LOG.warn("the journal is degraded: {}", journal.health().reason());
            }
            PluginChain chain = PluginChain.load(extensions,
                    new PluginContext(() -> hostname, null, config.geoipDir().orElse(null)),
                    new HashSet<>(config.list("plugins.disabled")));
            EventProcessor processor = new EventProcessor(chain, config.zone(), hostname);
            JournalEventSource source = new JournalEventSource(journal);
            StateDatabase openedState = StateDatabase.openEmbedded(layout.state());
            state = openedState;
            // New alerts and schedule runs go out on the REST API's live stream too.
            LiveEvents live = new LiveEvents();
            alerts = AlertRuntime.create(config, extensions, store, clock, false, watchlist(openedState, clock), live, live);
            workers = PipelineWorkers.start(source, source.start(), processor, store, new PipelineWorkers.Settings(
                    config.integer("pipeline.workers"), config.integer("pipeline.batch_size"),
                    config.duration("store.commit_interval")), alerts);
            alerts.start();
            ApiToken token = ApiToken.loadOrCreate(layout.apiToken());
            Accounts accounts = new Accounts(state, PasswordHasher.owasp(), new AuditLog(state, clock), clock);
            printFirstAdmin(accounts);
            rest = RestServer.start(new RestServer.Settings(bind, config.integer("rest.port"), store, state, token, clock,
                    security(config)), Map.of("/snapshots", snapshotRoute(config, store, openedState, layout, clock)),
                    restPlugins(config, extensions), live);
            IntakeServer intake = IntakeServer.start(new IntakeSettings(bind, config.integer("intake.port"),
                    config.size("intake.max_body_size"), (int) Math.min(Integer.MAX_VALUE, config.size("intake.max_event_size")),
                    config.integer("intake.max_bulk_documents"), config.string("intake.token"), config.size("journal.max_unconsumed"),
                    config.integer("intake.max_in_flight"), config.integer("intake.max_in_flight_per_client"),
                    config.size("intake.min_body_rate"), RETRY_AFTER), journal, new EventIds(clock));
            ui = UiServer.start(new UiServer.Settings(bind, config.integer("web.port")), rest,
                    new ServerStatusReport(intake, workers, journal, store, alerts, extensions));
            lifecycle = LifecycleJobs.start(config, store, clock);
            RampartServer server = new RampartServer(store, journal, workers, intake, state, accounts, rest, ui, alerts, token,
                    lifecycle, bind);
            System.out.println("rampart: intake listening on http://" + bind + ":" + intake.port()
                    + ", REST API on http://" + bind + ":" + rest.port() + ", web UI on http://" + bind + ":" + ui.port()
                    + " (data in " + layout.root().toAbsolutePath() + ")");
            return server;
        } catch (IOException | RuntimeException e) {
            if (lifecycle != null) {
                lifecycle.close();
            }
            if (rest != null) {
                rest.close();
            }
            if (ui != null) {
                ui.close();
            }
            if (alerts != null) {
                alerts.close();
            }
            if (state != null) {
                state.close();
            }
            closeAfterFailedStart(workers, journal, store, e);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start Rampart: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The {@code auth.*} keys. */
    static RestServer.Security security(RampartConfig config) {
        return new RestServer.Security(
                new Sessions.Timeouts(config.duration("auth.session.idle_timeout"), config.duration("auth.session.absolute_timeout")),
                new LoginThrottle.Limits(config.integer("auth.login.max_failures_per_account"),
                        config.integer("auth.login.max_failures_per_address"), config.duration("auth.login.failure_window")),
                config.bool("auth.session.secure_cookie"), oidc(config));
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

    private static void closeAfterFailedStart(PipelineWorkers workers, Journal journal, EventStore store, Exception cause) {
        try {
            if (workers != null) {
                workers.drainAndStop(Duration.ZERO);
            }
            if (journal != null) {
                journal.close();
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeStore(store, cause);
        }
    }

    private static void closeStore(EventStore store, Exception cause) {
        try {
            store.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The port the intake listens on. */
    public int intakePort() {
        return intake.port();
    }

    /** The port the REST and query API listens on. */
    public int restPort() {
        return rest.port();
    }

    /** The port the web UI listens on. */
    public int webPort() {
        return ui.port();
    }

    /** The address both servers are bound to. */
    public String bindAddress() {
        return bind;
    }

    /** The REST API's bearer token (also in {@code <data.dir>/api-token}). */
    public String apiToken() {
        return token.value();
    }

    /** The store, for the REST and query API. */
    public EventStore store() {
        return store;
    }

    /** The local accounts in this server's state database. */
    public Accounts accounts() {
        return accounts;
    }

    /** The alerts running in this server: scheduler, streaming rules, run-now. */
    public AlertRuntime alerts() {
        return alerts;
    }

    /** The store's housekeeping jobs (retention) and what they last did. */
    public LifecycleJobs lifecycle() {
        return lifecycle;
    }

    /** The intake's counters. */
    public org.rampart.intake.http.IntakeMetrics intakeMetrics() {
        return intake.metrics();
    }

    /** Closes this server when the JVM is asked to stop (SIGTERM, SIGINT). */
    public RampartServer closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "rampart-shutdown"));
        return this;
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
            intake.close();
            // The REST server ends the live stream, which the UI serves too, before the UI stops.
            rest.close();
            ui.close();
            workers.drainAndStop(DRAIN_TIMEOUT);
            journal.close();
        } catch (IOException | RuntimeException e) {
            LOG.error("Rampart did not stop cleanly; the journal replays what the store may lack at next start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lifecycle.close();
            alerts.close(); // after the drain, so streaming rules saw every event; before the store closes
            try {
                store.close();
            } catch (IOException | RuntimeException e) {
                LOG.error("closing the store failed; the journal replays what it may lack at next start", e);
            }
            state.close();
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
}
