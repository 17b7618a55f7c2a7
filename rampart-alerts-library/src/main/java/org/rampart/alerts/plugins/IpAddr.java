package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.ip.IpAddresses;
import org.rampart.event.extension.Registration;

/**
 * MozDef's {@code ipaddr} alert plugin (priority 1, every alert): copies the first attached event's
 * source and destination addresses into the alert's details the way the pipeline's ipFixup does. An
 * IPv4 address fills {@code <side>ipaddress} and {@code <side>ipv4address}; an IPv6 address goes to
 * {@code <side>ipv6address}, {@code <side>ipaddress} becomes {@code 0.0.0.0} and a note is added to
 * {@code errors}; anything else goes to {@code details.source}/{@code destination}. A missing source is
 * taken from the first {@code http_x_forwarded_for} entry or {@code cluster_client_ip}.
 */
final class IpAddr {

    private IpAddr() {}

    static ObjectNode onMessage(ObjectNode alert) {
        JsonNode eventDetails = alert.path("events").path(0).path("documentsource").path("details");
        var details = PluginSupport.details(alert);
        if (!eventDetails.isObject() || details.isEmpty()) {
            return alert;
        }
        String source = text(eventDetails.path("sourceipaddress"));
        if (source.isEmpty()) {
            String forwarded = text(eventDetails.path("http_x_forwarded_for"));
            source = forwarded.isEmpty() ? text(eventDetails.path("cluster_client_ip")) : forwarded.split(",")[0].trim();
        }
        copy(alert, details.get(), "source", source);
        copy(alert, details.get(), "destination", text(eventDetails.path("destinationipaddress")));
        return alert;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText().trim() : "";
    }

    private static void copy(ObjectNode alert, ObjectNode details, String side, String value) {
        if (value.isEmpty()) {
            return;
        }
        var address = IpAddresses.address(value);
        if (address == null) {
            details.put(side, value);
        } else if (address.getAddress().length == 4) {
            details.put(side + "ipaddress", value);
            details.put(side + "ipv4address", value);
        } else {
            details.put(side + "ipv6address", value);
            details.put(side + "ipaddress", "0.0.0.0");
            JsonNode errors = alert.get("errors");
            (errors instanceof com.fasterxml.jackson.databind.node.ArrayNode list ? list : alert.putArray("errors"))
                    .add(side + "ipaddress " + value + " is IPv6: stored as " + side + "ipv6address");
        }
    }

    /** {@code ipaddr}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "ipaddr";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            return new PluginSupport.BasicPlugin(name(), Registration.ALL, 1, IpAddr::onMessage);
        }
    }
}
