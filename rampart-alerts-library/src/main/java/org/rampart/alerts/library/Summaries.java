package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.rampart.alerts.AlertTask;

/** Summary pieces several MozDef alerts build the same way. */
final class Summaries {
    private Summaries() {}

    /** The sorted unique values at the path, first 10, ", "-joined, with "..." once there are 10 or more. */
    static String firstTenSorted(Collection<ObjectNode> events, String path) {
        TreeSet<String> values = sortedUnique(events, path);
        return String.join(", ", values.stream().limit(10).toList()) + (values.size() >= 10 ? "..." : "");
    }

    /** The sorted unique values at the path of the events' sources (Python {@code sorted(set(...))}). */
    static TreeSet<String> sortedUnique(Collection<ObjectNode> events, String path) {
        TreeSet<String> values = new TreeSet<>();
        events.forEach(event -> values.add(AlertTask.text(event.path("_source"), path, "None")));
        return values;
    }

    /** The unique values at the path in first-seen order (MozDef joins a Python set, whose order is unspecified). */
    static Set<String> unique(List<ObjectNode> events, String path) {
        Set<String> values = new LinkedHashSet<>();
        events.forEach(event -> values.add(AlertTask.text(event.path("_source"), path, "None")));
        return values;
    }
}
