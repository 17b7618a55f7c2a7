package org.rampart.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.server.run.EventLoad;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.run.StoredEvents;

/**
 * {@code transport: rabbitmq} end to end on the RabbitMQ at 127.0.0.1:5672: an intake process publishes with confirms to
 * a fresh exchange and queue, two worker processes (each with its own embedded store) consume; one worker is killed
 * with SIGKILL mid-load. Every event intake acknowledged is stored; none is stored twice in a store (the killed
 * worker's unacknowledged messages come back redelivered and are upserted by id), and across the two stores at most
 * what the killed worker had committed but not yet acknowledged (its prefetch bounds that).
 */
class RabbitWorkerKillTest {
    private static final int CLIENTS = 6;
    private static final int PREFETCH = 500;

    @TempDir
    Path dir;

    private RabbitNodes nodes;

    @BeforeEach
    void nodes() {
        nodes = new RabbitNodes(dir, PREFETCH);
    }

    @AfterEach
    void cleanUp() throws Exception {
        nodes.close();
    }

    @Test
    void everyAcknowledgedEventIsStoredWhenAWorkerIsKilledMidLoad() throws Exception {
        RampartProcess intake = nodes.node("intake", "intake").start();
        RampartProcess workerA = nodes.node("worker-a", "worker").start(process -> nodes.consumers() >= 1);
        RampartProcess workerB = nodes.node("worker-b", "worker").start(process -> nodes.consumers() >= 2);

        EventLoad load = EventLoad.start(intake.intakePort(), "kill", CLIENTS, Integer.MAX_VALUE, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= 1_500);
        workerA.kill();
        int ackedAtKill = load.acked.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= ackedAtKill + 1_000);
        load.stop();
        // Worker B takes the rest, the killed worker's unacknowledged messages included; then it stops gracefully.
        await().atMost(Duration.ofSeconds(120)).until(() -> nodes.queued() == 0);
        workerB.stop();
        intake.stop();
        assertThat(nodes.queued()).as("messages left unacknowledged on the queue").isZero();

        Map<String, Long> a = StoredEvents.countByMarker(workerA.data(), load.round);
        Map<String, Long> b = StoredEvents.countByMarker(workerB.data(), load.round);
        System.out.printf("rabbitmq worker kill: %d acked (%d at the kill), worker A stored %d, worker B %d%n",
                load.acked.size(), ackedAtKill, a.size(), b.size());
        assertThat(a).as("worker A stored events before its kill").isNotEmpty();
        assertThat(a.values()).as("no event twice in worker A's store").allMatch(count -> count == 1L);
        assertThat(b.values()).as("no event twice in worker B's store").allMatch(count -> count == 1L);
        Set<String> stored = new HashSet<>(a.keySet());
        stored.addAll(b.keySet());
        assertThat(stored).as("every acknowledged event is stored").containsAll(load.acked);
        assertThat(load.sent).as("nothing stored that was not sent").containsAll(stored);
        Set<String> inBoth = new HashSet<>(a.keySet());
        inBoth.retainAll(b.keySet());
        System.out.printf("rabbitmq worker kill: %d events in both stores (committed by A, not yet acknowledged)%n", inBoth.size());
        assertThat(inBoth.size()).as("events in both stores").isLessThanOrEqualTo(PREFETCH);
    }
}
