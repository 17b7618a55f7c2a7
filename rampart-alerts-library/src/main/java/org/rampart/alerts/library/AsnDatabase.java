package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rampart.event.Json;
import org.rampart.event.ip.IpAddresses;

/**
 * The autonomous-system database of geomodel's {@code asn_movement} factor, in MaxMind's MMDB format: GeoLite2-ASN,
 * GeoIP2-ISP, or the {@code asn.mmdb} that {@code scripts/fetch-geoip.sh} builds; all of them carry
 * {@code autonomous_system_number} and {@code autonomous_system_organization}. Read with the low-level MMDB
 * reader, because GeoIP2's typed {@code asn()} refuses databases not named GeoLite2-ASN.
 */
final class AsnDatabase implements AutoCloseable {
    private static final String NUMBER = "autonomous_system_number";
    private static final String ORGANIZATION = "autonomous_system_organization";

    private final Reader reader;

    private AsnDatabase(Reader reader) {
        this.reader = reader;
    }

    /** Opens {@code file}; a missing, unreadable or non-ASN file is a configuration error, said at once. */
    static AsnDatabase open(Path file) {
        String problem = "geomodel_location: factors.asn_movement.maxmind_db_path " + file;
        String fix = "; point it at an ASN .mmdb (build/geoip/asn.mmdb from scripts/fetch-geoip.sh, or GeoLite2-ASN.mmdb)";
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(problem + " is not a file" + fix);
        }
        Reader reader;
        try {
            reader = new Reader(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(problem + " is not a readable MaxMind database (" + e.getMessage() + ")" + fix, e);
        }
        String type = reader.getMetadata().databaseType();
        String upper = type.toUpperCase(Locale.ROOT);
        if (!upper.contains("ASN") && !upper.contains("ISP")) {
            closeQuietly(reader);
            throw new IllegalStateException(problem + " is a " + type + " database, without ASN records" + fix);
        }
        return new AsnDatabase(reader);
    }

    /**
     * The address's record as GeoIP2's ASN lookup returns it: {@code ip_address}, {@code prefix_len},
     * {@code autonomous_system_number}, {@code autonomous_system_organization}; only {@code ip_address} when the
     * address is not in the database (or is no IP address, or IPv6 in an IPv4-only database).
     */
    ObjectNode lookup(String ip) {
        ObjectNode info = Json.object().put("ip_address", ip);
        InetAddress address = IpAddresses.address(ip);
        if (address == null || (address.getAddress().length == 16 && reader.getMetadata().ipVersion() == 4)) {
            return info;
        }
        DatabaseRecord<Map> record;
        try {
            record = reader.getRecord(address, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("geomodel_location: ASN lookup of " + ip + " failed", e);
        }
        if (record == null || record.data() == null || !(record.data().get(NUMBER) instanceof Number number)) {
            return info;
        }
        info.put("prefix_len", record.network().prefixLength());
        info.put(NUMBER, number.longValue());
        if (record.data().get(ORGANIZATION) instanceof String organization) {
            info.put(ORGANIZATION, organization);
        }
        return info;
    }

    /** MozDef's test: both addresses are in the database and their AS organisations differ. */
    static boolean moved(ObjectNode from, ObjectNode to) {
        return from.has(NUMBER) && to.has(NUMBER)
                && !Objects.equals(from.path(ORGANIZATION).asText(null), to.path(ORGANIZATION).asText(null));
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // the open failed already; that error is the one to report
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
