package org.rampart.pipeline.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;

/** A derived case asserts little, but one whose code throws on its input fails like any other. */
class DerivedCaseTest {

    /** An entry point whose code under test throws (registered for the tests in META-INF/services). */
    public static final class ThrowingEntry implements MqEntryPoint {
        @Override
        public String entry() {
            return "throwingForTests";
        }

        @Override
        public boolean supports(String subject) {
            return true;
        }

        @Override
        public Outcome invoke(String subject, ObjectNode input, ObjectNode metadata, PluginContext context,
                              EventContext event, JsonNode environment) {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void aDerivedCaseThatThrowsFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("derived.json");
        Files.writeString(file, """
                {"fixture_format": "mozdef-mq-fixture/1", "subject": "anything", "cases": [],
                 "derived_cases": [{"id": "throws", "origin": "derived", "entry": "throwingForTests",
                                    "input": {"summary": "x"}, "expected": {}}]}
                """);

        List<CaseResult> results = new MqFixtures().run(file);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.required()).isFalse();
            assertThat(r.passed()).isFalse();
            assertThat(r.difference()).isEqualTo("threw java.lang.IllegalStateException: boom");
        });
    }
}
