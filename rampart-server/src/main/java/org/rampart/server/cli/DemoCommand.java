package org.rampart.server.cli;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rampart.server.demo.DemoTraffic;
import org.rampart.server.run.RampartServer;
import org.rampart.web.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rampart demo}: {@code run} plus a bounded stream of MozDef's sample events with fresh timestamps. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start Rampart and send it realistic sample traffic (MozDef's demo events), then keep running.")
final class DemoCommand implements Callable<Integer> {
    private static final String DEMO_ACCOUNT = "demo";

    @Mixin
    ConfigOption config;

    @Option(names = "--events", defaultValue = "20000", description = "How many events to send (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--seconds", defaultValue = "120",
            description = "Spread them over this many seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    /** The frameworks that log each start at INFO: the demo's banner says what matters instead. */
    private static final String[] QUIET = {"io.javalin", "org.eclipse.jetty", "org.flywaydb"};
    /** Lucene says at INFO (java.util.logging) which vector code it uses; held so the level set stays. */
    private static final Logger LUCENE_VECTORS = Logger.getLogger("org.apache.lucene.internal.vectorization");

    @Override
    public Integer call() throws Exception {
        // Read by slf4j-simple as each logger is made, so before the server makes theirs.
        for (String framework : QUIET) {
            System.setProperty("org.slf4j.simpleLogger.log." + framework, "warn");
        }
        LUCENE_VECTORS.setLevel(Level.WARNING);
        try (RampartServer server = RampartServer.startClosingOnShutdown(config.load())) {
            URI intake = URI.create("http://" + server.bindAddress() + ":" + server.intakePort() + "/_bulk");
            printBanner(server, intake);
            Thread.ofVirtual().name("demo-traffic").start(() -> {
                DemoTraffic.Summary sent = new DemoTraffic(intake).send(events, Duration.ofSeconds(seconds));
                System.out.println("demo: " + sent);
                System.out.println("demo: bundled alerts run each minute; list what they raised with"
                        + " ./rampart search --index alerts 'status:manual' --minutes 60");
            });
            server.awaitShutdown();
        }
        return 0;
    }

    /** What a new user needs: where to look, how to log in, what is being sent. */
    private void printBanner(RampartServer server, URI intake) throws SQLException {
        // The demo login: an analyst account whose password is new at each demo start.
        String password = server.accounts().resetOrCreate(DEMO_ACCOUNT, Role.ANALYST, "demo");
        String host = server.bindAddress();
        System.out.println("""

                Rampart demo
                  open      http://%s:%d  (the web UI)
                  log in    %s / %s  (role analyst; a new password at each ./rampart demo)
                  sending   %d of MozDef's sample events over %d s to %s: logins, SSH brute force, fail2ban,
                            promiscuous-mode NICs, Bro/Zeek notices, CloudTrail, auditd
                  alerts    the bundled alerts run each minute: new ones appear live on the alerts page
                  API       http://%s:%d (POST /login with the same name and password)
                  stop      Ctrl-C
                """.formatted(host, server.webPort(), DEMO_ACCOUNT, password, events, seconds, intake, host,
                server.restPort()));
    }
}
