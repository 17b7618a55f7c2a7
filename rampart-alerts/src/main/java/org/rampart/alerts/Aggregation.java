package org.rampart.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One group of {@link AlertTask#searchEventsAggregated}: MozDef's {@code aggreg} dict.
 *
 * @param value     the grouped value as Python's {@code str()} prints it (what summaries show)
 * @param count     how many hits carry the value (capped by the 1000-hit page)
 * @param events    the first {@code samplesLimit} of those hits, in hit order: {@code {_id,_index,_source}}
 * @param allevents every hit of the group; all of them are tagged when the group alerts
 */
public record Aggregation(String value, int count, List<ObjectNode> events, List<ObjectNode> allevents) {
    public Aggregation {
        events = List.copyOf(events);
        allevents = List.copyOf(allevents);
    }
}
