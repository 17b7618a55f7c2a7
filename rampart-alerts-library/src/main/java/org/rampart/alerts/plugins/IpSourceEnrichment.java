package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.event.ip.Cidr;
import org.rampart.event.ip.IpAddresses;
import org.rampart.event.extension.Registration;

/**
 * MozDef's {@code ip_source_enrichment}: every IPv4/IPv6 address anywhere in the alert that lies in a
 * configured {@code known[].range} appends {@code "; " + format} ({@code {0}} the address, {@code {1}} the
 * site) to the summary and {@code {ip, site}} to {@code details.sites}, which starts empty on each run.
 */
final class IpSourceEnrichment {

    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![0-9])");
    private static final Pattern IPV6_CANDIDATE = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** Alerts carry event samples: bound the text scanned. */
    private static final int MAX_STRINGS = 10_000;

    private IpSourceEnrichment() {}

    record Known(Cidr range, String site, String format) {}

    static ObjectNode enrich(ObjectNode alert, JsonNode knownIps) {
        var details = PluginSupport.details(alert);
        if (details.isEmpty()) {
            return alert;
        }
        ArrayNode sites = details.get().putArray("sites");
        Known[] known = parse(knownIps);
        for (String ip : addresses(alert)) {
            InetAddress address = IpAddresses.address(ip);
            for (Known k : known) {
                if (contains(k.range(), address)) {
                    PluginSupport.appendSummary(alert, pythonFormat(k.format(), ip, k.site()));
                    sites.addObject().put("ip", ip).put("site", k.site());
                }
            }
        }
        return alert;
    }

    private static Known[] parse(JsonNode knownIps) {
        return java.util.stream.StreamSupport.stream(knownIps.spliterator(), false)
                .map(k -> new Known(Cidr.parse(k.path("range").asText()), k.path("site").asText(),
                        k.path("format").asText("{0} is in {1}.")))
                .toArray(Known[]::new);
    }

    static boolean contains(Cidr range, InetAddress address) {
        byte[] a = address.getAddress();
        byte[] lo = range.first().getAddress();
        byte[] hi = range.last().getAddress();
        return a.length == lo.length && Arrays.compareUnsigned(a, lo) >= 0 && Arrays.compareUnsigned(a, hi) <= 0;
    }

    /** Distinct IP literals in every string of the document, in the order found. */
    static Set<String> addresses(JsonNode document) {
        Set<String> found = new LinkedHashSet<>();
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(document);
        int strings = 0;
        while (!todo.isEmpty() && strings < MAX_STRINGS) {
            JsonNode node = todo.pop();
            if (node.isContainerNode()) {
                // Reverse so that the walk visits fields in document order.
                var children = new java.util.ArrayList<JsonNode>();
                node.forEach(children::add);
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.push(children.get(i));
                }
            } else if (node.isTextual()) {
                strings++;
                scan(node.asText(), found);
            }
        }
        return found;
    }

    private static void scan(String text, Set<String> found) {
        Matcher v4 = IPV4.matcher(text);
        while (v4.find()) {
            if (IpAddresses.address(v4.group()) != null) {
                found.add(v4.group());
            }
        }
        Matcher v6 = IPV6_CANDIDATE.matcher(text);
        while (v6.find()) {
            if (IpAddresses.address(v6.group()) != null) {
                found.add(v6.group());
            }
        }
    }

    /** Python's {@code str.format} for the positional fields {@code {0}} and {@code {1}}. */
    static String pythonFormat(String format, String ip, String site) {
        return format.replace("{0}", ip).replace("{1}", site).replace("{}", ip);
    }

    /** {@code ip_source_enrichment}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "ip_source_enrichment";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode known = context.config().path("known");
            parse(known); // fail at start-up on a bad range, not on the first alert
            return new PluginSupport.BasicPlugin(name(), Registration.ALL, 100, alert -> enrich(alert, known));
        }
    }
}
