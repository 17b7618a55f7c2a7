package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        Map<String, String> options = iniSection(PluginFiles.text(context.configDir(), CONFIG), "options");
        datacenters = list(options.get("dc_code_list"));
        offices = list(options.get("offices_code_list"));
    }

    private static Set<String> list(String value) {
        return value == null ? Set.of() : Arrays.stream(value.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Fields.object(event, "details");
        String hostname = details != null && details.has("hostname")
                ? Fields.text(details, "hostname") : Fields.text(event, "hostname");
        if (hostname == null) {
            return event;
        }
        String[] labels = hostname.split("\\.", -1);
        if (labels.length != 5 || !labels[3].equals("mozilla")) {
            return event;
        }
        String site = labels[2];
        ObjectNode target = Fields.detailsOrCreate(event);
        if (target != null) {
            target.put("site", site);
            String type = datacenters.contains(site) ? "datacenter" : offices.contains(site) ? "office" : "unknown";
            target.put("sitetype", type);
        }
        return event;
    }

    /** The {@code key=value} options of one section of an INI file (MozDef's .conf), keys lowercased. */
    private static Map<String, String> iniSection(String text, String section) {
        Map<String, String> options = new LinkedHashMap<>();
        String current = null;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (section.equals(current) && sep > 0) {
                options.put(line.substring(0, sep).strip().toLowerCase(Locale.ROOT), line.substring(sep + 1).strip());
            }
        }
        return options;
    }
}
