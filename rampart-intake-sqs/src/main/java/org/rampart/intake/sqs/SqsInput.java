package org.rampart.intake.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import org.rampart.event.EventFields;
import org.rampart.event.Json;
import org.rampart.intake.http.IntakeMetrics;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * One SQS queue read by one of MozDef's workers ({@link WorkerKind}) into the intake's sink, on a thread of its own.
 *
 * <p>The delete is the acknowledgement: a message is deleted only after every event made from it is durable in
 * the sink (journal fsynced, or broker confirmed). While the sink refuses (disk below the watermark,
 * {@code journal.max_unconsumed} reached, a failed write) nothing is received, and a message received but not
 * journaled stays in the queue, visible again after the visibility timeout. A message its worker cannot read is
 * deleted, as MozDef does, and counted ({@code rampart_intake_rejected_total{reason="sqs_malformed"}}) and logged
 * with its id, never its body.
 *
 * <p>Each event's id derives from the queue, the message id and the event's place in the message
 * ({@link EventIds#derived}), with the message's sent time as its time: a message received again after a crash
 * between the journal write and the delete gives the same ids, and its events replace their first copies in the
 * store instead of being stored twice.
 */
public final class SqsInput implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsInput.class);
    private static final Duration REFUSED_PAUSE = Duration.ofMillis(500);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(5);

    private final SqsInputSettings settings;
    private final SqsClient sqs;
    private final MessageEvents worker;
    private final IntakeSink sink;
    private final IntakeMetrics metrics;
    private final Clock clock;
    private final Closeable clients;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String refusal;

    SqsInput(SqsInputSettings settings, SqsClient sqs, MessageEvents worker, IntakeSink sink, MeterRegistry registry,
             Clock clock, Closeable clients) {
        this.settings = settings;
        this.sqs = sqs;
        this.worker = worker;
        this.sink = sink;
        this.metrics = new IntakeMetrics(registry);
        this.clock = clock;
        this.clients = clients;
        this.thread = Thread.ofPlatform().name("sqs-" + settings.name()).daemon().unstarted(this::poll);
    }

    /** Starts reading the queue {@code settings} names, with the AWS SDK's clients. */
    public static SqsInput start(SqsInputSettings settings, IntakeSink sink, MeterRegistry registry, Clock clock) {
        AwsClients clients = new AwsClients(settings);
        try {
            MessageEvents worker = switch (settings.kind()) {
                case SQS -> new TaskEvents(settings.mozdefHostname(), settings.taskExchange());
                case SNS -> new SnsEvents(settings.mozdefHostname(), settings.taskExchange());
                case CLOUDTRAIL -> new CloudTrailEvents(clients.logFiles(), settings.maxObjectSize(),
                        settings.mozdefHostname(), settings.taskExchange());
                case GUARDDUTY -> new GuardDutyEvents(settings.mozdefHostname(), settings.taskExchange());
            };
            return new SqsInput(settings, clients.sqs(), worker, sink, registry, clock, clients).start();
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    SqsInput start() {
        thread.start();
        LOG.info("{}: reading", settings);
        return this;
    }

    /**
     * This input's counters: {@code accepted}; rejected {@code sqs_malformed} (deleted), {@code sqs_too_large} (an
     * event left out), {@code sqs_unreadable} (left for a retry), {@code sqs_refused} (the sink refused; left).
     */
    public IntakeMetrics metrics() {
        return metrics;
    }

    /** Why the input is not receiving now (the sink refuses, or the queue cannot be read), or null while it reads. */
    public String refusal() {
        return refusal;
    }

    /** The input's name ({@code sqs.inputs.<name>}). */
    public String name() {
        return settings.name();
    }

    private void poll() {
        ReceiveMessageRequest receive = ReceiveMessageRequest.builder().queueUrl(settings.queueUrl())
                .maxNumberOfMessages(settings.maxMessages()).waitTimeSeconds((int) settings.waitTime().toSeconds())
                .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP).build();
        try {
            while (!closed) {
                String refused;
                try {
                    refused = sinkRefusal();
                    if (refused == null) {
                        List<Message> messages = sqs.receiveMessage(receive).messages();
                        if (!messages.isEmpty()) {
                            refused = take(messages);
                        }
                    }
                } catch (SdkException e) {
                    if (closed) {
                        return;
                    }
                    pause("the queue cannot be read: " + e.getMessage(), ERROR_PAUSE);
                    continue;
                } catch (RuntimeException e) {
                    LOG.error("{}: unexpected failure; retrying", settings, e);
                    pause("unexpected failure: " + e, ERROR_PAUSE);
                    continue;
                }
                pause(refused, REFUSED_PAUSE);
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    /** Logs when refusing starts and ends, not at every turn, and waits a little while it lasts. */
    private void pause(String why, Duration pause) throws InterruptedException {
        if (why == null) {
            if (refusal != null) {
                LOG.info("{}: reading again", settings);
            }
            refusal = null;
            return;
        }
        if (refusal == null) {
            LOG.warn("{}: not receiving: {}", settings, why);
        }
        refusal = why;
        Thread.sleep(pause);
    }

    private String sinkRefusal() {
        String shortage = sink.diskShortage();
        if (shortage != null) {
            return shortage;
        }
        return sink.unconsumedBytes() > settings.maxUnconsumed()
                ? "the pipeline is behind (journal.max_unconsumed reached)" : null;
    }

    /**
     * Journals the events of {@code messages}, then deletes the messages they came from and the malformed ones.
     * Returns why the sink refused them (they stay in the queue), or null.
     */
    private String take(List<Message> messages) {
        List<JournalRecord> records = new ArrayList<>();
        List<Message> done = new ArrayList<>();
        List<Message> malformed = new ArrayList<>();
        for (Message message : messages) {
            Instant sent = sentTime(message);
            try {
                List<ObjectNode> events = worker.events(message.body(), Clock.fixed(sent, settings.zone()));
                List<JournalRecord> built = new ArrayList<>(events.size());
                for (int i = 0; i < events.size(); i++) {
                    byte[] json = json(events.get(i));
                    if (json.length > settings.maxEventSize()) {
                        // As HTTP intake refuses such an event; the others of the message go on.
                        metrics.reject("sqs_too_large");
                        LOG.warn("{}: event {} of message {} left out: {} bytes, more than intake.max_event_size",
                                settings, i, message.messageId(), json.length);
                        continue;
                    }
                    built.add(new JournalRecord(EventIds.derived(sent, settings.queueUrl() + '\n' + message.messageId() + '\n' + i), json));
                }
                records.addAll(built);
                done.add(message);
            } catch (MalformedMessage e) {
                metrics.reject("sqs_malformed");
                LOG.warn("{}: message {} deleted: {}", settings, message.messageId(), e.getMessage());
                malformed.add(message);
            } catch (IOException | SdkException e) {
                metrics.reject("sqs_unreadable");
                LOG.warn("{}: message {} left in the queue for a retry: {}", settings, message.messageId(), e.getMessage());
            }
        }
        String refused = null;
        if (!records.isEmpty()) {
            try {
                sink.append(records);
                metrics.accepted("sqs", settings.name(), records.size());
            } catch (IOException | IllegalStateException e) {
                metrics.reject("sqs_refused", done.size());
                refused = sink.describe() + " could not be written: " + e.getMessage();
                done.clear();
            }
        }
        done.addAll(malformed);
        delete(done);
        return refused;
    }

    private static byte[] json(ObjectNode event) {
        event.put(EventFields.PREBUILT, true);
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** SQS's SentTimestamp (the same on every delivery); now when a server does not give it. */
    private Instant sentTime(Message message) {
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        try {
            return sent == null ? clock.instant() : Instant.ofEpochMilli(Long.parseLong(sent));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }

    /** Deletes; a message whose delete fails is received again, and its events replace their first copies. */
    private void delete(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(settings.queueUrl()).entries(entries));
            response.failed().forEach(f -> LOG.warn("{}: deleting message {} failed ({}): it will be received again",
                    settings, messages.get(Integer.parseInt(f.id())).messageId(), f.code()));
        } catch (SdkException e) {
            LOG.warn("{}: deleting {} messages failed ({}): they will be received again", settings, messages.size(),
                    e.getMessage());
        }
    }

    /**
     * Stops receiving; messages received and not yet journaled stay in the queue and come back after the visibility
     * timeout. The thread is never interrupted (an interrupt during a journal write would close the journal's file):
     * closing the clients ends a long poll in progress.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            thread.join(Duration.ofSeconds(1));
            clients.close();
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
