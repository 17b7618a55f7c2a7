package org.rampart.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rampart.event.Json;

/**
 * Events are attacker-controlled: every bundled plugin, called directly on events whose fields have the wrong
 * type, shape or size, must return (an event or a drop) without throwing.
 */
class OddEventsTest {
    private static final String LONG = "x".repeat(100_000);
    private static final List<String> FIELDS = List.of("summary", "details", "hostname", "processname", "category",
            "source", "type", "tags", "customendpoint", "endpoint", "errors", "mozdef");
    private static final List<String> DETAIL_FIELDS = List.of("sourceipaddress", "destinationipaddress", "src",
            "dst", "srcip", "dstip", "http_x_forwarded_for", "cluster_client_ip", "program", "actor", "tls", "gid",
            "auid", "command", "parentprocess", "kind", "etag", "nagios_hostname", "hostname", "message", "cmdline",
            "requestparameters", "additionaleventdata", "responseelements", "http_user_agent");
    private static final List<String> ODD_VALUES = List.of("null", "5", "-1.5e300", "true", "[]", "[1, [2], {}]",
            "{}", "{\"a\": {\"b\": null}}", "\"\"", "\" \"", "\"(null)\"", "\"1.2.3.4/99\"", "\"::ffff:1.2.3.4\"",
            "\"" + LONG + "\"");

    private static final List<ObjectNode> EVENTS = oddEvents();

    static Stream<Arguments> plugins() {
        return ServiceLoader.load(EventPlugin.class).stream()
                .map(p -> Arguments.of(p.type().getSimpleName(), p));
    }

    private static List<ObjectNode> oddEvents() {
        List<ObjectNode> events = new ArrayList<>();
        for (String field : FIELDS) {
            for (String value : ODD_VALUES) {
                events.add(parse("{\"" + field + "\": " + value + ", \"category\": \"ldap\","
                        + " \"source\": \"cloudtrail\", \"processname\": \"sshd\", \"summary\": \"Accepted x\"}"));
            }
        }
        for (String field : DETAIL_FIELDS) {
            for (String value : ODD_VALUES) {
                events.add(parse("{\"summary\": \"RT_FLOW_SESSION_DENY: session denied " + LONG + "\","
                        + " \"processname\": \"sshd\", \"category\": \"ldap\", \"source\": \"cloudtrail\","
                        + " \"details\": {\"" + field + "\": " + value + ", \"program\": \"su\"}}"));
            }
        }
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            deep.append("{\"Details\": ");
        }
        deep.append("1").append("}".repeat(60));
        events.add(parse(deep.toString()));
        return events;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(json.substring(0, Math.min(200, json.length())), e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugins")
    void noExceptionEscapes(String name, ServiceLoader.Provider<EventPlugin> provider) {
        EventPlugin plugin = provider.get();
        plugin.configure(new PluginContext(() -> "host", null, null));
        for (ObjectNode event : EVENTS) {
            assertThatCode(() -> plugin.onMessage(event.deepCopy(), new EventMetadata(EventContext.at(Clock.systemUTC()))))
                    .as(name + " on " + abbreviated(event)).doesNotThrowAnyException();
        }
    }

    private static String abbreviated(ObjectNode event) {
        String text = event.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
