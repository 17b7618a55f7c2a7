package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole way: a GuardDuty finding and a plain event sent to SQS (ElasticMQ in the test JVM) → the server's SQS
 * inputs from rampart.yml → journal → pipeline (the guardDuty plugin maps each probe) → searchable in the store.
 */
class SqsToStoreTest {
    @TempDir
    Path data;
    private SQSRestServer sqsServer;
    private SqsClient sqs;
    private String endpoint;

    @BeforeEach
    void startSqs() {
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        endpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(java.net.URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    @AfterEach
    void stopSqs() {
        sqs.close();
        sqsServer.stopAndWait();
    }

    @Test
    void guardDutyProbesAndSqsEventsAreStoredAndMapped() throws Exception {
        String findings = sqs.createQueue(r -> r.queueName("guardduty-findings")).queueUrl();
        String tasks = sqs.createQueue(r -> r.queueName("taskexchange")).queueUrl();
        Path config = Files.writeString(data.resolve("rampart.yml"), """
                sqs:
                  wait_time: 1s
                  inputs:
                    guardduty:
                      kind: guardduty
                      queue_url: %s
                      region: us-east-1
                      endpoint: %s
                      access_key_id: x
                      secret_access_key: not-a-real-secret
                    tasks:
                      kind: sqs
                      queue_url: %s
                      region: us-east-1
                      endpoint: %s
                      access_key_id: x
                      secret_access_key: not-a-real-secret
                """.formatted(findings, endpoint, tasks, endpoint));
        try (RampartServer server = RampartServer.start(RampartConfig.load(config, Map.of()).with(Map.of(
                "data.dir", data.resolve("data").toString(), "intake.port", "0", "rest.port", "0", "web.port", "0")))) {
            assertThat(server.sqs().inputs()).extracting(i -> i.name()).containsExactly("guardduty", "tasks");
            String notification = guardDutyNotification();
            sqs.sendMessage(r -> r.queueUrl(findings).messageBody(notification));
            sqs.sendMessage(r -> r.queueUrl(tasks).messageBody("{\"summary\": \"from sqs\", \"hostname\": \"web1\"}"));

            SearchQuery guardduty = SearchQuery.all().addMust(new TermMatch("source", "guardduty"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                server.store().refresh();
                return server.store().count(guardduty, List.of("events")) == 5;
            });
            List<Hit> hits = server.store().search(guardduty, List.of("events"), 10).hits();
            assertThat(hits).extracting(h -> h.source().path("details").path("destinationport").asInt())
                    .containsExactlyInAnyOrder(443, 8443, 53, 22, 80);
            ObjectNode event = hits.getFirst().source();
            assertThat(Json.MAPPER.convertValue(event.get("tags"), List.class)).contains("aws", "guardduty", "guardduty-findings");
            assertThat(event.path("category").asText()).isEqualTo("guardduty");
            assertThat(event.path("details").path("finding").asText()).isEqualTo("Recon:EC2/PortProbeUnprotectedPort");
            assertThat(event.path("details").path("sourceipaddress").asText()).isIn("211.44.226.158", "112.175.127.179");
            assertThat(event.has("rampart_prebuilt")).isFalse();

            SearchQuery task = SearchQuery.all().addMust(new TermMatch("tags", "taskexchange"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                server.store().refresh();
                return server.store().count(task, List.of("events")) == 1;
            });
            ObjectNode stored = server.store().search(task, List.of("events"), 1).hits().getFirst().source();
            assertThat(stored.path("summary").asText()).isEqualTo("from sqs");
            assertThat(stored.path("hostname").asText()).isEqualTo("web1");
            await().atMost(Duration.ofSeconds(30)).until(() -> remaining(findings) + remaining(tasks) == 0);
        }
    }

    private int remaining(String queueUrl) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).visibilityTimeout(0).waitTimeSeconds(0)).messages().size();
    }

    /** A port-probe finding as GuardDuty's normalizing Lambda publishes it through SNS (MozDef's fixture). */
    private static String guardDutyNotification() throws Exception {
        Path fixtures = Path.of(System.getProperty("rampart.repo", "..")).resolve("conformance/mq/guardDuty.json");
        for (JsonNode fixture : Json.MAPPER.readTree(fixtures.toFile()).path("cases")) {
            if (fixture.path("id").asText().endsWith("test_defaults")) {
                ObjectNode message = Json.object();
                message.set("details", fixture.path("input").path("details"));
                message.put("hostname", "i-0618726e20846a8dc");
                message.put("summary", fixture.path("input").path("summary").asText());
                message.put("timestamp", "2019-10-24T21:31:15.747Z");
                ObjectNode envelope = Json.object().put("Type", "Notification").put("MessageId", "b9f6a9a6-0d29-5e0b-9c3b-2f1e4a5b6c7d");
                envelope.put("Message", message.toString());
                return envelope.toString();
            }
        }
        throw new IllegalStateException("guardDuty.json has no test_defaults case");
    }
}
