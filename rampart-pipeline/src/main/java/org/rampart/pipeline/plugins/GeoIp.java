package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.geoip.GeoIpDatabase;
import org.rampart.pipeline.geoip.ReloadingGeoIpDatabase;

/**
 * MozDef's geoip: for a public {@code details.sourceipaddress} / {@code destinationipaddress} adds
 * {@code <x>ipgeolocation} and {@code <x>ipgeopoint} ("lat,long"); a value that is not an IP becomes 0.0.0.0.
 * The database files in {@code geoip.dir} are checked every {@code geoip.check_interval}
 * ({@link PluginContext#geoipCheckInterval()}) and a replaced one is used without a restart
 * ({@link ReloadingGeoIpDatabase}).
 */
public final class GeoIp implements EventPlugin {
    static final String NO_DATABASE = "No Geolite DB Found!";

    private volatile ReloadingGeoIpDatabase database;

    @Override
    public List<String> registration() {
        return List.of("sourceipaddress", "destinationipaddress");
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String name() {
        return "geoip";
    }

    @Override
    public void configure(PluginContext context) {
        Path dir = context.geoipDir();
        if (dir == null) {
            return;
        }
        database = ReloadingGeoIpDatabase.of(dir, context.geoipCheckInterval());
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        if (event.get("details") instanceof ObjectNode details) {
            locate(details, "source");
            locate(details, "destination");
        }
        return event;
    }

    /**
     * Public in netaddr 0.7.19's sense (pipeline-catalog.md §3b, geoip): not loopback, private or reserved. Unlike the
     * usual lists, the multicast ranges 224/8, 232/8 and 233/8 (but 233.252.0/24) and IPv6 ff10::-ff..ff count as
     * public and are looked up, while every IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is reserved.
     */
    static boolean isPublic(InetAddress address, String text) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            int b0 = b[0] & 0xFF;
            return (b0 & 0xE0) == 0x20 || (b0 == 0xFF && (b[1] & 0xF0) != 0);
        }
        if (text.indexOf(':') >= 0) {
            // Java reads an IPv4-mapped IPv6 literal as its IPv4 address; netaddr keeps it in ::/8, reserved.
            return false;
        }
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        boolean notPublic = a0 == 0 || a0 == 10 || a0 == 127
                || (a0 == 100 && (a1 & 0xC0) == 64)
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && (a1 & 0xF0) == 16)
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 192 && a1 == 88 && a2 == 99)
                || (a0 == 192 && a1 == 168)
                || (a0 == 198 && (a1 & 0xFE) == 18)
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)
                || (a0 == 233 && a1 == 252 && a2 == 0)
                || (a0 >= 225 && a0 <= 231) || a0 >= 234;
        return !notPublic;
    }

    private void locate(ObjectNode details, String side) {
        String field = side + "ipaddress";
        if (!details.has(field)) {
            return;
        }
        JsonNode value = details.get(field);
        InetAddress address = value.isTextual() ? IpAddresses.network(value.textValue()) : null;
        if (address == null) {
            // MozDef: an invalid IP would make Elasticsearch reject the event, so it gets a valid, meaningless one.
            details.put(field, "0.0.0.0");
            return;
        }
        String text = value.textValue();
        if (!isPublic(address, text)) {
            return;
        }
        ReloadingGeoIpDatabase reloading = database;
        GeoIpDatabase db = reloading == null ? null : reloading.current();
        ObjectNode location;
        if (db == null) {
            location = Json.object().put("error", NO_DATABASE);
        } else if (text.indexOf('/') >= 0) {
            // MozDef looks up the original text, which its reader cannot parse as a network.
            location = Json.object().put("error", "'" + text + "' does not appear to be an IPv4 or IPv6 address");
        } else {
            location = db.locate(address);
            if (location.has("error")) {
                location.put("error", "The address " + text + " is not in the database.");
            }
        }
        details.set(side + "ipgeolocation", location);
        if (location.has("latitude") && location.has("longitude")) {
            details.put(side + "ipgeopoint",
                    location.get("latitude").asText() + "," + location.get("longitude").asText());
        }
    }
}
