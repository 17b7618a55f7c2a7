package org.rampart.bench;

import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured. Times are {@link System#nanoTime()} values; {@code searchable} is -1 when the
 * run did not wait or the events did not all become searchable in time; {@code clientCpuNanos} is what the
 * load generator's own JVM spent while sending, which the machine's cores did not give to the server.
 */
record LoadReport(URI url, int batch, int connections, long sent, long accepted, long requests, long start,
                  long sendEnd, long searchable, long lastCount, long clientCpuNanos, Histogram latencyMicros, Map<String, Long> outcomes,
                  String countProblem) {

    double sendSeconds() {
        return (sendEnd - start) / 1e9;
    }

    double intakeRate() {
        return accepted / sendSeconds();
    }

    /** Events per second from the first byte sent until all accepted events were searchable, or NaN. */
    double endToEndRate() {
        return searchable < 0 ? Double.NaN : accepted / ((searchable - start) / 1e9);
    }

    double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    /** Requests that were not a 2xx, including I/O errors and batches given up. */
    long errors() {
        return outcomes.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("2"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Prints the human summary and one {@code RESULT key=value ...} line that scripts parse. */
    void print(PrintStream out, String system) {
        out.printf(Locale.ROOT, "%s: %s, %d connections, %d events per request%n", system, url, connections, batch);
        out.printf(Locale.ROOT, "sent %d events in %d requests in %.2f s; accepted %d: %.0f events/s intake%n",
                sent, requests, sendSeconds(), accepted, intakeRate());
        out.printf(Locale.ROOT, "the load generator used %.1f CPU s while sending%n", clientCpuNanos / 1e9);
        out.printf(Locale.ROOT, "request latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
                percentileMillis(50), percentileMillis(90), percentileMillis(99), maxMillis());
        out.println("outcomes: " + outcomes.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
        if (searchable >= 0) {
            out.printf(Locale.ROOT, "all %d events searchable %.2f s after the first byte (%.2f s after the last reply):"
                            + " %.0f events/s end-to-end%n",
                    accepted, (searchable - start) / 1e9, (searchable - sendEnd) / 1e9, endToEndRate());
        } else if (lastCount >= 0) {
            out.printf(Locale.ROOT, "NOT all searchable: the count reached %d of %d new events before the wait ended%n",
                    lastCount, accepted);
        }
        if (countProblem != null) {
            out.println("count: " + countProblem);
        }
        out.printf(Locale.ROOT, "RESULT system=%s events=%d accepted=%d errors=%d send_s=%.2f intake_eps=%.0f"
                        + " e2e_eps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f client_cpu_s=%.1f%n",
                system, sent, accepted, errors(), sendSeconds(), intakeRate(), endToEndRate(),
                percentileMillis(50), percentileMillis(99), maxMillis(), clientCpuNanos / 1e9);
    }
}
