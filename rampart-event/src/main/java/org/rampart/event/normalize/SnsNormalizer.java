package org.rampart.event.normalize;

import org.rampart.event.PythonText;
import static org.rampart.event.EventFields.CATEGORY;
import static org.rampart.event.EventFields.DETAILS;
import static org.rampart.event.EventFields.HOSTNAME;
import static org.rampart.event.EventFields.MOZDEFHOSTNAME;
import static org.rampart.event.EventFields.PROCESSID;
import static org.rampart.event.EventFields.PROCESSNAME;
import static org.rampart.event.EventFields.RECEIVEDTIMESTAMP;
import static org.rampart.event.EventFields.SEVERITY;
import static org.rampart.event.EventFields.SOURCE;
import static org.rampart.event.EventFields.SUMMARY;
import static org.rampart.event.EventFields.TAGS;
import static org.rampart.event.EventFields.TIMESTAMP;
import static org.rampart.event.EventFields.TYPE;
import static org.rampart.event.EventFields.TYPE_EVENT;
import static org.rampart.event.EventFields.UTCTIMESTAMP;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/**
 * MozDef's {@code esworker_sns_sqs}: the event for one SNS notification read from SQS, before the plugins run.
 *
 * <p>The event starts with {@code receivedtimestamp} now, the configured {@code mozdefhostname},
 * {@code tags = [<task exchange>]}, {@code severity = INFO} and empty {@code details}. The notification's
 * {@code Message} is JSON whose keys map as: {@code type}/{@code category} → {@code category} (and {@code type =
 * event}); {@code processid}/{@code pid} → {@code processid} as text without {@code [ ]}; {@code processname}/
 * {@code pname} → {@code processname}; {@code hostname} → {@code hostname}; {@code time}/{@code timestamp} →
 * {@code timestamp} and {@code utctimestamp}; {@code summary}/{@code payload}/{@code message} → {@code summary}
 * (leading white space removed); {@code source} → {@code source}; {@code fields}/{@code details} merged into
 * {@code details}; any other key → {@code details.<key>}. A {@code Message} that is not a JSON object becomes the
 * summary as it is.
 *
 * <p>As in {@link Normalizer}, Rampart differs from MozDef where MozDef dropped the event or matched keys by
 * substring: key names match exactly (and, as in MozDef, case-sensitively); a timestamp that does not parse leaves
 * {@code utctimestamp} at the receive time with the tag {@link Normalizer#TAG_TIMESTAMP_UNPARSEABLE}; a
 * {@code Message} that is JSON but not an object, and a non-text summary, are kept as text.
 */
public final class SnsNormalizer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private final String mozdefHostname;
    private final String taskExchange;

    /** {@code taskExchange} is MozDef's {@code taskexchange} option (the queue name), the event's first tag. */
    public SnsNormalizer(Clock clock, String mozdefHostname, String taskExchange) {
        this.clock = clock;
        this.mozdefHostname = mozdefHostname;
        this.taskExchange = taskExchange;
    }

    /** The event for the SNS notification {@code sns}; never null, never throws, does not change {@code sns}. */
    public ObjectNode fromNotification(ObjectNode sns) {
        String received = Timestamps.isoformat(clock.instant());
        ObjectNode event = NODES.objectNode();
        event.put(RECEIVEDTIMESTAMP, received);
        event.put(MOZDEFHOSTNAME, mozdefHostname);
        event.putArray(TAGS).add(taskExchange);
        event.put(SEVERITY, "INFO");
        ObjectNode details = event.putObject(DETAILS);
        JsonNode message = sns == null ? null : sns.get("Message");
        if (message == null) {
            return event;
        }
        JsonNode inner = message.deepCopy();
        if (message.isTextual()) {
            try {
                inner = Json.MAPPER.readTree(message.textValue());
            } catch (JacksonException e) {
                inner = null;
            }
        }
        if (!(inner instanceof ObjectNode innerObject)) {
            event.put(SUMMARY, PythonText.str(message));
            return event;
        }
        for (Map.Entry<String, JsonNode> field : innerObject.properties()) {
            map(event, details, field.getKey(), field.getValue(), received);
        }
        return event;
    }

    private void map(ObjectNode event, ObjectNode details, String key, JsonNode value, String received) {
        switch (key) {
            case "type", "category" -> {
                event.set(CATEGORY, value);
                event.put(TYPE, TYPE_EVENT);
            }
            case "processid", "pid" -> event.put(PROCESSID, PythonText.str(value).replace("[", "").replace("]", ""));
            case "processname", "pname" -> event.set(PROCESSNAME, value);
            case "hostname" -> event.set(HOSTNAME, value);
            case "time", "timestamp" -> {
                Instant parsed = Timestamps.parse(value, clock);
                if (parsed == null) {
                    if (!event.has(UTCTIMESTAMP)) {
                        event.put(UTCTIMESTAMP, received);
                    }
                    Problems.record(event, Normalizer.TAG_TIMESTAMP_UNPARSEABLE, key, value,
                            "is not a date; utctimestamp is the receive time");
                } else {
                    String iso = Timestamps.isoformat(parsed);
                    event.put(TIMESTAMP, iso);
                    event.put(UTCTIMESTAMP, iso);
                }
            }
            case "summary", "payload", "message" -> event.put(SUMMARY, PythonText.str(value).stripLeading());
            case "source" -> event.set(SOURCE, value);
            case "fields", "details" -> {
                if (value instanceof ObjectNode object) {
                    object.properties().forEach(e -> details.set(e.getKey(), e.getValue()));
                } else {
                    details.set("message", value);
                }
            }
            default -> details.set(key, value);
        }
    }
}
