package org.rampart.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventDefaultsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-05-06T07:08:09.123456Z"), ZoneOffset.UTC);
    private static final String NOW = "2031-05-06T07:08:09.123456+00:00";

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    @Test
    void emptyEventGetsTheFullStandardShape() throws Exception {
        ObjectNode event = EventDefaults.addRequiredFields(Json.object(), CLOCK, "mozdef1");
        assertThat(event).isEqualTo(json("""
                {"receivedtimestamp": "%1$s", "utctimestamp": "%1$s", "timestamp": "%1$s",
                 "mozdefhostname": "mozdef1", "type": "event", "tags": [],
                 "category": "UNKNOWN", "hostname": "UNKNOWN", "processid": "UNKNOWN", "processname": "UNKNOWN",
                 "severity": "UNKNOWN", "source": "UNKNOWN", "summary": "UNKNOWN",
                 "details": {}, "mozdef": {"plugins": []}}
                """.formatted(NOW)));
    }

    @Test
    void presentFieldsAreKeptEvenWhenNull() throws Exception {
        ObjectNode event = json("""
                {"utctimestamp": "2017-01-01T00:00:00+00:00", "summary": null, "tags": ["a"], "type": "alert",
                 "details": {"x": 1}, "mozdef": {"plugins": ["broFixup"]}, "mozdefhostname": "other"}
                """);
        EventDefaults.addRequiredFields(event, CLOCK, "mozdef1");
        assertThat(event.get("utctimestamp").asText()).isEqualTo("2017-01-01T00:00:00+00:00");
        assertThat(event.get("timestamp").asText()).isEqualTo(NOW);
        assertThat(event.get("receivedtimestamp").asText()).isEqualTo(NOW);
        assertThat(event.get("summary").isNull()).isTrue();
        assertThat(event.get("tags")).hasSize(1);
        assertThat(event.get("type").asText()).isEqualTo("alert");
        assertThat(event.at("/details/x").asInt()).isEqualTo(1);
        assertThat(event.at("/mozdef/plugins/0").asText()).isEqualTo("broFixup");
        assertThat(event.get("mozdefhostname").asText()).isEqualTo("other");
        assertThat(event.get("source").asText()).isEqualTo("UNKNOWN");
    }

    @Test
    void mozdefObjectWithoutPluginsGetsThem() throws Exception {
        ObjectNode event = EventDefaults.addRequiredFields(json("{\"mozdef\": {\"other\": 1}}"), CLOCK, "h");
        assertThat(event.get("mozdef")).isEqualTo(json("{\"other\": 1, \"plugins\": []}"));
        ObjectNode odd = EventDefaults.addRequiredFields(json("{\"mozdef\": \"text\"}"), CLOCK, "h");
        assertThat(odd.get("mozdef").asText()).isEqualTo("text");
    }
}
