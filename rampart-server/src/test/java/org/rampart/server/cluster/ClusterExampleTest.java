package org.rampart.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.event.testing.RepoRoot;
import org.rampart.server.run.EventLoad;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.transport.RabbitNodes;
import org.rampart.store.opensearch.OpenSearchNode;

/**
 * The three-node example of docs/deployment.md, started from its own files in examples/cluster (so they cannot rot):
 * node 1 (intake, web), node 2 (worker, scheduler) and node 3 (worker, scheduler, web) on the local RabbitMQ, a fresh
 * PostgreSQL database and the test OpenSearch node. What the test changes over the files is only what must differ
 * per run: data folders, free ports, the database, a fresh exchange and queue, an index prefix. Events sent to node 1
 * are found by a search on each web node; an incident made on one web node is read on the other.
 */
class ClusterExampleTest {
    private static final Path EXAMPLE = RepoRoot.get().resolve("examples/cluster");

    @TempDir
    Path dir;

    private PostgresDatabase database;
    private RabbitNodes rabbit;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void services() throws Exception {
        database = new PostgresDatabase();
        rabbit = new RabbitNodes(dir, 1000);
    }

    @AfterEach
    void cleanUp() throws Exception {
        rabbit.close();
        database.close();
    }

    @Test
    void eventsSentToTheIntakeNodeAreFoundOnBothWebNodesAndStateIsShared() throws Exception {
        String prefix = "cluster-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT) + "-";
        RampartProcess node1 = node("node1", prefix).start();
        node("node2", prefix).start(p -> p.log().contains("alert scheduler"));
        RampartProcess node3 = node("node3", prefix).start(p -> p.log().contains("alert scheduler"));
        await().atMost(Duration.ofSeconds(60)).until(() -> rabbit.consumers() == 2);

        EventLoad load = EventLoad.start(node1.intakePort(), "cluster", 4, 25, 0);
        load.awaitEnd();
        assertThat(load.acked).as("events node 1 acknowledged: %s", load.statuses()).hasSize(100);
        String query = "{\"must\": [{\"term\": {\"details.round\": \"cluster\"}}]}";
        for (RampartProcess web : new RampartProcess[] {node1, node3}) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(post(web, "/query/count", query).path("count").asInt()).isEqualTo(100));
        }

        JsonNode incident = post(node3, "/incidents", "{\"summary\": \"seen on both web nodes\"}");
        JsonNode read = get(node1, "/incidents/" + incident.path("id").asLong());
        assertThat(read.path("summary").asText()).isEqualTo("seen on both web nodes");
    }

    /** Node {@code name} from examples/cluster/{@code name}.yml, with what must differ per run set over it. */
    private RampartProcess node(String name, String prefix) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        return rabbit.add(RampartProcess.withConfig(home, home.resolve("data"), EXAMPLE.resolve(name + ".yml"))
                .set("state.url", database.url())
                .set("store.opensearch.url", OpenSearchNode.shared().url().toString())
                .set("store.opensearch.index_prefix", prefix));
    }

    private JsonNode post(RampartProcess node, String path, String body) throws Exception {
        return send(node, request(node, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode get(RampartProcess node, String path) throws Exception {
        return send(node, request(node, path));
    }

    private JsonNode send(RampartProcess node, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(reply.body());
    }

    private static HttpRequest.Builder request(RampartProcess node, String path) throws Exception {
        String token = Files.readString(DataLayout.under(node.data()).apiToken()).strip();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort() + path))
                .header("Authorization", "Bearer " + token);
    }
}
