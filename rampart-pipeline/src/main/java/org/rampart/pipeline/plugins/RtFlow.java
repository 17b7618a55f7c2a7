package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's rt_flow: Juniper SRX {@code RT_FLOW_SESSION_DENY} and {@code RT_FLOW_SESSION_CREATE} summaries are
 * parsed into action (denied/created), addresses and ports, service, NAT rules, protocol, policy, zones,
 * session id and interface.
 */
public final class RtFlow implements EventPlugin {
    private static final String FLOW = "(?<sourceipaddress>[0-9a-fA-F.:]+)/(?<sourceport>\\d+)->"
            + "(?<destinationipaddress>[0-9a-fA-F.:]+)/(?<destinationport>\\d+)";
    private static final Pattern DENY = Pattern.compile("RT_FLOW_SESSION_DENY(?:_LS)?: session denied " + FLOW
            + " (?<service>\\S+) (?<protocol>\\d+)\\(\\d+\\) (?<policy>\\S+) (?<sourcezone>\\S+) "
            + "(?<destinationzone>\\S+)");
    private static final Pattern CREATE = Pattern.compile("RT_FLOW_SESSION_CREATE(?:_LS)?: session created " + FLOW
            + " (?<service>\\S+) (?<natsourceipaddress>[0-9a-fA-F.:]+)/(?<natsourceport>\\d+)->"
            + "(?<natdestinationipaddress>[0-9a-fA-F.:]+)/(?<natdestinationport>\\d+) (?<srcnatrule>\\S+) "
            + "(?<dstnatrule>\\S+) (?<protocol>\\d+) (?<policy>\\S+) (?<sourcezone>\\S+) (?<destinationzone>\\S+) "
            + "(?<sessionid>\\d+)");
    /** A logical interface such as ge-0/0/1.0, looked for token by token (a regex over the rest could backtrack). */
    private static final Pattern INTERFACE = Pattern.compile("\\S+\\.\\d+");

    @Override
    public List<String> registration() {
        return List.of("rt_flow");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "rt_flow";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        String summary = Events.text(event, "summary");
        if (summary == null) {
            return event;
        }
        Matcher deny = DENY.matcher(summary);
        if (deny.find()) {
            ObjectNode details = Events.detailsOrCreate(event);
            if (details != null) {
                details.put("action", "denied");
                Events.putGroups(deny, details, "sourceipaddress", "sourceport", "destinationipaddress",
                        "destinationport", "service", "protocol", "policy", "sourcezone", "destinationzone");
                details.put("interface", logicalInterface(summary, deny.end()));
            }
            return event;
        }
        Matcher create = CREATE.matcher(summary);
        if (create.find()) {
            ObjectNode details = Events.detailsOrCreate(event);
            if (details != null) {
                details.put("action", "created");
                Events.putGroups(create, details, "sourceipaddress", "sourceport", "destinationipaddress",
                        "destinationport", "service", "natsourceipaddress", "natsourceport",
                        "natdestinationipaddress", "natdestinationport", "srcnatrule", "dstnatrule", "protocol",
                        "policy", "sourcezone", "destinationzone", "sessionid");
                details.put("interface", logicalInterface(summary, create.end()));
            }
        }
        return event;
    }

    /** The first token after {@code from} that names a logical interface, or null. */
    private static String logicalInterface(String summary, int from) {
        for (String token : summary.substring(from).split(" ")) {
            if (INTERFACE.matcher(token).matches()) {
                return token;
            }
        }
        return null;
    }
}
