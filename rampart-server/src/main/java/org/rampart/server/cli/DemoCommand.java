package org.rampart.server.cli;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() throws Exception {
        try (RampartServer server = RampartServer.start(config.load()).closeOnShutdown()) {
            URI intake = URI.create("http://" + server.bindAddress() + ":" + server.intakePort() + "/_bulk");
            printDemoLogin(server);
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

    /** The demo login: an analyst account {@code demo} whose password is new at each demo start. */
    private static void printDemoLogin(RampartServer server) throws SQLException {
        String password = server.accounts().resetOrCreate(DEMO_ACCOUNT, Role.ANALYST, "demo");
        System.out.println("demo: log in as " + DEMO_ACCOUNT + " (role analyst) with the password " + password
                + " (a new one at each ./rampart demo): POST http://" + server.bindAddress() + ":" + server.restPort()
                + "/login {\"name\": \"" + DEMO_ACCOUNT + "\", \"password\": \"" + password + "\"}");
    }
}
