package org.rampart.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalBatch;
import org.rampart.intake.journal.JournalEntry;
import org.rampart.intake.journal.JournalOptions;

/** A real intake server on a free port over a real journal in a temporary folder, and a client for it. */
public final class IntakeFixture implements AutoCloseable {
    public static final IntakeSettings DEFAULTS = new IntakeSettings("127.0.0.1", 0, 1 << 20, 64 * 1024, 10_000, null,
            64L << 20, 64, 64, 1024, Duration.ofSeconds(2));

    static final JournalOptions JOURNAL_OPTIONS = new JournalOptions(1 << 20, Duration.ZERO);

    /** The defaults with a small {@code max_event_size}, so a test can make a shipper send one event too large. */
    static IntakeSettings withMaxEventSize(int maxEventSize) {
        return new IntakeSettings("127.0.0.1", 0, 1 << 20, maxEventSize, 10_000, null, 64L << 20, 64, 64, 1024, Duration.ofSeconds(3));
    }

    public final Journal journal;
    final IntakeServer server;
    final HttpClient client = HttpClient.newHttpClient();
    private long readPosition;

    public IntakeFixture(Path dir, IntakeSettings settings) throws IOException {
        this(Journal.open(dir.resolve("journal"), JOURNAL_OPTIONS), settings);
    }

    /** With a journal that waits {@code groupCommit} before each fsync, so requests stay in flight that long. */
    IntakeFixture(Path dir, IntakeSettings settings, Duration groupCommit) throws IOException {
        this(Journal.open(dir.resolve("journal"), new JournalOptions(1 << 20, groupCommit)), settings);
    }

    /** Over a journal the test opened (on faulty files, say); closing the fixture closes it. */
    IntakeFixture(Journal journal, IntakeSettings settings) {
        this.journal = journal;
        server = IntakeServer.start(settings, journal, new EventIds(Clock.systemUTC()));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The journal entries appended since the previous call. */
    List<JournalEntry> newEntries() throws Exception {
        List<JournalEntry> all = new ArrayList<>();
        while (true) {
            JournalBatch batch = journal.read(readPosition, 1000, Duration.ZERO);
            if (batch.entries().isEmpty()) {
                return all;
            }
            all.addAll(batch.entries());
            readPosition = batch.next();
        }
    }

    /** The events (as JSON trees) appended since the previous call. */
    public List<JsonNode> newEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (JournalEntry entry : newEntries()) {
            events.add(Json.MAPPER.readTree(entry.payload()));
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        server.close();
        journal.close();
    }
}
