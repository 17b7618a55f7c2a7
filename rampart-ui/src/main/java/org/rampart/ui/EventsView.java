package org.rampart.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The events search page.
 *
 * @param query     the query string as typed
 * @param minutes   how far back the search reaches
 * @param total     events matching in the window
 * @param hits      the newest hits (at most {@link EventPages#HITS})
 * @param histogram JSON {@code [{"t": ISO-8601 bucket start, "n": count}]}, drawn by the page's script
 * @param facets    top values of a few fields among the matches, each with the query that adds it
 * @param error     why the query was refused, empty when it was not
 */
public record EventsView(Viewer viewer, String query, int minutes, long total, List<ObjectNode> hits, String histogram,
                         List<Facet> facets, String error) {
    /** The choices of the time range, in minutes: up to the week the {@code events-weekly} alias covers. */
    public static final int[] RANGES = {15, 60, 240, 1440, 10080};

    /** A hit's one-line view: time, host, summary. */
    public static String line(ObjectNode hit) {
        JsonNode source = hit.path("_source");
        return source.path("utctimestamp").asText("") + "  " + source.path("hostname").asText("") + "  "
                + source.path("summary").asText("");
    }

    /** One field's top values. */
    public record Facet(String field, List<Value> values) {}

    /** A value, how many matches have it, and the link that adds it to the query. */
    public record Value(String value, long count, String href) {}
}
