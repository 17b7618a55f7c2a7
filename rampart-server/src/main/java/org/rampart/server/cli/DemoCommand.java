package org.rampart.server.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rampart.server.demo.DemoTraffic;
import org.rampart.server.run.RampartServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rampart demo}: {@code run} plus a bounded stream of MozDef's sample events with fresh timestamps. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start Rampart and send it realistic sample traffic (MozDef's demo events), then keep running.")
final class DemoCommand implements Callable<Integer> {
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
            Thread.ofVirtual().name("demo-traffic").start(() -> {
                DemoTraffic.Summary sent = new DemoTraffic(intake).send(events, Duration.ofSeconds(seconds));
                System.out.println("demo: " + sent);
            });
            server.awaitShutdown();
        }
        return 0;
    }
}
