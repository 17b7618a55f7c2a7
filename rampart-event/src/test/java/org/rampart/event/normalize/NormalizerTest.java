package org.rampart.event.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rampart.event.Json;

/** Rampart's own keyMapping behaviour, in particular where it deliberately differs from MozDef. */
class NormalizerTest {
    /** The frozen clock of MozDef's fixture capture (conformance/mq/README.md). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-05-06T07:08:09.123456Z"), ZoneOffset.UTC);

    private static final String NOW = "2031-05-06T07:08:09.123456+00:00";
    private final Normalizer normalizer = new Normalizer(CLOCK, "sample");

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ObjectNode map(String rawJson) {
        return normalizer.keyMapping(json(rawJson));
    }

    @Test
    void keysThatAreSubstringsOfPayloadOrTagsAreDropped() {
        ObjectNode a = map("{\"a\": \"x\"}");
        assertThat(a.has("summary")).isFalse();
        assertThat(a.has("tags")).isFalse();
        ObjectNode s = map("{\"s\": \"y\", \"summary\": \"z\", \"ta\": \"t\", \"load\": \"l\"}");
        assertThat(s.get("summary").asText()).isEqualTo("z");
        assertThat(s.has("tags")).isFalse();
        assertThat(s.get("details")).isEmpty();
    }

    @Test
    void summaryPresenceIsCaseInsensitiveSoPayloadGoesToDetails() {
        for (String raw : new String[] {"{\"SUMMARY\": \"S\", \"payload\": \"p\"}",
                "{\"payload\": \"p\", \"SUMMARY\": \"S\"}", "{\"payload\": \"p\", \"@Summary\": \"S\"}"}) {
            ObjectNode event = map(raw);
            assertThat(event.get("summary").asText()).as(raw).isEqualTo("S");
            assertThat(event.at("/details/payload").asText()).as(raw).isEqualTo("p");
        }
    }

    @Test
    void unparseableTimestampKeepsTheEventAtReceiveTime() {
        ObjectNode event = map("{\"timestamp\": \"not a date at all\", \"summary\": \"x\"}");
        assertThat(event.get("summary").asText()).isEqualTo("x");
        assertThat(event.get("utctimestamp").asText()).isEqualTo(NOW);
        assertThat(event.get("receivedtimestamp").asText()).isEqualTo(NOW);
        assertThat(event.has("timestamp")).isFalse();
        assertThat(event.get("tags")).extracting(JsonNode::asText).containsExactly(Normalizer.TAG_TIMESTAMP_UNPARSEABLE);
        assertThat(event.at("/details/normalization_errors/0").asText())
                .contains("timestamp").contains("'not a date at all'");
        assertThat(event.get("type").asText()).isEqualTo("event");
    }

    @Test
    void aLaterGoodTimestampStillWinsAndAnEarlierOneIsKept() {
        ObjectNode later = map("{\"date\": \"garbage\", \"timestamp\": \"2017-05-25T07:14:15Z\"}");
        assertThat(later.get("utctimestamp").asText()).isEqualTo("2017-05-25T07:14:15+00:00");
        assertThat(later.get("timestamp").asText()).isEqualTo("2017-05-25T07:14:15+00:00");
        assertThat(later.get("tags")).extracting(JsonNode::asText).contains(Normalizer.TAG_TIMESTAMP_UNPARSEABLE);
        ObjectNode earlier = map("{\"timestamp\": \"2017-05-25T07:14:15Z\", \"date\": {\"nested\": 1}}");
        assertThat(earlier.get("utctimestamp").asText()).isEqualTo("2017-05-25T07:14:15+00:00");
    }

    @Test
    void epochDigitStringsOfAnyLengthParse() {
        assertThat(map("{\"timestamp\": \"1500000000123456\"}").get("utctimestamp").asText())
                .isEqualTo("2017-07-14T02:40:00.123456+00:00");
        assertThat(map("{\"timestamp\": \"1500000000123\"}").get("timestamp").asText())
                .isEqualTo("2017-07-14T02:40:00.123000+00:00");
    }

    @Test
    void badIntDetailIsLeftOutAndRecorded() {
        ObjectNode event = map("{\"details.count_int\": \"five\", \"details.ok_int\": \" 1_000 \", \"summary\": \"x\"}");
        assertThat(event.at("/details/count_int").isMissingNode()).isTrue();
        assertThat(event.at("/details/ok_int").asInt()).isEqualTo(1000);
        assertThat(event.get("tags")).extracting(JsonNode::asText).containsExactly(Normalizer.TAG_NORMALIZATION_ERROR);
        assertThat(event.at("/details/normalization_errors/0").asText()).contains("details.count_int").contains("five");
    }

    @Test
    void pythonConversionsOfOneOffDetails() {
        ObjectNode event = map("{\"fields.a_int\": 5.9, \"fields.b_int\": true, \"fields.c_float\": \"1e3\","
                + " \"fields.d_float\": 2, \"fields.e_float\": \"nan\", \"fields.f\": [1, \"x\", null],"
                + " \"fields.g\": 1.0, \"details.fields.h\": \"deep\"}");
        JsonNode details = event.get("details");
        assertThat(details.get("a_int").isIntegralNumber()).isTrue();
        assertThat(details.get("a_int").asInt()).isEqualTo(5);
        assertThat(details.get("b_int").asInt()).isEqualTo(1);
        assertThat(details.get("c_float").isIntegralNumber()).isFalse();
        assertThat(details.get("c_float").asDouble()).isEqualTo(1000.0);
        assertThat(details.get("d_float").asDouble()).isEqualTo(2.0);
        assertThat(details.has("e_float")).isFalse();
        assertThat(details.get("f").asText()).isEqualTo("[1, 'x', None]");
        assertThat(details.get("g").asText()).isEqualTo("1.0");
        assertThat(details.get("h").asText()).isEqualTo("deep");
    }

    @Test
    void nxlogWindowsEventsKeepEveryFieldInDetails() {
        ObjectNode event = map("""
                {"Domain": "CORP", "SourceModuleType": "im_msvistalog", "EventID": 4624, "Hostname": "win1",
                 "details": {"logon": "ok"}}""");
        assertThat(event.get("details")).isEqualTo(map("""
                {"details": {"logon": "ok", "domain": "CORP", "sourcemoduletype": "im_msvistalog", "eventid": 4624,
                 "hostname": "win1"}}""").get("details"));
        assertThat(event.get("hostname").asText()).isEqualTo("win1");
    }

    @Test
    @Timeout(30) // a hang means a billion-digit power of ten is being computed
    void intOfATinyDecimalIsZero() {
        ObjectNode raw = Json.object();
        raw.put("fields.tiny_int", new BigDecimal("1e-999999999"));
        raw.put("fields.neg_int", new BigDecimal("-7.9"));
        ObjectNode event = normalizer.keyMapping(raw);
        assertThat(event.at("/details/tiny_int").asInt()).isZero();
        assertThat(event.at("/details/neg_int").asInt()).isEqualTo(-7);
    }

    @Test
    void numberTagsAreAppendedAndObjectTagsRecorded() {
        ObjectNode number = map("{\"tags\": 5, \"summary\": \"x\"}");
        assertThat(number.get("tags")).extracting(JsonNode::asText).containsExactly("5");
        ObjectNode object = map("{\"tags\": {\"a\": 1}}");
        assertThat(object.get("tags")).extracting(JsonNode::asText).containsExactly(Normalizer.TAG_NORMALIZATION_ERROR);
        assertThat(object.at("/details/normalization_errors/0").asText()).contains("{'a': 1}");
        ObjectNode nullTags = map("{\"tags\": null}");
        assertThat(nullTags.get("tags")).isEmpty();
    }

    @Test
    void valuesAreStringifiedAsPythonDoes() {
        ObjectNode event = map("{\"severity\": true, \"pid\": 12.5, \"hostname\": null, \"category\": [\"a\"],"
                + " \"message\": {\"k\": \"it's\"}}");
        assertThat(event.get("severity").asText()).isEqualTo("TRUE");
        assertThat(event.get("processid").asText()).isEqualTo("12.5");
        assertThat(event.get("hostname").asText()).isEqualTo("None");
        assertThat(event.get("category").asText()).isEqualTo("['a']");
        assertThat(event.get("summary").asText()).isEqualTo("{'k': \"it's\"}");
    }

    @Test
    void rawEventIsNotChangedAndResultSharesNoNodesWithIt() {
        ObjectNode raw = json("{\"details\": {\"a\": {\"b\": 1}}, \"tags\": [\"t\"], \"sourceip\": {\"v\": 4}}");
        ObjectNode before = raw.deepCopy();
        ObjectNode event = normalizer.keyMapping(raw);
        ((ObjectNode) event.at("/details/a")).put("b", 2);
        ((ObjectNode) event.at("/details/eventsourceipaddress")).put("v", 6);
        event.withArray("tags").add("more");
        assertThat(raw).isEqualTo(before);
    }

    @Test
    void nullOrEmptyInputGivesTheMinimalEvent() {
        ObjectNode fromNull = normalizer.keyMapping(null);
        assertThat(fromNull.get("utctimestamp").asText()).isEqualTo(NOW);
        assertThat(fromNull.get("mozdefhostname").asText()).isEqualTo("sample");
        assertThat(fromNull.get("type").asText()).isEqualTo("event");
        assertThat(fromNull.get("details")).isEmpty();
        assertThat(normalizer.keyMapping(json("{}"))).isEqualTo(fromNull);
    }

    @Test
    void naiveTimestampsUseTheClocksZone() {
        Clock newYork = Clock.fixed(Instant.parse("2031-05-06T07:08:09Z"), ZoneId.of("America/New_York"));
        ObjectNode event = new Normalizer(newYork, "h").keyMapping(json("{\"date\": \"2017-05-25 07:14:15\"}"));
        assertThat(event.get("utctimestamp").asText()).isEqualTo("2017-05-25T11:14:15+00:00");
    }

    @Test
    @Timeout(30) // a hang means a huge power of ten is being computed for an extreme exponent
    void hostileValuesNeverThrow() {
        String[] raws = {
            "{\"timestamp\": [1, 2]}", "{\"timestamp\": true}", "{\"timestamp\": 1e400}", "{\"timestamp\": -1}",
            "{\"timestamp\": 99999999999999999999999999999999999999999999}", "{\"date\": \"9999-12-31T23:59:59-12:00\"}",
            "{\"fields.x_int\": \"" + "9".repeat(200) + "\"}", "{\"fields.x_float\": \"1e999\"}",
            "{\"details\": null, \"fields\": 3}", "{\"@\": 1, \"@@\": 2, \"\": 3}", "{\"tags\": [[], {}]}",
            "{\"Domain\": \"D\", \"SourceModuleType\": \"im\"}", "{\"fields.x_int\": 1e-999999999}",
            "{\"fields.x_int\": 1e999999999, \"timestamp\": 1e-999999999, \"date\": 1e999999999}", "{\"message\": \"" + "x".repeat(10_000) + "\"}",
        };
        for (String raw : raws) {
            ObjectNode event = map(raw);
            assertThat(event.get("type").asText()).as(raw).isEqualTo("event");
            assertThat(event.has("utctimestamp")).as(raw).isTrue();
        }
    }

    @Test
    void theSqsVariantReplacesTagsAndTakesSourceFromSourceOnly() {
        Normalizer sqs = new Normalizer(CLOCK, "sample", Normalizer.Variant.SQS);
        ObjectNode event = sqs.keyMapping(json("{\"Tags\": [\"a\"], \"tags\": [\"b\"], \"facility\": \"auth\"}"));
        assertThat(event.get("tags").toString()).isEqualTo("[\"b\"]");
        assertThat(event.has("source")).isFalse();
        assertThat(event.path("facility").asText()).isEqualTo("auth");
        ObjectNode eventtask = map("{\"Tags\": [\"a\"], \"tags\": [\"b\"], \"facility\": \"auth\"}");
        assertThat(eventtask.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(eventtask.path("source").asText()).isEqualTo("auth");
    }

    @Test
    void theCloudTrailVariantKeepsUnmappedKeysInDetailsAndStartsFromThePresets() {
        Normalizer cloudtrail = new Normalizer(CLOCK, "sample", Normalizer.Variant.CLOUDTRAIL);
        ObjectNode presets = json("{\"source\": \"cloudtrail\", \"category\": \"cloudtrail\", \"details\": {\"eventVerb\": \"Get\"}}");
        ObjectNode event = cloudtrail.keyMapping(json("{\"eventName\": \"GetObject\", \"awsRegion\": \"eu-west-1\","
                + " \"eventTime\": \"2026-12-01T09:00:00Z\", \"eventType\": \"AwsApiCall\"}"), presets);
        assertThat(event.path("source").asText()).isEqualTo("cloudtrail");
        assertThat(event.path("category").asText()).isEqualTo("AwsApiCall");
        assertThat(event.path("details").path("eventname").asText()).isEqualTo("GetObject");
        assertThat(event.path("details").path("awsregion").asText()).isEqualTo("eu-west-1");
        assertThat(event.path("details").path("eventVerb").asText()).isEqualTo("Get");
        assertThat(event.path("utctimestamp").asText()).isEqualTo("2026-12-01T09:00:00+00:00");
        assertThat(presets.path("details").has("eventname")).as("the presets are not changed").isFalse();
        assertThat(map("{\"awsRegion\": \"eu-west-1\"}").path("details").has("awsregion"))
                .as("eventtask's keyMapping drops unknown keys").isFalse();
    }
}
