package org.rampart.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.server.extensions.ConfiguredExtensions;
import org.rampart.server.snapshot.Snapshots;
import org.rampart.web.state.StateDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rampart snapshot create [DIR] | list [DIR] | restore NAME [--data DIR]}: consistent copies of the store, the
 * state database and the API token (docs/operations.md). {@code create} asks the running server when one answers on
 * {@code rest.port} (it snapshots while it works, into its {@code snapshot.dir}), else opens the data folder itself.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Snapshots of the data folder: create, list, restore (docs/operations.md).",
        subcommands = {SnapshotCommand.Create.class, SnapshotCommand.ListSnapshots.class, SnapshotCommand.Restore.class})
final class SnapshotCommand {

    private static Snapshots snapshots(RampartConfig cfg, Path dir) {
        return dir == null ? Snapshots.of(cfg) : new Snapshots(dir);
    }

    private static void print(Snapshots.Snapshot snapshot) {
        System.out.printf(Locale.ROOT, "%s  %s  %3d partition(s)  %,12d events  %10s%n", snapshot.name(),
                snapshot.created().truncatedTo(ChronoUnit.SECONDS), snapshot.partitions().size(), snapshot.events(),
                ProgressLine.size(snapshot.bytes()));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Take a snapshot: through the running server if one answers, else from the data folder directly.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
                description = "Folder of snapshots (default: snapshot.dir, else ./snapshots beside data.dir).")
        Path dir;

        @Option(names = "--token", description = "API token for a running server (default: $RAMPART_API_TOKEN, else <data.dir>/api-token).")
        String token;

        @Override
        public Integer call() throws Exception {
            RampartConfig cfg = config.load();
            URI base = URI.create("http://" + cfg.string("bind") + ":" + cfg.integer("rest.port"));
            HttpClient client = HttpClient.newHttpClient();
            try {
                client.send(HttpRequest.newBuilder(base.resolve("/status")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (ConnectException e) {
                return inProcess(cfg);
            }
            Path serverDir = Snapshots.of(cfg).dir();
            if (dir != null && !dir.toAbsolutePath().normalize().equals(serverDir.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("Rampart is running and writes snapshots into its snapshot.dir ("
                        + serverDir + "); leave out DIR, or set snapshot.dir and restart it");
            }
            HttpResponse<String> reply = client.send(HttpRequest.newBuilder(base.resolve("/snapshots"))
                    .timeout(Duration.ofHours(6)).header("Authorization", "Bearer " + ServerToken.of(token, cfg))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                System.err.println("rampart snapshot create: the server answered " + reply.statusCode() + " "
                        + TerminalText.oneLine(reply.body()));
                return 1;
            }
            print(Snapshots.fromJson(Json.MAPPER.readTree(reply.body())));
            return 0;
        }

        private int inProcess(RampartConfig cfg) {
            DataLayout layout = DataLayout.of(cfg);
            if (!Files.isDirectory(layout.root())) {
                throw new IllegalArgumentException("nothing to snapshot: there is no data folder " + layout.root().toAbsolutePath()
                        + " (is data.dir right?)");
            }
            try (EventStore store = ConfiguredExtensions.openStore(cfg, ConfiguredExtensions.of(cfg), Clock.systemUTC());
                 StateDatabase state = StateDatabase.openEmbedded(layout.state())) {
                print(snapshots(cfg, dir).create(store, cfg.string("store.type").trim(), state, layout, Clock.systemUTC(),
                        ProgressLine.onTerminal()));
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException("closing the store: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the complete snapshots, oldest first.")
    static final class ListSnapshots implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
                description = "Folder of snapshots (default: snapshot.dir, else ./snapshots beside data.dir).")
        Path dir;

        @Override
        public Integer call() {
            Snapshots snapshots = snapshots(config.load(), dir);
            List<Snapshots.Snapshot> all = snapshots.list();
            all.forEach(SnapshotCommand::print);
            System.err.println(all.size() + " snapshot(s) in " + snapshots.dir());
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore a snapshot into a fresh data folder (no store, state or api-token in it yet).")
    static final class Restore implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot, as `rampart snapshot list` shows it.")
        String name;

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder to restore into (default: data.dir).")
        Path data;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Folder of snapshots (default: snapshot.dir, else ./snapshots beside data.dir).")
        Path dir;

        @Override
        public Integer call() {
            RampartConfig cfg = config.load();
            DataLayout target = data == null ? DataLayout.of(cfg) : DataLayout.under(data);
            Snapshots.Snapshot restored = snapshots(cfg, dir).restore(name, target, ProgressLine.onTerminal());
            System.out.println("restored " + restored.name() + " into " + target.root().toAbsolutePath()
                    + "; start Rampart with data.dir set to it");
            return 0;
        }
    }
}
