package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's snmptt: an SNMP trap line logged by snmptt, {@code <trap name> <severity> "<category>" <host> -
 * <payload>}, is parsed into trapname, trapseverity, hostname and trappayload, and tagged {@code alert}.
 */
public final class Snmptt implements EventPlugin {
    private static final Pattern TRAP = Pattern.compile(
            "^(?<trapname>\\S+) (?<trapseverity>\\S+) \"[^\"]*\" (?<hostname>\\S+) - (?<trappayload>.*)$",
            Pattern.DOTALL);

    @Override
    public List<String> registration() {
        return List.of("snmptt");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "snmptt";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        String summary = Events.text(event, "summary");
        if (details == null || summary == null || !"snmptt".equals(Events.text(details, "program"))) {
            return event;
        }
        Matcher m = TRAP.matcher(summary);
        if (m.find()) {
            Events.putGroups(m, details, "trapname", "trapseverity", "hostname", "trappayload");
            Events.addTag(event, "alert");
        }
        return event;
    }
}
