package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.rampart.event.Timestamps;
import org.rampart.query.Hit;

/**
 * Folds repeated alerts into one row: the same alert (class name) with the same summary, as a handler reads them.
 * MozDef listed each repeat on its own line, so 300 promiscuous-mode alerts buried the eight brute-force ones.
 */
final class AlertFolding {
    /** Bars of a sparkline. */
    static final int BUCKETS = 24;
    static final int SPARK_WIDTH = 72;
    static final int SPARK_HEIGHT = 14;

    private AlertFolding() {}

    /** The fold key of an alert's source: its class name and summary. */
    static String foldKey(ObjectNode source) {
        return source.path("classname").asText("") + "\n" + source.path("summary").asText("");
    }

    /**
     * The rows of {@code hits} (newest first) from row {@code skip} on, at most {@code limit}; {@code status} gives the
     * status of each row's newest alert, asked only for the rows shown.
     */
    static List<AlertRow> fold(List<Hit> hits, int skip, int limit, Function<List<String>, Map<String, String>> status) {
        Map<String, List<Hit>> runs = new LinkedHashMap<>();
        for (Hit hit : hits) {
            runs.computeIfAbsent(foldKey(hit.source()), k -> new ArrayList<>()).add(hit);
        }
        List<List<Hit>> shown = runs.values().stream().skip(skip).limit(limit).toList();
        Map<String, String> statuses = status.apply(shown.stream().map(run -> run.getFirst().id()).toList());
        Instant newest = hits.isEmpty() ? Instant.EPOCH : time(hits.getFirst());
        Instant oldest = hits.isEmpty() ? Instant.EPOCH : time(hits.getLast());
        List<AlertRow> rows = new ArrayList<>(shown.size());
        for (List<Hit> run : shown) {
            Hit first = run.getFirst();
            ObjectNode s = first.source();
            rows.add(new AlertRow(first.id(), foldKey(s), s.path("utctimestamp").asText(""), s.path("category").asText(""),
                    s.path("severity").asText(""), s.path("summary").asText(""), s.path("classname").asText(""),
                    statuses.getOrDefault(first.id(), "open"), run.size(),
                    run.size() > 1 ? sparkline(run, oldest, newest) : ""));
        }
        return rows;
    }

    /** Counts per bucket of [oldest, newest], as polyline points scaled to the busiest bucket. */
    static String sparkline(List<Hit> run, Instant oldest, Instant newest) {
        long span = Math.max(1, newest.toEpochMilli() - oldest.toEpochMilli());
        int[] counts = new int[BUCKETS];
        for (Hit hit : run) {
            long offset = time(hit).toEpochMilli() - oldest.toEpochMilli();
            counts[(int) Math.min(BUCKETS - 1, Math.max(0, offset * BUCKETS / span))]++;
        }
        int max = 1;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < BUCKETS; i++) {
            double x = i * (SPARK_WIDTH - 1.0) / (BUCKETS - 1);
            double y = SPARK_HEIGHT - 1 - counts[i] * (SPARK_HEIGHT - 2.0) / max;
            points.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return points.toString();
    }

    private static Instant time(Hit hit) {
        Instant time = Timestamps.parse(hit.source().get("utctimestamp"), Clock.systemUTC());
        // An alert with an unreadable time counts at the start of the window rather than failing the page.
        return time == null ? Instant.EPOCH : time;
    }
}
