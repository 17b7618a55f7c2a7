package org.rampart.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.server.run.EventLoad;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.run.StoredEvents;

/**
 * The local RabbitMQ restarted under load ({@code rabbitmqctl stop_app}, then {@code start_app}: the application, not
 * the node, which this machine shares): an intake process answers 503, never 500, while the broker is away, both nodes
 * reconnect by themselves, and every event intake acknowledged is stored once by the worker.
 */
class RabbitRestartTest {
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    private RabbitNodes nodes;

    @BeforeEach
    void nodes() {
        nodes = new RabbitNodes(dir, 500);
    }

    @AfterEach
    void cleanUp() throws Exception {
        rabbitmqctl("start_app"); // whatever happened, the shared broker runs again
        nodes.close();
    }

    @Test
    void intakeRefusesWith503WhileTheBrokerIsDownAndNothingAcknowledgedIsLost() throws Exception {
        RampartProcess intake = nodes.node("intake", "intake").set("rabbitmq.confirm_timeout", "3s").start();
        RampartProcess worker = nodes.node("worker", "worker").start(process -> nodes.consumers() >= 1);
        EventLoad load = EventLoad.start(intake.intakePort(), "rabbit-restart", CLIENTS, Integer.MAX_VALUE, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= 1_000);

        rabbitmqctl("stop_app");
        int ackedAtStop = load.acked.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.replies(503) >= 20);
        rabbitmqctl("start_app");
        int refused = load.replies(503);
        await().atMost(Duration.ofSeconds(120)).until(() -> load.acked.size() >= ackedAtStop + 1_000);
        load.stop();
        await().atMost(Duration.ofSeconds(120)).until(() -> nodes.queued() == 0);
        worker.stop();
        intake.stop();

        System.out.printf("rabbitmq restart: %d acked (%d before the stop), replies %s, %d refused by the restart%n",
                load.acked.size(), ackedAtStop, load.statuses(), refused);
        assertThat(load.statuses().keySet()).as("only 200 and 503 answered").containsOnly(200, 503);
        assertThat(load.lastBody(503)).contains("RabbitMQ");
        StoredEvents.verify(worker.data(), "RabbitMQ restarted (stop_app, start_app)",
                CLIENTS + " clients, intake and worker processes, transport: rabbitmq", List.of(load));
    }

    /** Runs {@code rabbitmqctl command} on the local node and checks it succeeded. */
    private static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("rabbitmqctl " + command + " in time").isTrue();
        assertThat(process.exitValue()).as("rabbitmqctl " + command + ": " + new String(process.getInputStream().readAllBytes()))
                .isZero();
    }
}
