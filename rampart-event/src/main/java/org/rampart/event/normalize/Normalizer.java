package org.rampart.event.normalize;

import org.rampart.event.PythonText;
import static org.rampart.event.EventFields.CATEGORY;
import static org.rampart.event.EventFields.DETAILS;
import static org.rampart.event.EventFields.EVENTSOURCE;
import static org.rampart.event.EventFields.FACILITY;
import static org.rampart.event.EventFields.HOSTNAME;
import static org.rampart.event.EventFields.INTAKESOURCE;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.rampart.event.Timestamps;

/**
 * MozDef's {@code esworker_eventtask.keyMapping}: turns any JSON object a shipper sends into a MozDef-format event.
 *
 * <p>Key names have every {@code @} removed and are lower-cased, then mapped: {@code sourceip} →
 * {@code details.eventsourceipaddress}; {@code facility}/{@code source} → {@code source} (and {@code facility},
 * {@code syslogfacility} → {@code facility}); {@code message}/{@code summary} → {@code summary}; {@code payload} →
 * {@code summary}, or {@code details.payload} when the event also has a {@code summary} key;
 * {@code eventtime}/{@code timestamp}/{@code utctimestamp}/{@code date} → {@code utctimestamp} and {@code timestamp};
 * {@code hostname}/{@code source_host}/{@code host} → {@code hostname}; {@code tags} appended;
 * {@code syslogseverity}/{@code severity}/{@code severityvalue}/{@code level}/{@code priority} → {@code severity}
 * (upper case); {@code pid}/{@code processid} → {@code processid}; {@code pname}/{@code processname}/
 * {@code sourcename}/{@code program} → {@code processname}; {@code path}/{@code logger}/{@code file} →
 * {@code eventsource}; {@code type}/{@code eventtype}/{@code category} → {@code category}; {@code fields}/
 * {@code details} merged into {@code details}; {@code fields.x}/{@code details.x} → {@code details.x} (suffix
 * {@code _int} / {@code _float} converts). The last key wins; other keys are dropped; {@code type} is always
 * {@code event}; {@code receivedtimestamp} is now and {@code mozdefhostname} the configured one.
 *
 * <p>Where Rampart deliberately differs from MozDef (conformance/README.md):
 * <ul>
 *   <li>nothing is dropped. A timestamp that does not parse leaves {@code utctimestamp} at the receive time and adds
 *       the tag {@value #TAG_TIMESTAMP_UNPARSEABLE}; a value that cannot be converted ({@code details.x_int:
 *       "five"}, tags that are an object) is left out and adds the tag {@value #TAG_NORMALIZATION_ERROR}. Both
 *       write a sentence naming the key and the value into {@code details.normalization_errors};</li>
 *   <li>key names match exactly (MozDef tests {@code k in ("payload")}, a substring test, so {@code a} became the
 *       summary), and "has a summary" is tested on the normalized key names (MozDef tested the raw names,
 *       case-sensitively);</li>
 *   <li>epochs of any length parse ({@link Timestamps}).</li>
 * </ul>
 * MozDef's nxlog Windows handling ({@code Domain} and {@code SourceModuleType} present) means to add every field
 * to {@code details} as it is, but sits after the loop and copies only the last key; Rampart copies every key
 * (lower-cased, {@code @} removed) except those that already merge into {@code details} ({@code details},
 * {@code fields} and their dotted forms). Instances are immutable and thread-safe.
 *
 * <p>MozDef's SQS workers carry near copies of this mapping; {@link Variant} names the ones Rampart implements.
 */
public final class Normalizer {
    /** Tag of an event whose timestamp did not parse; its {@code utctimestamp} is the receive time. */
    public static final String TAG_TIMESTAMP_UNPARSEABLE = "timestamp_unparseable";
    /** Tag of an event with a value that could not be converted as its key asked; the value was left out. */
    public static final String TAG_NORMALIZATION_ERROR = "normalization_error";

    /**
     * The worker whose copy of keyMapping to follow. {@link #EVENTTASK}: the one above. {@link #SQS}
     * (esworker_sqs): {@code tags} replaces rather than appends, and {@code source} comes from {@code source} alone
     * ({@code facility} sets only {@code facility}). {@link #CLOUDTRAIL} (esworker_cloudtrail): every key that maps to
     * no field goes to {@code details} under its lower-cased name instead of being dropped.
     */
    public enum Variant { EVENTTASK, SQS, CLOUDTRAIL }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PYTHON_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");
    private static final Pattern PYTHON_FLOAT = Pattern.compile(
            "[+-]?(\\d+(_\\d+)*(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)([eE][+-]?\\d+(_\\d+)*)?");

