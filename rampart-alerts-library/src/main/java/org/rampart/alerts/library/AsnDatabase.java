package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.rampart.event.Json;
import org.rampart.event.ip.IpAddresses;
import org.rampart.event.mmdb.MaxMindDatabase;

/**
 * The autonomous-system database of geomodel's {@code asn_movement} factor, in MaxMind's MMDB format: GeoLite2-ASN,
 * GeoIP2-ISP, or the {@code asn.mmdb} that {@code scripts/fetch-geoip.sh} builds; all of them carry
 * {@code autonomous_system_number} and {@code autonomous_system_organization}. Read with {@link MaxMindDatabase},
 * because GeoIP2's typed {@code asn()} refuses databases not named GeoLite2-ASN.
 */
final class AsnDatabase implements AutoCloseable {
    private static final String NUMBER = "autonomous_system_number";
    private static final String ORGANIZATION = "autonomous_system_organization";

    private final MaxMindDatabase database;

    private AsnDatabase(MaxMindDatabase database) {
        this.database = database;
    }

    /** Opens {@code file}; a missing, unreadable or non-ASN file is a configuration error, said at once. */
    static AsnDatabase open(Path file) {
        String problem = "geomodel_location: factors.asn_movement.maxmind_db_path";
        String fix = "; point it at an ASN .mmdb (build/geoip/asn.mmdb from scripts/fetch-geoip.sh, or GeoLite2-ASN.mmdb)";
        MaxMindDatabase database;
        try {
            database = MaxMindDatabase.open(file);
        } catch (IOException e) {
            throw new IllegalStateException(problem + ": " + e.getMessage() + fix, e);
        }
        String type = database.databaseType();
        String upper = type.toUpperCase(Locale.ROOT);
        if (!upper.contains("ASN") && !upper.contains("ISP")) {
            closeQuietly(database);
            throw new IllegalStateException(problem + ": " + file + " is a " + type + " database, without ASN records"
                    + fix);
        }
        return new AsnDatabase(database);
    }

    /**
     * The address's record as GeoIP2's ASN lookup returns it: {@code ip_address}, {@code prefix_len},
     * {@code autonomous_system_number}, {@code autonomous_system_organization}; only {@code ip_address} when the
     * address is not in the database (or is no IP address, or IPv6 in an IPv4-only database).
     */
    ObjectNode lookup(String ip) {
        ObjectNode info = Json.object().put("ip_address", ip);
        InetAddress address = IpAddresses.address(ip);
        if (address == null) {
            return info;
        }
        Optional<MaxMindDatabase.Entry> record;
        try {
            record = database.lookup(address);
        } catch (IOException e) {
            throw new UncheckedIOException("geomodel_location: ASN lookup of " + ip + " failed", e);
        }
        if (record.isEmpty() || !(record.get().data().get(NUMBER) instanceof Number number)) {
            return info;
        }
        info.put("prefix_len", record.get().prefixLength());
        info.put(NUMBER, number.longValue());
        if (record.get().data().get(ORGANIZATION) instanceof String organization) {
            info.put(ORGANIZATION, organization);
        }
        return info;
    }

    /** MozDef's test: both addresses are in the database and their AS organisations differ. */
    static boolean moved(ObjectNode from, ObjectNode to) {
        return from.has(NUMBER) && to.has(NUMBER)
                && !Objects.equals(from.path(ORGANIZATION).asText(null), to.path(ORGANIZATION).asText(null));
    }

    private static void closeQuietly(MaxMindDatabase database) {
        try {
            database.close();
        } catch (IOException e) {
            // the open failed already; that error is the one to report
        }
    }

    @Override
    public void close() {
        try {
            database.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
