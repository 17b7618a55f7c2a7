package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's mozilla_location: a host named {@code <host>.<x>.<site>.mozilla.<tld>} gets {@code details.site} and
 * {@code details.sitetype} (datacenter, office or unknown) from the site lists in {@code mozilla_location.conf}.
 * Unlike MozDef, list entries are trimmed and empty entries ignored, so {@code a, b} lists {@code b} and a missing
 * list never makes an empty site label a datacenter.
 */
public final class MozillaLocation implements EventPlugin {
    static final String CONFIG = "mozilla_location.conf";

    private Set<String> datacenters = Set.of();
    private Set<String> offices = Set.of();

    @Override
    public List<String> registration() {
        return List.of("network", "netflow");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "mozilla_location";
    }

    @Override
    public void configure(PluginContext context) {
        Map<String, String> options = PluginConfig.iniSection(PluginConfig.text(context, CONFIG), "options");
        datacenters = list(options.get("dc_code_list"));
        offices = list(options.get("offices_code_list"));
    }

    private static Set<String> list(String value) {
        return value == null ? Set.of() : Arrays.stream(value.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        String hostname = details != null && details.has("hostname")
                ? Events.text(details, "hostname") : Events.text(event, "hostname");
        if (hostname == null) {
            return event;
        }
        // MozDef compares the lower-cased name; the event keeps its case.
        String[] labels = hostname.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (labels.length != 5 || !labels[3].equals("mozilla")) {
            return event;
        }
        String site = labels[2];
        ObjectNode target = Events.detailsOrCreate(event);
        if (target != null) {
            target.put("site", site);
            String type = datacenters.contains(site) ? "datacenter" : offices.contains(site) ? "office" : "unknown";
            target.put("sitetype", type);
        }
        return event;
    }
}