    private final Clock clock;
    private final String mozdefHostname;
    private final Variant variant;

    /** A normalizer reading "now" from {@code clock} (whose zone is the zone of naive timestamps). */
    public Normalizer(Clock clock, String mozdefHostname) {
        this(clock, mozdefHostname, Variant.EVENTTASK);
    }

    /** A normalizer following {@code variant}'s copy of keyMapping. */
    public Normalizer(Clock clock, String mozdefHostname, Variant variant) {
        this.clock = clock;
        this.mozdefHostname = mozdefHostname;
        this.variant = variant;
    }

    /** The MozDef-format event for {@code raw}; never null, never throws, does not change {@code raw}. */
    public ObjectNode keyMapping(ObjectNode raw) {
        return keyMapping(raw, null);
    }

    /**
     * As {@link #keyMapping(ObjectNode)}, starting from the fields a worker presets ({@code presets}' top-level
     * fields, its {@code details} as the details), which the mapped keys then override; {@code presets} may be null.
     */
    public ObjectNode keyMapping(ObjectNode raw, ObjectNode presets) {
        String received = Timestamps.isoformat(clock.instant());
        ObjectNode event = NODES.objectNode();
        event.put(RECEIVEDTIMESTAMP, received);
        event.put(MOZDEFHOSTNAME, mozdefHostname);
        ObjectNode details = event.putObject(DETAILS);
        if (presets != null) {
            presets.properties().forEach(e -> {
                if (e.getKey().equals(DETAILS) && e.getValue() instanceof ObjectNode presetDetails) {
                    details.setAll(presetDetails.deepCopy());
                } else {
                    event.set(e.getKey(), e.getValue().deepCopy());
                }
            });
        }
        if (raw == null) {
            raw = NODES.objectNode();
        }
        boolean hasSummary = false;
        for (Map.Entry<String, JsonNode> field : raw.properties()) {
            hasSummary |= normalizedKey(field.getKey()).equals(SUMMARY);
        }
        boolean nxlogWindows = raw.has("Domain") && raw.has("SourceModuleType");
        for (Map.Entry<String, JsonNode> field : raw.properties()) {
            String k = normalizedKey(field.getKey());
            JsonNode v = field.getValue();
            map(event, details, k, v, hasSummary);
            if (nxlogWindows && !mergesIntoDetails(k)) {
                details.set(k, v.deepCopy());
            }
        }
        if (!event.has(UTCTIMESTAMP)) {
            event.put(UTCTIMESTAMP, received);
        }
        event.put(TYPE, TYPE_EVENT);
        return event;
    }

    private static boolean mergesIntoDetails(String k) {
        return k.equals(DETAILS) || k.equals("fields") || k.startsWith("details.") || k.startsWith("fields.");
    }

    private void map(ObjectNode event, ObjectNode details, String k, JsonNode v, boolean hasSummary) {
        switch (k) {
            case "sourceip" -> details.set("eventsourceipaddress", v.deepCopy());
            case "source" -> event.set(SOURCE, v.deepCopy());
            case "facility" -> {
                if (variant != Variant.SQS) {
                    event.set(SOURCE, v.deepCopy());
                }
                event.put(FACILITY, PythonText.str(v));
            }
            case "syslogfacility" -> event.put(FACILITY, PythonText.str(v));
            case "message", "summary" -> event.put(SUMMARY, PythonText.str(v));
            case "payload" -> {
                if (hasSummary) {
                    details.put("payload", PythonText.str(v));
                } else {
                    event.put(SUMMARY, PythonText.str(v));
                }
            }
            case "eventtime", "timestamp", "utctimestamp", "date" -> timestamp(event, k, v);
            case "hostname", "source_host", "host" -> event.put(HOSTNAME, PythonText.str(v));
            case "tags" -> tags(event, v);
            case INTAKESOURCE -> event.set(INTAKESOURCE, v.deepCopy());
            case "syslogseverity", "severity", "severityvalue", "level", "priority" ->
                    event.put(SEVERITY, PythonText.str(v).toUpperCase(Locale.ROOT));
            case "pid", "processid" -> event.put(PROCESSID, PythonText.str(v));
            case "pname", "processname", "sourcename", "program" -> event.put(PROCESSNAME, PythonText.str(v));
            case "path", "logger", "file" -> event.put(EVENTSOURCE, PythonText.str(v));
            case "type", "eventtype", "category" -> event.put(CATEGORY, PythonText.str(v));
            case "fields", "details" -> {
                if (v instanceof ObjectNode object) {
                    object.properties().forEach(e -> details.set(e.getKey(), e.getValue().deepCopy()));
                } else {
                    details.set("message", v.deepCopy());
                }
            }
            default -> {
                if (k.startsWith("fields.") || k.startsWith("details.")) {
                    oneOffDetail(event, details, k, v);
                } else if (variant == Variant.CLOUDTRAIL) {
                    details.set(k, v.deepCopy());
                }
            }
        }
    }

