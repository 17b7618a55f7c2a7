package org.rampart.event.mmdb;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One MaxMind-format ({@code .mmdb}) database, read with the low-level reader: the one way Rampart reads them, for the
 * pipeline's geoip plugin (city databases) and the alert library's ASN factor (ASN databases). The low-level reader
 * reads any schema, where GeoIP2's typed API refuses databases not named as MaxMind's (DB-IP Lite, or an ASN file
 * built by {@code scripts/fetch-geoip.sh}). It lives in rampart-event, the lowest module both users depend on, so
 * the alert library needs no dependency on the pipeline. Thread-safe.
 */
public final class MaxMindDatabase implements Closeable {
    private final Path file;
    private final Reader reader;

    private MaxMindDatabase(Path file, Reader reader) {
        this.file = file;
        this.reader = reader;
    }

    /**
     * A found record.
     *
     * @param data         the record's fields, as the database's schema names them
     * @param prefixLength the length of the network the record covers
     */
    public record Entry(Map<String, Object> data, int prefixLength) {}

    /** Opens {@code file}; a missing or unreadable file is an {@link IOException} naming it. */
    public static MaxMindDatabase open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a file");
        }
        try {
            return new MaxMindDatabase(file, new Reader(file.toFile(), new CHMCache()));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a readable MaxMind database: " + e.getMessage(), e);
        }
    }

    /** The file this database was read from. */
    public Path file() {
        return file;
    }

    /** The metadata's {@code database_type}, e.g. {@code GeoLite2-ASN} or {@code DBIP-City-Lite}. */
    public String databaseType() {
        return reader.getMetadata().databaseType();
    }

    /**
     * The record of {@code address}; empty when the database has none, including an IPv6 address in an IPv4-only
     * database.
     *
     * @throws IOException when the database file is corrupt
     */
    @SuppressWarnings("unchecked")
    public Optional<Entry> lookup(InetAddress address) throws IOException {
        if (address.getAddress().length == 16 && reader.getMetadata().ipVersion() == 4) {
            return Optional.empty();
        }
        DatabaseRecord<Map> record = reader.getRecord(address, Map.class);
        if (record == null || record.data() == null) {
            return Optional.empty();
        }
        return Optional.of(new Entry((Map<String, Object>) record.data(), record.network().prefixLength()));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
