package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.geoip.GeoIpDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's geoip: for a public {@code details.sourceipaddress} / {@code destinationipaddress} adds
 * {@code <x>ipgeolocation} and {@code <x>ipgeopoint} ("lat,long"); a value that is not an IP becomes 0.0.0.0.
 */
public final class GeoIp implements EventPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(GeoIp.class);
    static final String NO_DATABASE = "No GeoIP database found";

    private volatile GeoIpDatabase database;

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
        try {
            database = GeoIpDatabase.open(dir);
        } catch (IOException e) {
            LOG.warn("geoip: {}; events get a geolocation error instead", e.getMessage());
        }
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        if (event.get("details") instanceof ObjectNode details) {
            locate(details, "source");
            locate(details, "destination");
        }
        return event;
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
        if (!IpAddresses.isPublic(address)) {
            return;
        }
        GeoIpDatabase db = database;
        ObjectNode location = db == null ? Json.object().put("error", NO_DATABASE) : db.locate(address);
        details.set(side + "ipgeolocation", location);
        if (location.has("latitude") && location.has("longitude")) {
            details.put(side + "ipgeopoint",
                    location.get("latitude").asText() + "," + location.get("longitude").asText());
        }
    }
}
