package org.rampart.server.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.datadir.PrivateFiles;
import org.rampart.query.EventStore;
import org.rampart.query.IndexNames;
import org.rampart.query.SearchQuery;
import org.rampart.query.StorePartition;
import org.rampart.web.state.StateDatabase;

/**
 * Snapshots of a Rampart data folder in a folder of their own (MozDef's backupSnapshot, to a directory): each is a
 * sub-folder holding {@code store/} (the store's consistent copy, {@link EventStore#snapshot}), {@code state.zip} (an
 * online backup of the SQL state), the {@code api-token}, and {@code snapshot.json} (what it holds). A snapshot is
 * built under a {@code .partial} name and renamed when complete, so a listed snapshot is always whole. Events still
 * in the journal (acknowledged, not yet stored) are not in a snapshot: stop the server first for a final one.
 */
public final class Snapshots {
    private static final Pattern NAME = Pattern.compile("snapshot-\\d{8}-\\d{6}-\\d{3}");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("'snapshot-'uuuuMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final String PARTIAL = ".partial";
    private static final String MANIFEST = "snapshot.json";
    private static final String STORE = "store";
    private static final String STATE = "state.zip";
    private static final String TOKEN = "api-token";

    private final Path dir;

    /** Snapshots kept in {@code dir}. */
    public Snapshots(Path dir) {
        this.dir = dir;
    }

    /** The folder {@code snapshot.dir} names, else {@code snapshots} beside the data folder. */
    public static Snapshots of(RampartConfig config) {
        String configured = config.string("snapshot.dir").trim();
        if (!configured.isEmpty()) {
            return new Snapshots(config.path("snapshot.dir"));
        }
        Path data = DataLayout.of(config).root().toAbsolutePath().normalize();
        Path parent = data.getParent() == null ? data : data.getParent();
        return new Snapshots(parent.resolve("snapshots"));
    }

    /** The folder snapshots are kept in. */
    public Path dir() {
        return dir;
    }

    /**
     * A complete snapshot: its name (the folder), when it was taken, the events the store held as it began (0 in
     * snapshots from before this was recorded), its partitions and their bytes.
     */
    public record Snapshot(String name, Instant created, String storeType, long events, List<StorePartition> partitions) {
        public long bytes() {
            return partitions.stream().mapToLong(StorePartition::sizeBytes).sum();
        }
    }

    /**
     * Takes a snapshot of a running or stopped Rampart: the store's partitions from a commit point while writes go on,
     * the state database by an online backup, and the API token.
     */
    public Snapshot create(EventStore store, String storeType, StateDatabase state, DataLayout layout, Clock clock,
                           Progress progress) {
        Instant created = clock.instant();
        String name = NAME_TIME.format(created);
        Path partial = dir.resolve(name + PARTIAL);
        try {
            PrivateFiles.createDirectories(dir);
            if (Files.exists(dir.resolve(name))) {
                throw new IllegalArgumentException("a snapshot named " + name + " exists already; try again");
            }
            // Creating the folder claims the name: a second create in the same millisecond fails here, touching nothing.
            Files.createDirectory(partial, PrivateFiles.directoryAttributes(partial));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("a snapshot named " + name + " is being written; try again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the snapshot folder " + partial + ": " + e.getMessage(), e);
        }
        try {
            List<StorePartition> partitions = store.partitions();
            List<String> eventPartitions = partitions.stream().map(StorePartition::name).filter(IndexNames::isEventsPartition).toList();
            long events = eventPartitions.isEmpty() ? 0 : store.count(SearchQuery.all(), eventPartitions);
            progress.start("snapshot " + name, partitions.stream().mapToLong(StorePartition::sizeBytes).sum(), events);
            store.snapshot(partial.resolve(STORE), bytes -> progress.advance(1, bytes));
            backUp(state, partial.resolve(STATE));
            progress.advance(1, Files.size(partial.resolve(STATE)));
            copyFile(layout.apiToken(), partial.resolve(TOKEN), progress);
            Snapshot snapshot = new Snapshot(name, created, storeType, events, copiedPartitions(partial.resolve(STORE)));
            writeManifest(snapshot, partial.resolve(MANIFEST));
            Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            progress.finish();
            return snapshot;
        } catch (IOException | RuntimeException e) {
            deletePartial(partial, e);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot write the snapshot " + partial + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** A snapshot that failed half-way would only take space (list never shows it): removed, best effort. */
    private static void deletePartial(Path partial, Exception cause) {
        if (!Files.exists(partial)) {
            return;
        }
        try (Stream<Path> files = Files.walk(partial)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The complete snapshots, oldest first. */
    public List<Snapshot> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Snapshot> snapshots = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                if (NAME.matcher(child.getFileName().toString()).matches() && Files.isRegularFile(child.resolve(MANIFEST))) {
                    snapshots.add(readManifest(child.resolve(MANIFEST)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the snapshots in " + dir, e);
        }
        return snapshots;
    }

    /**
     * Restores a snapshot into a data folder that holds no store, state or API token yet (a fresh install): after
     * this, a Rampart started on {@code target} finds every event, alert and incident the snapshot holds.
     */
    public Snapshot restore(String name, DataLayout target, Progress progress) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("no snapshot named '" + name + "': names look like snapshot-20261206-093200-000;"
                    + " `rampart snapshot list` shows them");
        }
        Path source = dir.resolve(name);
        if (!Files.isRegularFile(source.resolve(MANIFEST))) {
            throw new IllegalArgumentException("no snapshot " + name + " in " + dir + "; `rampart snapshot list` shows them");
        }
        for (Path existing : List.of(target.store(), target.state(), target.apiToken())) {
            if (Files.exists(existing)) {
                throw new IllegalArgumentException("the data folder " + target.root() + " is in use (it has " + existing.getFileName()
                        + "); restore into a fresh data folder, e.g. --data ./data-restored, or move this one away");
            }
        }
        try {
            Snapshot snapshot = readManifest(source.resolve(MANIFEST));
            progress.start("restore " + name, snapshot.bytes(), snapshot.events());
            PrivateFiles.createDirectories(target.root());
            try (Stream<Path> files = Files.walk(source.resolve(STORE))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    copyFile(file, target.store().resolve(source.resolve(STORE).relativize(file)), progress);
                }
            }
            unzipState(source.resolve(STATE), target.state());
            copyFile(source.resolve(TOKEN), target.apiToken(), progress);
            progress.finish();
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + name + " into " + target.root() + ": " + e.getMessage(), e);
        }
    }

    /** The partitions as copied (each a folder of the store's copy) with the bytes they hold. */
    private static List<StorePartition> copiedPartitions(Path storeCopy) throws IOException {
        List<StorePartition> partitions = new ArrayList<>();
        try (Stream<Path> folders = Files.list(storeCopy)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.walk(folder)) {
                    long bytes = 0;
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        bytes += Files.size(file);
                    }
                    partitions.add(new StorePartition(folder.getFileName().toString(), bytes));
                }
            }
        }
        return partitions;
    }

    /** H2's online backup: a consistent zip of the database files while the server goes on using them. */
    private static void backUp(StateDatabase state, Path zip) throws IOException {
        try (Connection connection = state.connection(); Statement statement = connection.createStatement()) {
            statement.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IOException("the state database backup failed: " + e.getMessage(), e);
        }
        PrivateFiles.restrictToOwner(zip);
    }

    private static void unzipState(Path zip, Path stateDir) throws IOException {
        PrivateFiles.createDirectories(stateDir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = stateDir.resolve(entry.getName()).normalize();
                if (entry.isDirectory() || !file.getParent().equals(stateDir)) {
                    throw new IOException("unexpected entry " + entry.getName() + " in " + zip + ": not a state backup");
                }
                write(in, file);
            }
        }
    }

    private static void copyFile(Path from, Path to, Progress progress) throws IOException {
        try (InputStream in = Files.newInputStream(from)) {
            progress.advance(1, write(in, to));
        } catch (NoSuchFileException e) {
            // No API token yet (never started): nothing to copy.
        }
    }

    /** Writes a new owner-only file and forces it to disk; returns its size. */
    private static long write(InputStream in, Path file) throws IOException {
        PrivateFiles.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.fileAttributes(file))) {
            long size;
            try (OutputStream out = Channels.newOutputStream(channel)) {
                size = in.transferTo(out);
                channel.force(true);
            }
            return size;
        }
    }

    private static void writeManifest(Snapshot snapshot, Path file) throws IOException {
        write(new ByteArrayInputStream(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(snapshot))), file);
    }

    private static Snapshot readManifest(Path file) throws IOException {
        return fromJson(Json.MAPPER.readTree(file.toFile()));
    }

    /** The snapshot as {@code snapshot.json} and the REST API's {@code POST /snapshots} reply hold it. */
    public static ObjectNode toJson(Snapshot snapshot) {
        ObjectNode json = Json.object();
        json.put("name", snapshot.name());
        json.put("created", snapshot.created().toString());
        json.put("store_type", snapshot.storeType());
        json.put("bytes", snapshot.bytes());
        json.put("events", snapshot.events());
        ArrayNode partitions = json.putArray("partitions");
        for (StorePartition partition : snapshot.partitions()) {
            partitions.addObject().put("name", partition.name()).put("bytes", partition.sizeBytes());
        }
        return json;
    }

    /** The snapshot {@link #toJson} wrote. */
    public static Snapshot fromJson(JsonNode json) {
        List<StorePartition> partitions = new ArrayList<>();
        for (JsonNode partition : json.path("partitions")) {
            partitions.add(new StorePartition(partition.path("name").asText(), partition.path("bytes").asLong()));
        }
        partitions.sort(Comparator.comparing(StorePartition::name));
        return new Snapshot(json.path("name").asText(), Instant.parse(json.path("created").asText()),
                json.path("store_type").asText(), json.path("events").asLong(), List.copyOf(partitions));
    }
}