    /** MozDef's {@code removeAt(k).lower()}. */
    private static String normalizedKey(String key) {
        return (key.indexOf('@') >= 0 ? key.replace("@", "") : key).toLowerCase(Locale.ROOT);
    }

    private void timestamp(ObjectNode event, String k, JsonNode v) {
        Instant parsed = Timestamps.parse(v, clock);
        if (parsed == null) {
            Problems.record(event, TAG_TIMESTAMP_UNPARSEABLE, k, v, "is not a date; utctimestamp is the receive time");
            return;
        }
        String iso = Timestamps.isoformat(parsed);
        event.put(UTCTIMESTAMP, iso);
        event.put(TIMESTAMP, iso);
    }

    private void tags(ObjectNode event, JsonNode v) {
        JsonNode existing = event.get(TAGS);
        ArrayNode tags = existing instanceof ArrayNode list && variant != Variant.SQS ? list : event.putArray(TAGS);
        if (v.isArray()) {
            v.forEach(tag -> tags.add(tag.deepCopy()));
        } else if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            String tag = PythonText.str(v);
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        } else if (!v.isNull()) {
            Problems.record(event, TAG_NORMALIZATION_ERROR, "tags", v, "is neither a list nor a string");
        }
    }

    /** {@code fields.x} / {@code details.x}: MozDef strips every {@code fields.} and {@code details.} from the key. */
    private static void oneOffDetail(ObjectNode event, ObjectNode details, String k, JsonNode v) {
        String name = k.replace("fields.", "").replace("details.", "");
        if (name.endsWith("_int")) {
            JsonNode number = pythonInt(v);
            if (number == null) {
                Problems.record(event, TAG_NORMALIZATION_ERROR, k, v, "is not an integer; left out");
            } else {
                details.set(name, number);
            }
        } else if (name.endsWith("_float")) {
            JsonNode number = pythonFloat(v);
            if (number == null) {
                Problems.record(event, TAG_NORMALIZATION_ERROR, k, v, "is not a finite number; left out");
            } else {
                details.set(name, number);
            }
        } else {
            details.put(name, PythonText.str(v));
        }
    }

    /** Python's {@code int(v)}, or null where it would raise. */
    private static JsonNode pythonInt(JsonNode v) {
        BigInteger value;
        if (v.isIntegralNumber()) {
            value = v.bigIntegerValue();
        } else if (v.isNumber()) {
            if (!Double.isFinite(v.doubleValue())) {
                return null;
            }
            // abs() < 1 first: toBigInteger() of 1e-999999999 would compute a billion-digit power of ten
            BigDecimal decimal = v.decimalValue();
            value = decimal.abs().compareTo(BigDecimal.ONE) < 0 ? BigInteger.ZERO : decimal.toBigInteger();
        } else if (v.isBoolean()) {
            value = v.booleanValue() ? BigInteger.ONE : BigInteger.ZERO;
        } else if (v.isTextual() && v.textValue().length() <= 100 && PYTHON_INT.matcher(v.textValue().strip()).matches()) {
            value = new BigInteger(v.textValue().strip().replace("_", ""));
        } else {
            return null;
        }
        return value.bitLength() < 32 ? NODES.numberNode(value.intValue())
                : value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    /** Python's {@code float(v)}, or null where it would raise or give a value JSON cannot hold (nan, inf). */
    private static JsonNode pythonFloat(JsonNode v) {
        double value;
        if (v.isNumber()) {
            value = v.doubleValue();
        } else if (v.isBoolean()) {
            value = v.booleanValue() ? 1 : 0;
        } else if (v.isTextual() && v.textValue().length() <= 100
                && PYTHON_FLOAT.matcher(v.textValue().strip()).matches()) {
            value = Double.parseDouble(v.textValue().strip().replace("_", ""));
        } else {
            return null;
        }
        return Double.isFinite(value) ? DecimalNode.valueOf(BigDecimal.valueOf(value)) : null;
    }
}
