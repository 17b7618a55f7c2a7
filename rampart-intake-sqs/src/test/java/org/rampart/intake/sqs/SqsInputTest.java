package org.rampart.intake.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalBatch;
import org.rampart.intake.journal.JournalEntry;
import org.rampart.intake.journal.JournalHealth;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.intake.journal.JournalRecord;

/**
 * Each worker kind against ElasticMQ into a real journal, with MozDef-shaped messages: what is journaled, that a
 * message is deleted only once its events are, that a refusing journal leaves it in the queue, that a malformed one
 * is deleted and counted, and that a redelivered message gives the same event ids.
 */
class SqsInputTest {
    private static final Path FIXTURES = Path.of(System.getProperty("rampart.repo", "..")).resolve("conformance/mq");
    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static ElasticMq sqs;

    @TempDir
    Path dir;
    private Journal journal;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<SqsInput> inputs = new ArrayList<>();
    private long readPosition;

    @BeforeAll
    static void startSqs() {
        sqs = new ElasticMq();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    @BeforeEach
    void openJournal() throws IOException {
        journal = Journal.open(dir.resolve("journal"), new JournalOptions(64L << 20, Duration.ofMillis(2)));
    }

    @AfterEach
    void close() throws IOException {
        for (SqsInput input : inputs) {
            input.close();
        }
        journal.close();
    }

    @Test
    void sqsBodiesInJsonOrBase64AreMappedByTheSqsKeyMappingAndDeleted() throws Exception {
        String queue = sqs.queue("taskexchange-" + QUEUES.incrementAndGet());
        start(settings(WorkerKind.SQS, queue, Long.MAX_VALUE), IntakeSink.of(journal));
        sqs.send(queue, """
                {"summary": "first", "tags": ["nxlog"], "facility": "auth", "hostname": "host1", "@timestamp": "2026-12-01T10:00:00Z"}""");
        sqs.send(queue, Base64.getEncoder().encodeToString("""
                {"message": "second", "source": "boto", "tags": "single"}""".getBytes(StandardCharsets.UTF_8)));

        List<ObjectNode> events = events(2);
        ObjectNode first = bySummary(events, "first");
        assertThat(Json.MAPPER.convertValue(first.get("tags"), List.class)).containsExactly("nxlog", queueName(queue));
        assertThat(first.has("source")).as("the SQS keyMapping takes source from source only").isFalse();
        assertThat(first.path("facility").asText()).isEqualTo("auth");
        assertThat(first.path("hostname").asText()).isEqualTo("host1");
        assertThat(first.path("utctimestamp").asText()).isEqualTo("2026-12-01T10:00:00+00:00");
        assertThat(first.path("type").asText()).isEqualTo("event");
        assertThat(first.path("rampart_prebuilt").asBoolean()).isTrue();
        ObjectNode second = bySummary(events, "second");
        assertThat(second.path("source").asText()).isEqualTo("boto");
        assertThat(Json.MAPPER.convertValue(second.get("tags"), List.class)).containsExactly("single", queueName(queue));
        await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messages(queue) == 0);
    }

