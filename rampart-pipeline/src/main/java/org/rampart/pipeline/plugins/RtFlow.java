package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's rt_flow (pipeline-catalog.md §3b): for {@code details.program} {@code RT_FLOW}, a Juniper SRX summary
 * that starts with {@code %-RT_FLOW_SESSION_DENY:} or {@code %-RT_FLOW_SESSION_CREATE:} is parsed into details with
 * MozDef's keys: action ({@code denied}/{@code created}), addresses and ports, service, protocol (and for a deny
 * its {@code protocoltype}), NAT rules (create), policy, zones, session id (create) and interface. All values are
 * strings; other RT_FLOW messages are left alone.
 */
public final class RtFlow implements EventPlugin {
    private static final String DENY_PREFIX = "%-RT_FLOW_SESSION_DENY:";
    private static final String CREATE_PREFIX = "%-RT_FLOW_SESSION_CREATE:";
    private static final String IP = "[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+";
    /** MozDef's patterns; a token followed by a space is taken whole ({@code \S++}), which finds the same match. */
    private static final Pattern DENY = Pattern.compile("(?U)%-RT_FLOW_SESSION_DENY: session denied "
            + "(?<src>" + IP + ")/(?<srcport>[0-9]+)->(?<dst>" + IP + ")/(?<dstport>[0-9]+) (?<service>\\S++) "
            + "(?<proto>[0-9]+)\\((?<prototype>[0-9]+)\\) (?<policy>\\S++) (?<srczone>\\S++) (?<dstzone>\\S++) "
            + "UNKNOWN UNKNOWN N/A\\(N/A\\) (?<interface>\\S+)");
    private static final Pattern CREATE = Pattern.compile("(?U)%-RT_FLOW_SESSION_CREATE: session created "
            + "(?<src>" + IP + ")/(?<srcport>[0-9]+)->(?<dst>" + IP + ")/(?<dstport>[0-9]+) (?<service>\\S++) "
            + IP + "/[0-9]+->" + IP + "/[0-9]+ (?<srcnatrule>\\S++) (?<dstnatrule>\\S++) (?<protocol>\\S++) "
            + "(?<policy>\\S++) (?<srczone>\\S++) (?<dstzone>\\S++) (?<sessionid>\\S++) N/A\\(N/A\\) "
            + "(?<interface>\\S+)");

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
        ObjectNode details = Events.details(event);
        String summary = Events.text(event, "summary");
        if (details == null || summary == null || !"RT_FLOW".equals(Events.text(details, "program"))) {
            return event;
        }
        if (summary.startsWith(DENY_PREFIX)) {
            Matcher m = DENY.matcher(summary);
            if (m.find()) {
                details.put("action", "denied");
                flow(m, details);
                details.put("protocol", m.group("proto"));
                details.put("protocoltype", m.group("prototype"));
                zonesAndInterface(m, details);
            }
        } else if (summary.startsWith(CREATE_PREFIX)) {
            Matcher m = CREATE.matcher(summary);
            if (m.find()) {
                details.put("action", "created");
                flow(m, details);
                details.put("sourcenatrule", m.group("srcnatrule"));
                details.put("destinationnatrule", m.group("dstnatrule"));
                details.put("protocol", m.group("protocol"));
                zonesAndInterface(m, details);
                details.put("sessionid", m.group("sessionid"));
            }
        }
        return event;
    }

    private static void flow(Matcher m, ObjectNode details) {
        details.put("sourceipaddress", m.group("src"));
        details.put("sourceport", m.group("srcport"));
        details.put("destinationipaddress", m.group("dst"));
        details.put("destinationport", m.group("dstport"));
        details.put("service", m.group("service"));
    }

    private static void zonesAndInterface(Matcher m, ObjectNode details) {
        details.put("policy", m.group("policy"));
        details.put("sourcezone", m.group("srczone"));
        details.put("destinationzone", m.group("dstzone"));
        details.put("interface", m.group("interface"));
    }
}
