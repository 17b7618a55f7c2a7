package org.rampart.intake.http;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import org.rampart.bench.EventCorpus;

/**
 * The intake side of {@code IndexingCost}: CPU and bytes allocated per event by {@link EventBodies#bulk} (reading and
 * checking a {@code /_bulk} body) on NDJSON bodies of 1,000 corpus events, on the calling thread; the median of five
 * rounds after three warm-up rounds. In intake's package because the body reader is package-private.
 *
 * <p>Usage: {@code IndexingCostIntake [bodies of 1,000 events per round, default 100]}.
 */
public final class IndexingCostIntake {
    private static final int BATCH = 1_000;
    private static final int ROUNDS = 5;
    private static final int WARMUP_ROUNDS = 3;

    private IndexingCostIntake() {}

    public static void main(String[] args) throws Rejection {
        int bodies = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        EventCorpus corpus = EventCorpus.generate(42, bodies * BATCH, Instant.now());
        byte[][] body = new byte[bodies][];
        for (int i = 0; i < bodies; i++) {
            body[i] = corpus.bulkBody((long) i * BATCH, BATCH);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        double[] cpu = new double[ROUNDS];
        double[] bytes = new double[ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long bytesBefore = threads.getThreadAllocatedBytes(thread);
            long events = 0;
            for (byte[] b : body) {
                events += EventBodies.bulk(b, BATCH).documents().size();
            }
            if (round >= 0) {
                cpu[round] = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e3 / events;
                bytes[round] = (double) (threads.getThreadAllocatedBytes(thread) - bytesBefore) / events;
            }
        }
        java.util.Arrays.sort(cpu);
        java.util.Arrays.sort(bytes);
        System.out.printf(Locale.ROOT, "RESULT events=%d intake_us=%.2f intake_bytes=%.0f%n",
                (long) bodies * BATCH, cpu[ROUNDS / 2], bytes[ROUNDS / 2]);
    }
}