    @Test
    void snsNotificationsAreMappedAsEsworkerSnsSqsDoes() throws Exception {
        String queue = sqs.queue("example-logs-mozdef-" + QUEUES.incrementAndGet());
        start(settings(WorkerKind.SNS, queue, Long.MAX_VALUE), IntakeSink.of(journal));
        JsonNode fixture = Json.MAPPER.readTree(FIXTURES.resolve("esworker_sns_sqs.json").toFile()).path("cases").get(0);
        sqs.send(queue, fixture.path("input").toString());

        ObjectNode event = events(1).getFirst();
        JsonNode expected = fixture.path("expected_indexed").get(0).path("body");
        for (String field : List.of("severity", "timestamp", "utctimestamp", "hostname", "processname", "processid",
                "category", "summary", "details")) {
            assertThat(event.get(field)).as(field).isEqualTo(expected.get(field));
        }
        assertThat(Json.MAPPER.convertValue(event.get("tags"), List.class)).containsExactly(queueName(queue));
        await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messages(queue) == 0);
    }

    @Test
    void aGuardDutyPortProbeFindingIsOneEventPerProbe() throws Exception {
        String queue = sqs.queue("guardduty-" + QUEUES.incrementAndGet());
        start(settings(WorkerKind.GUARDDUTY, queue, Long.MAX_VALUE), IntakeSink.of(journal));
        JsonNode finding = guardDutyFinding();
        ObjectNode message = Json.object();
        message.set("details", finding);
        message.put("hostname", "i-0618726e20846a8dc");
        message.put("summary", "EC2 instance has an unprotected port which is being probed by a known malicious host.");
        message.put("timestamp", "2019-10-24T21:31:15.747Z");
        message.putArray("tags").add("gd2md-GuardDutyEventNormalization");
        sqs.send(queue, snsEnvelope(message.toString()));

        List<ObjectNode> events = events(5);
        assertThat(events).extracting(e -> e.path("details").path("finding").path("probeevent")
                .path("localPortDetails").path("port").asInt()).containsExactly(443, 8443, 53, 22, 80);
        for (ObjectNode event : events) {
            assertThat(event.path("source").asText()).isEqualTo("guardduty");
            assertThat(event.path("severity").asText()).isEqualTo("INFO");
            assertThat(event.path("hostname").asText()).isEqualTo("i-0618726e20846a8dc");
            assertThat(event.path("utctimestamp").asText()).isEqualTo("2019-10-24T21:31:15.747000+00:00");
            assertThat(Json.MAPPER.convertValue(event.get("tags"), List.class)).containsExactly(queueName(queue));
            assertThat(event.path("details").path("tags").get(0).asText()).isEqualTo("gd2md-GuardDutyEventNormalization");
            assertThat(event.path("details").path("type").asText()).isEqualTo("Recon:EC2/PortProbeUnprotectedPort");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messages(queue) == 0);
    }

    @Test
    void cloudTrailLogFilesAreReadAndEachRecordIsAnEvent() throws Exception {
        String queue = sqs.queue("cloudtrail-" + QUEUES.incrementAndGet());
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        gzip(bucket.resolve("one.json.gz"), """
                {"Records": [
                  {"eventVersion": "1.08", "eventTime": "2026-12-01T09:00:00Z", "eventSource": "ec2.amazonaws.com",
                   "eventName": "describeInstances", "awsRegion": "us-west-2", "sourceIPAddress": "198.51.100.7",
                   "userIdentity": {"type": "IAMUser", "userName": "alice"}, "requestParameters": {"maxResults": 5},
                   "eventType": "AwsApiCall"},
                  {"eventTime": "2026-12-01T09:01:00Z", "eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging",
                   "sourceIPAddress": "203.0.113.9", "requestParameters": {"name": "trail"}}]}""");
        gzip(bucket.resolve("two.json.gz"), """
                {"Records": [{"eventTime": "2026-12-01T09:02:00Z", "eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy",
                   "sourceIPAddress": "203.0.113.10"}]}""");
        LogFiles files = (name, key) -> Files.newInputStream(dir.resolve(name).resolve(key));
        SqsInputSettings settings = settings(WorkerKind.CLOUDTRAIL, queue, Long.MAX_VALUE);
        inputs.add(new SqsInput(settings, sqs.client, new CloudTrailEvents(files, 1 << 20, "rampart-test", queueName(queue)),
                IntakeSink.of(journal), registry, Clock.systemUTC(), () -> { }).start());
        sqs.send(queue, snsEnvelope(CloudTrailEvents.VALIDATION_MESSAGE));
        sqs.send(queue, snsEnvelope("{\"s3Bucket\": \"bucket\", \"s3ObjectKey\": [\"one.json.gz\", \"two.json.gz\"]}"));

        List<ObjectNode> events = events(3);
        ObjectNode describe = bySummary(events, "198.51.100.7 performed describeInstances in ec2.amazonaws.com");
        assertThat(describe.path("source").asText()).isEqualTo("cloudtrail");
        assertThat(describe.path("category").asText()).as("eventType is one of keyMapping's category keys").isEqualTo("AwsApiCall");
        assertThat(describe.path("processname").asText()).isEqualTo(CloudTrailEvents.PROCESS_NAME);
        assertThat(describe.path("utctimestamp").asText()).isEqualTo("2026-12-01T09:00:00+00:00");
        JsonNode details = describe.path("details");
        assertThat(details.path("eventname").asText()).isEqualTo("DescribeInstances");
        assertThat(details.path("eventVerb").asText()).isEqualTo("Describe");
        assertThat(details.path("eventReadOnly").asBoolean()).isTrue();
        assertThat(details.path("useridentity").path("userName").asText()).isEqualTo("alice");
        assertThat(details.path("awsregion").asText()).isEqualTo("us-west-2");
        ObjectNode stop = bySummary(events, "203.0.113.9 performed StopLogging in cloudtrail.amazonaws.com");
        assertThat(stop.path("category").asText()).isEqualTo("cloudtrail");
        assertThat(stop.path("details").path("eventReadOnly").asBoolean()).isFalse();
        assertThat(stop.path("details").path("requestparameters").path("name").asText()).isEqualTo("trail");
        bySummary(events, "203.0.113.10 performed PutBucketPolicy in s3.amazonaws.com");
        await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messages(queue) == 0);
    }

    @Test
    void cloudTrailLogFilesComeFromS3WithTheSdkAndAnUnreadableOneIsRetried() throws Exception {
        BlobStoreContext blobs = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        S3Proxy s3 = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "x", "x").build();
        s3.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3.getState()));
            BlobStore store = blobs.getBlobStore();
            store.createContainerInLocation(null, "trail-bucket");
            String key = "AWSLogs/123456789012/CloudTrail/us-west-2/2026/12/01/123456789012_CloudTrail_us-west-2_20261201T0900Z_a.json.gz";
            Path file = dir.resolve("trail.json.gz");
            gzip(file, """
                    {"Records": [{"eventTime": "2026-12-01T09:00:00Z", "eventSource": "iam.amazonaws.com",
                      "eventName": "CreateAccessKey", "sourceIPAddress": "192.0.2.44", "userIdentity": {"userName": "bob"}}]}""");
            store.putBlob("trail-bucket", store.blobBuilder(key).payload(Files.readAllBytes(file)).build());

            String queue = sqs.queue("cloudtrail-s3-" + QUEUES.incrementAndGet());
            SqsInputSettings plain = settings(WorkerKind.CLOUDTRAIL, queue, Long.MAX_VALUE);
            SqsInput input = start(new SqsInputSettings(plain.name(), plain.kind(), queue, plain.region(), plain.endpoint(),
                    URI.create("http://127.0.0.1:" + s3.getPort()), "x", "x", "", plain.taskExchange(), plain.waitTime(),
                    10, Duration.ofSeconds(1), 1 << 20, 1 << 20, Long.MAX_VALUE, "rampart-test", ZoneOffset.UTC),
                    IntakeSink.of(journal));
            sqs.send(queue, snsEnvelope("{\"s3Bucket\": \"trail-bucket\", \"s3ObjectKey\": [\"" + key + "\"]}"));
            sqs.send(queue, snsEnvelope("{\"s3Bucket\": \"trail-bucket\", \"s3ObjectKey\": [\"not/there.json.gz\"]}"));

            ObjectNode event = events(1).getFirst();
            assertThat(event.path("summary").asText()).isEqualTo("192.0.2.44 performed CreateAccessKey in iam.amazonaws.com");
            assertThat(event.path("details").path("useridentity").path("userName").asText()).isEqualTo("bob");
            await().atMost(Duration.ofSeconds(30)).until(() -> input.metrics().rejected("sqs_unreadable") >= 2);
            assertThat(sqs.messages(queue)).as("the message naming a missing file stays, for a retry").isEqualTo(1);
        } finally {
            s3.stop();
            blobs.close();
        }
    }

    @Test
    void malformedMessagesAndOversizedEventsAreDeletedAndCounted() throws Exception {
        String queue = sqs.queue("malformed-" + QUEUES.incrementAndGet());
        SqsInputSettings plain = settings(WorkerKind.SQS, queue, Long.MAX_VALUE);
        int maxEventSize = 2_000;
        SqsInput input = start(new SqsInputSettings(plain.name(), plain.kind(), queue, plain.region(), plain.endpoint(), null,
                "x", "x", "", plain.taskExchange(), plain.waitTime(), 10, plain.visibilityTimeout(), 1 << 20, maxEventSize,
                Long.MAX_VALUE, "rampart-test", ZoneOffset.UTC), IntakeSink.of(journal));
        sqs.send(queue, "this is { not json");
        sqs.send(queue, "[1, 2, 3]");
        sqs.send(queue, "{\"summary\": \"" + "x".repeat(maxEventSize) + "\"}");
        sqs.send(queue, "{\"summary\": \"good\"}");

        assertThat(events(1).getFirst().path("summary").asText()).isEqualTo("good");
        await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messages(queue) == 0);
        assertThat(input.metrics().rejected("sqs_malformed")).isEqualTo(2);
        assertThat(input.metrics().rejected("sqs_too_large")).isEqualTo(1);
        assertThat(journal.appendedRecords()).isEqualTo(1);
    }

    @Test
    void whileTheJournalIsFullMessagesStayInTheQueue() throws Exception {
        String queue = sqs.queue("full-" + QUEUES.incrementAndGet());
        journal.append(List.of(new JournalRecord(new EventIds(Clock.systemUTC()).next(), "{}".getBytes(StandardCharsets.UTF_8))));
        SqsInput input = start(settings(WorkerKind.SQS, queue, 1), IntakeSink.of(journal));
        sqs.send(queue, "{\"summary\": \"waits\"}");

        await().atMost(Duration.ofSeconds(30)).until(() -> input.refusal() != null);
        Thread.sleep(2_000); // several turns of the input's loop: it must not take the message
        assertThat(sqs.messages(queue)).isEqualTo(1);
        assertThat(journal.appendedRecords()).isEqualTo(1);

        journal.checkpoint(journal.durablePosition()); // the pipeline caught up
        readPosition = journal.checkpointPosition();
        assertThat(events(1).getFirst().path("summary").asText()).isEqualTo("waits");
        await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messages(queue) == 0);
    }

    @Test
    void aMessageWhoseWriteWasNotConfirmedComesBackWithTheSameEventIds() throws Exception {
        String queue = sqs.queue("redelivered-" + QUEUES.incrementAndGet());
        IntakeSink journalSink = IntakeSink.of(journal);
        AtomicInteger appends = new AtomicInteger();
        // The first write reaches the journal but its confirmation is lost (a broker's confirm timing out, a crash
        // before the delete): the message must not be deleted, and its second delivery must carry the same ids.
        IntakeSink unconfirmedOnce = new IntakeSink() {
            @Override
            public void append(List<JournalRecord> records) throws IOException {
                journalSink.append(records);
                if (appends.incrementAndGet() == 1) {
                    throw new IOException("confirmation lost");
                }
            }

            @Override
            public JournalHealth health() {
                return journalSink.health();
            }

            @Override
            public String diskShortage() {
                return null;
            }

            @Override
            public long unconsumedBytes() {
                return 0;
            }

            @Override
            public String describe() {
                return "the journal, losing its first confirmation";
            }
        };
        SqsInputSettings settings = settings(WorkerKind.GUARDDUTY, queue, Long.MAX_VALUE);
        start(new SqsInputSettings(settings.name(), settings.kind(), settings.queueUrl(), settings.region(), settings.endpoint(),
                null, "x", "x", "", settings.taskExchange(), Duration.ofSeconds(1), 10, Duration.ofSeconds(1), 1 << 20,
                1 << 20, Long.MAX_VALUE, "rampart-test", ZoneOffset.UTC), unconfirmedOnce);
        ObjectNode message = Json.object();
        message.set("details", guardDutyFinding());
        sqs.send(queue, snsEnvelope(message.toString()));

        List<JournalEntry> entries = entries(10);
        await().atMost(Duration.ofSeconds(30)).until(() -> sqs.messages(queue) == 0);
        List<String> first = entries.subList(0, 5).stream().map(JournalEntry::id).toList();
        List<String> second = entries.subList(5, 10).stream().map(JournalEntry::id).toList();
        assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
        assertThat(first).allMatch(EventIds::mayBeStored);
        assertThat(new String(entries.get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo(new String(entries.get(5).payload(), StandardCharsets.UTF_8));
    }

    private SqsInput start(SqsInputSettings settings, IntakeSink sink) {
        SqsInput input = SqsInput.start(settings, sink, registry, Clock.systemUTC());
        inputs.add(input);
        return input;
    }

    private SqsInputSettings settings(WorkerKind kind, String queueUrl, long maxUnconsumed) {
        return new SqsInputSettings("test", kind, queueUrl, "us-east-1", sqs.endpoint, null, "x", "x", "",
                queueName(queueUrl), Duration.ofSeconds(1), 10, Duration.ofSeconds(30), 1 << 20, 1 << 20, maxUnconsumed,
                "rampart-test", ZoneOffset.UTC);
    }

    private static String queueName(String queueUrl) {
        return SqsInputSettings.queueName(queueUrl);
    }

    private static JsonNode guardDutyFinding() throws IOException {
        for (JsonNode fixture : Json.MAPPER.readTree(FIXTURES.resolve("guardDuty.json").toFile()).path("cases")) {
            if (fixture.path("id").asText().endsWith("test_defaults")) {
                ObjectNode finding = (ObjectNode) fixture.path("input").path("details").deepCopy();
                finding.remove("tags"); // the worker puts the message's tags there
                return finding;
            }
        }
        throw new IllegalStateException("guardDuty.json has no test_defaults case");
    }

    private static String snsEnvelope(String message) {
        ObjectNode envelope = Json.object();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", "9f5cb8a9-1b1c-5a3f-8a5e-0d3f2c1b0a99");
        envelope.put("TopicArn", "arn:aws:sns:us-west-2:123456789012:mozdef");
        envelope.put("Message", message);
        envelope.put("Timestamp", "2026-12-01T09:05:00.000Z");
        return envelope.toString();
    }

    private static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static ObjectNode bySummary(List<ObjectNode> events, String summary) {
        return events.stream().filter(e -> summary.equals(e.path("summary").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no event with summary " + summary + " in " + events));
    }

    /** The next {@code count} events journaled (fails when they do not come). */
    private List<ObjectNode> events(int count) throws Exception {
        List<ObjectNode> events = new ArrayList<>();
        for (JournalEntry entry : entries(count)) {
            events.add((ObjectNode) Json.MAPPER.readTree(entry.payload()));
        }
        return events;
    }

    private List<JournalEntry> entries(int count) throws Exception {
        List<JournalEntry> entries = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (entries.size() < count && System.nanoTime() < deadline) {
            JournalBatch batch = journal.read(readPosition, count - entries.size(), Duration.ofMillis(500));
            entries.addAll(batch.entries());
            readPosition = batch.next();
        }
        assertThat(entries).hasSize(count);
        Thread.sleep(500);
        assertThat(journal.read(readPosition, 1, Duration.ZERO).entries()).as("no more events than expected").isEmpty();
        return entries;
    }
}
