package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's snmptt (pipeline-catalog.md §3b): for {@code details.program} {@code snmptt}, a trap line such as
 * {@code linkDown Normal "Status Events" sw1.example.com - Link down on ifIndex 3} anywhere in the summary sets
 * {@code details.trapname}, {@code trapseverity}, {@code trappayload} and the top-level {@code hostname}, and
 * appends the tag {@code alert}.
 */
public final class Snmptt implements EventPlugin {
    /**
     * MozDef's pattern, searched unanchored, with Python's {@code .} and Unicode {@code \s}. Each whitespace-free run
     * is followed by a space, so it can be taken whole (possessive) and must start where a run starts: the same
     * matches, found in linear time.
     */
    private static final Pattern TRAP = Pattern.compile("(?U)(?d)(?<!\\S)(?<trapname>\\S++) (?<trapseverity>\\S++) "
            + "\"Status Events\" (?<sourcehost>\\S++) - (?<trappayload>.*)");

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
            Events.putGroups(m, details, "trapname", "trapseverity", "trappayload");
            event.put("hostname", m.group("sourcehost"));
            Events.appendTag(event, "alert");
        }
        return event;
    }
}
