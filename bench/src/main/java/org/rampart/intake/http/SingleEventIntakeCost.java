package org.rampart.intake.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import org.rampart.bench.EventCorpus;
import org.rampart.intake.journal.DiskWatermark;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalOptions;

/**
 * Heap bytes the intake server allocates per {@code POST /events} of one corpus event: a real {@link IntakeServer} over
 * a real journal (fsync per request, the 5% disk watermark as by default) in a new folder, sent to from this
 * thread over one keep-alive connection. Counted over every thread of the JVM (Jetty's, the virtual threads' carriers,
 * the journal's) less this client thread's own, so the figure does not move with the machine's load; the median of
 * five rounds after two warm-up rounds.
 *
 * <p>Usage: {@code SingleEventIntakeCost [requests per round, default 5000] [parent folder of the journal, default the
 * temporary folder]}; {@code /dev/shm} makes the fsyncs, which allocate nothing, quick.
 */
public final class SingleEventIntakeCost {
    private static final int ROUNDS = 5;
    private static final int WARMUP_ROUNDS = 2;

    private SingleEventIntakeCost() {}

    public static void main(String[] args) throws IOException {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        EventCorpus corpus = EventCorpus.generate(42, requests, Instant.now());
        Path dir = args.length > 1 ? Files.createTempDirectory(Path.of(args[1]), "single-event-cost")
                : Files.createTempDirectory("single-event-cost");
        JournalOptions options = new JournalOptions(64L << 20, Duration.ZERO, new DiskWatermark(0, 0.05, "5%"));
        IntakeSettings settings = new IntakeSettings("127.0.0.1", 0, 1 << 20, 1 << 20, 10_000, null, 1L << 40, 256, 256,
                1024, Duration.ofSeconds(1));
        // Each request in one write: headers and body apart would wait out Nagle's delay and the delayed ACK.
        byte[][] request = new byte[requests][];
        for (int i = 0; i < requests; i++) {
            byte[] event = corpus.event(i);
            byte[] head = ("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + event.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            request[i] = Arrays.copyOf(head, head.length + event.length);
            System.arraycopy(event, 0, request[i], head.length, event.length);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long client = Thread.currentThread().threadId();
        double[] bytes = new double[ROUNDS];
        try (Journal journal = Journal.open(dir, options);
                IntakeServer server = IntakeServer.start(settings, journal, new EventIds(Clock.systemUTC()));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[4096];
            for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                long allBefore = threads.getTotalThreadAllocatedBytes();
                long clientBefore = threads.getThreadAllocatedBytes(client);
                for (int i = 0; i < requests; i++) {
                    out.write(request[i]);
                    out.flush();
                    readReply(in, reply);
                }
                long all = threads.getTotalThreadAllocatedBytes() - allBefore;
                long own = threads.getThreadAllocatedBytes(client) - clientBefore;
                if (round >= 0) {
                    bytes[round] = (double) (all - own) / requests;
                }
            }
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Arrays.sort(bytes);
        System.out.printf(Locale.ROOT, "RESULT requests=%d event_bytes=%.0f server_bytes_per_request=%.0f%n",
                requests, corpus.averageBytes(), bytes[ROUNDS / 2]);
    }

    /** Reads one 200 reply with an empty body (its headers end with an empty line); fails on any other. */
    private static void readReply(InputStream in, byte[] buffer) throws IOException {
        int length = 0;
        while (length < 4 || buffer[length - 4] != '\r' || buffer[length - 3] != '\n' || buffer[length - 2] != '\r'
                || buffer[length - 1] != '\n') {
            int b = in.read();
            if (b < 0 || length == buffer.length) {
                throw new IOException("the reply ended or grew past " + buffer.length + " bytes");
            }
            buffer[length++] = (byte) b;
        }
        if (length < 12 || buffer[9] != '2') {
            throw new IOException("not a 2xx: " + new String(buffer, 0, length, StandardCharsets.US_ASCII));
        }
    }
}
