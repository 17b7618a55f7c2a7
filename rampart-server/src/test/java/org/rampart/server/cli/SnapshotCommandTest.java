package org.rampart.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.query.SearchQuery;
import org.rampart.server.extensions.ConfiguredExtensions;
import org.rampart.server.run.RampartServer;
import org.rampart.web.state.StateDatabase;

/**
 * {@code rampart snapshot}: events stored by a real server, snapshotted (by the stopped data folder, and through the
 * running server), listed, and restored into an empty folder where the store finds every one of them.
 */
class SnapshotCommandTest {
    private static final int EVENTS = 1000;
    private static final List<String> ALL_EVENTS = List.of("events-*");

    @TempDir
    Path work;

    private Path config(Path data, int restPort) throws IOException {
        Path file = work.resolve("rampart-" + data.getFileName() + ".yml");
        Files.writeString(file, "data:\n  dir: " + data + "\nrest:\n  port: " + restPort + "\nintake:\n  port: 0\nweb:\n  port: 0\n"
                + "snapshot:\n  dir: " + work.resolve("snapshots") + "\n");
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RampartServer start(Path config) {
        return RampartServer.start(RampartConfig.load(config, Map.of()));
    }

    /** Posts {@link #EVENTS} events in one bulk request and waits until the store has them all. */
    private static void storeEvents(RampartServer server) throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            bulk.append("{\"index\":{}}\n{\"summary\":\"event ").append(i).append("\",\"category\":\"snapshot\"}\n");
        }
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.intakePort() + "/_bulk"))
                .POST(HttpRequest.BodyPublishers.ofString(bulk.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            server.store().refresh();
            return server.store().count(SearchQuery.all(), ALL_EVENTS) == EVENTS;
        });
    }

    private void createIncidentTable(RampartConfig cfg) throws Exception {
        try (StateDatabase state = StateDatabase.openEmbedded(DataLayout.of(cfg).state());
             Connection c = state.connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE snapshot_probe (note VARCHAR(20))");
            s.execute("INSERT INTO snapshot_probe VALUES ('kept')");
        }
    }

    /** Restores the one snapshot into a fresh folder and checks the events, the state and the token came back. */
    private void restoreAndCheck(Path config, Path data, boolean withProbeRow) throws Exception {
        CliRun list = CliRun.of("snapshot", "list", "--config", config.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.err()).contains("1 snapshot(s)");
        String events = String.format(Locale.ROOT, "%,d events", EVENTS);
        assertThat(list.out()).as("the events the snapshot holds").contains(events);
        String name = list.out().split(" ")[0];

        Path fresh = work.resolve("fresh");
        CliRun restore = CliRun.of("snapshot", "restore", name, "--data", fresh.toString(), "--config", config.toString());
        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("restored " + name).contains(events + ", ").contains("files in");

        RampartConfig restored = RampartConfig.load(config, Map.of()).with(Map.of("data.dir", fresh.toString()));
        try (EventStore store = ConfiguredExtensions.openStore(restored, ConfiguredExtensions.of(restored), Clock.systemUTC())) {
            assertThat(store.count(SearchQuery.all(), ALL_EVENTS)).isEqualTo(EVENTS);
        }
        assertThat(Files.readString(fresh.resolve("api-token"))).isEqualTo(Files.readString(data.resolve("api-token")));
        if (withProbeRow) {
            try (StateDatabase state = StateDatabase.openEmbedded(DataLayout.of(restored).state());
                 Connection c = state.connection(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT note FROM snapshot_probe")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("kept");
            }
        }
        CliRun again = CliRun.of("snapshot", "restore", name, "--data", fresh.toString(), "--config", config.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("in use").contains("fresh data folder");
    }

    @Test
    void aSnapshotOfAStoppedDataFolderRestoresEveryEventIntoAnEmptyFolder() throws Exception {
        Path data = work.resolve("data");
        Path config = config(data, freePort());
        try (RampartServer server = start(config)) {
            storeEvents(server);
        }
        createIncidentTable(RampartConfig.load(config, Map.of()));

        CliRun create = CliRun.of("snapshot", "create", "--config", config.toString());
        assertThat(create.code()).as(create.err()).isZero();
        assertThat(create.out()).contains("snapshot snapshot-").contains("files in").containsPattern(" [1-9]\\d* partition\\(s\\)");

        restoreAndCheck(config, data, true);

        CliRun nothing = CliRun.of("snapshot", "create", "--config", config(work.resolve("missing"), freePort()).toString());
        assertThat(nothing.code()).isNotZero();
        assertThat(nothing.err()).contains("nothing to snapshot");
        assertThat(work.resolve("missing")).doesNotExist();
    }

    @Test
    void aRunningServerTakesTheSnapshotWhileItWorks() throws Exception {
        Path data = work.resolve("live");
        int restPort = freePort();
        Path config = config(data, restPort);
        try (RampartServer server = start(config)) {
            storeEvents(server);
            CliRun create = CliRun.of("snapshot", "create", "--config", config.toString());
            assertThat(create.code()).as(create.err()).isZero();
            assertThat(create.out()).startsWith("snapshot-");

            CliRun elsewhere = CliRun.of("snapshot", "create", work.resolve("other").toString(), "--config", config.toString());
            assertThat(elsewhere.code()).isNotZero();
            assertThat(elsewhere.err()).contains("snapshot.dir");
        }
        restoreAndCheck(config, data, false);
    }
}
