package org.rampart.intake.sqs;

import static org.rampart.event.EventFields.CATEGORY;
import static org.rampart.event.EventFields.DETAILS;
import static org.rampart.event.EventFields.PROCESSID;
import static org.rampart.event.EventFields.PROCESSNAME;
import static org.rampart.event.EventFields.SEVERITY;
import static org.rampart.event.EventFields.SOURCE;
import static org.rampart.event.EventFields.SUMMARY;
import static org.rampart.event.EventFields.TAGS;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.rampart.event.Json;
import org.rampart.event.PythonText;
import org.rampart.event.normalize.Normalizer;

/**
 * esworker_cloudtrail: the notification's {@code Message} names new log files ({@code s3Bucket},
 * {@code s3ObjectKey[]}); each is read from S3, gunzipped, and each entry of its {@code Records} becomes an event.
 * The notification CloudTrail sends when a trail is set up ("CloudTrail validation message.") holds none.
 *
 * <p>The event, as MozDef's cloudtrail keyMapping makes it: presets {@code source} and {@code category}
 * {@code cloudtrail}, {@code processid} (this process), {@code processname} {@value #PROCESS_NAME}, {@code tags =
 * [task exchange]}, {@code severity = INFO}; {@code summary = "<sourceIPAddress> performed <eventName> in
 * <eventSource>"}; {@code eventName} with its first letter upper-cased, {@code details.eventVerb} (its leading
 * capitalised word) and {@code details.eventReadOnly} (the verb is Describe, Get or List); then the usual key aliases
 * ({@code eventTime} → the timestamps, {@code eventType} → {@code category}) and every other key into
 * {@code details} under its lower-cased name ({@link Normalizer.Variant#CLOUDTRAIL}).
 */
final class CloudTrailEvents implements MessageEvents {
    static final String VALIDATION_MESSAGE = "CloudTrail validation message.";
    static final String PROCESS_NAME = "rampart";
    private static final Pattern VERB = Pattern.compile("^([A-Z][^A-Z]*)");
    private static final Set<String> READ_ONLY_VERBS = Set.of("Describe", "Get", "List");

    private final LogFiles files;
    private final long maxObjectSize;
    private final String mozdefHostname;
    private final String taskExchange;

    CloudTrailEvents(LogFiles files, long maxObjectSize, String mozdefHostname, String taskExchange) {
        this.files = files;
        this.maxObjectSize = maxObjectSize;
        this.mozdefHostname = mozdefHostname;
        this.taskExchange = taskExchange;
    }

    @Override
    public List<ObjectNode> events(String body, Clock now) throws MalformedMessage, IOException {
        ObjectNode envelope = MessageBodies.object(body);
        if (VALIDATION_MESSAGE.equals(envelope.path("Message").asText(null))) {
            return List.of();
        }
        ObjectNode message = MessageBodies.snsMessage(envelope);
        String bucket = message.path("s3Bucket").asText("");
        JsonNode keys = message.path("s3ObjectKey");
        if (bucket.isEmpty() || !keys.isArray()) {
            throw new MalformedMessage("the notification names no s3Bucket and s3ObjectKey list");
        }
        Normalizer normalizer = new Normalizer(now, mozdefHostname, Normalizer.Variant.CLOUDTRAIL);
        List<ObjectNode> events = new ArrayList<>();
        for (JsonNode key : keys) {
            for (JsonNode record : records(bucket, key.asText())) {
                if (record instanceof ObjectNode object) {
                    events.add(event(normalizer, object));
                }
            }
        }
        return events;
    }

    /** The file's {@code Records}; a file that is not gzip of a JSON object with them holds none we can read. */
    private JsonNode records(String bucket, String key) throws IOException, MalformedMessage {
        JsonNode log;
        try (InputStream in = new BoundedStream(new GZIPInputStream(files.open(bucket, key)), maxObjectSize,
                "s3://" + bucket + "/" + key)) {
            log = Json.MAPPER.readTree(in);
        } catch (JacksonException | java.util.zip.ZipException e) {
            throw new MalformedMessage("s3://" + bucket + "/" + key + " is not gzip of a JSON document: " + e.getMessage());
        }
        return log == null ? Json.MAPPER.createArrayNode() : log.path("Records");
    }

    private ObjectNode event(Normalizer normalizer, ObjectNode record) {
        ObjectNode presets = Json.object();
        presets.put(SOURCE, "cloudtrail");
        presets.put(CATEGORY, "cloudtrail");
        presets.put(PROCESSID, Long.toString(ProcessHandle.current().pid()));
        presets.put(PROCESSNAME, PROCESS_NAME);
        presets.putArray(TAGS).add(taskExchange);
        presets.put(SEVERITY, "INFO");
        if (record.has("sourceIPAddress") && record.has("eventName") && record.has("eventSource")) {
            presets.put(SUMMARY, PythonText.str(record.get("sourceIPAddress")) + " performed "
                    + PythonText.str(record.get("eventName")) + " in " + PythonText.str(record.get("eventSource")));
        }
        ObjectNode mapped = record;
        String name = record.path("eventName").asText("");
        if (!name.isEmpty()) {
            mapped = record.deepCopy();
            String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            mapped.put("eventName", capitalised);
            Matcher verb = VERB.matcher(capitalised);
            if (verb.find()) {
                ObjectNode details = presets.putObject(DETAILS);
                details.put("eventVerb", verb.group(1));
                details.put("eventReadOnly", READ_ONLY_VERBS.contains(verb.group(1)));
            }
        }
        return normalizer.keyMapping(mapped, presets);
    }
}
