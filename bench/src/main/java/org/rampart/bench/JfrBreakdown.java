package org.rampart.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Rampart server's CPU samples and allocated bytes went, by stage of the hot path, from a JFR recording
 * ({@code settings=profile}). A sample belongs to the stage of its innermost Rampart frame (walking from the leaf
 * towards the root), so Jackson or Lucene code counts for whichever Rampart step called it; background threads (merges,
 * refresh, commit) count by thread name. GC is reported apart, from the pause events and the GC threads' CPU load.
 *
 * <p>Usage: {@code JfrBreakdown recording.jfr [events]}: with the number of events the server took, also bytes
 * allocated per event (the allocation samples' weights, JFR's estimate of every byte allocated).
 */
public final class JfrBreakdown {
    /** Class-name prefix to stage, most specific first. */
    private static final List<Map.Entry<String, String>> STAGES = List.of(
            Map.entry("org.rampart.intake.journal", "journal (append + fsync, read back)"),
            Map.entry("org.rampart.server.run.JournalEventSource", "journal (append + fsync, read back)"),
            Map.entry("org.rampart.intake", "intake: HTTP + parse/validate bodies"),
            Map.entry("org.rampart.http", "intake: HTTP + parse/validate bodies"),
            Map.entry("org.rampart.event.normalize", "normalize"),
            Map.entry("org.rampart.pipeline.geoip", "plugins: GeoIP"),
            Map.entry("org.rampart.event.mmdb", "plugins: GeoIP"),
            Map.entry("org.rampart.pipeline.plugins", "plugins: the others"),
            Map.entry("org.rampart.pipeline.PluginChain", "plugins: dispatch (registration matching)"),
            Map.entry("org.rampart.pipeline.worker.EventProcessor", "worker: parse journaled bytes"),
            Map.entry("org.rampart.pipeline.EventPipeline", "worker: required fields"),
            Map.entry("org.rampart.store.lucene.DocumentMapper", "mapping to Lucene documents"),
            Map.entry("org.rampart.store.lucene.LuceneEventStore.bytes", "_source serialization"),
            Map.entry("org.rampart.store.lucene", "Lucene indexing"),
            Map.entry("org.rampart.alerts", "streaming alerts"),
            Map.entry("org.rampart.server.alerts", "streaming alerts"),
            Map.entry("org.rampart.pipeline.worker", "worker: batching and hand-off"));

    private JfrBreakdown() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrBreakdown recording.jfr [events]");
            System.exit(2);
        }
        long events = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Map<String, Long> cpu = new TreeMap<>();
        Map<String, Long> bytes = new TreeMap<>();
        long cpuTotal = 0;
        long bytesTotal = 0;
        long gcPauseNanos = 0;
        int gcCount = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        cpu.merge(stage(event.getThread("sampledThread"), event.getStackTrace()), 1L, Long::sum);
                        cpuTotal++;
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        bytes.merge(stage(event.getThread("eventThread"), event.getStackTrace()), weight, Long::sum);
                        bytesTotal += weight;
                    }
                    case "jdk.GarbageCollection" -> {
                        gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
                        gcCount++;
                    }
                    default -> { }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d CPU samples, %.1f MB allocated (sampled estimate)%s; GC: %d collections,"
                        + " %.1f s of pauses%n", cpuTotal, bytesTotal / 1e6,
                events > 0 ? String.format(Locale.ROOT, ", %.0f bytes per event over %d events",
                        (double) bytesTotal / events, events) : "", gcCount, gcPauseNanos / 1e9);
        System.out.println();
        System.out.println("| stage | CPU samples | share of CPU | allocated MB | share of bytes"
                + (events > 0 ? " | bytes per event |" : " |"));
        System.out.println("|---|---|---|---|---|" + (events > 0 ? "---|" : ""));
        Map<String, Long> order = new LinkedHashMap<>();
        cpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> order.put(e.getKey(), e.getValue()));
        bytes.keySet().forEach(k -> order.putIfAbsent(k, 0L));
        for (String stage : order.keySet()) {
            long c = cpu.getOrDefault(stage, 0L);
            long b = bytes.getOrDefault(stage, 0L);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f %% | %.1f | %.1f %%%s%n", stage, c,
                    100.0 * c / Math.max(1, cpuTotal), b / 1e6, 100.0 * b / Math.max(1, bytesTotal),
                    events > 0 ? String.format(Locale.ROOT, " | %.0f |", (double) b / events) : " |");
        }
    }

    /** The stage of a sample: background threads by name, otherwise the innermost Rampart frame's. */
    static String stage(RecordedThread thread, RecordedStackTrace stack) {
        String name = thread == null ? "" : thread.getJavaName() == null ? "" : thread.getJavaName();
        if (name.startsWith("Lucene Merge Thread")) {
            return "Lucene merges";
        }
        if (name.startsWith("rampart-lucene-refresh")) {
            return "near-real-time refresh";
        }
        if (name.startsWith("rampart-commit")) {
            return "commits";
        }
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                if (!frame.isJavaFrame()) {
                    continue;
                }
                String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                for (Map.Entry<String, String> stage : STAGES) {
                    if (method.startsWith(stage.getKey())) {
                        return stage.getValue();
                    }
                }
            }
        }
        if (name.startsWith("rampart-worker")) {
            return "worker: other (stack cut before a Rampart frame)";
        }
        if (name.startsWith("JettyServerThreadPool") || name.isEmpty()) {
            return "intake: HTTP + parse/validate bodies";
        }
        return name.equals("main") ? "startup (main thread)" : "other threads";
    }
}
