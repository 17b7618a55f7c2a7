package org.rampart.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.rampart.pipeline.conformance.CaseResult;
import org.rampart.pipeline.conformance.MqFixtures;

/** Every fixture format the runner knows, each backed by the module that owns the behaviour. */
final class FixtureKinds {
    private FixtureKinds() {}

    static List<FixtureKind> all() {
        return List.of(new Mq(), new HttpFixtures());
    }

    /** {@code mozdef-mq-fixture/1}: plugins and normalization, checked by the pipeline's own checker. */
    private static final class Mq implements FixtureKind {
        private final MqFixtures fixtures = new MqFixtures();

        @Override
        public boolean accepts(JsonNode fixture) {
            return MqFixtures.isFixture(fixture);
        }

        @Override
        public List<Outcome> run(Path file, JsonNode fixture) throws Exception {
            return fixtures.run(file).stream().map(r -> outcome(file, r)).toList();
        }

        private static Outcome outcome(Path file, CaseResult r) {
            if (r.skipped() != null) {
                // A required case that cannot run is a missing feature; a derived one is only parity.
                return new Outcome(file.toString(), r.id(), !r.required(), false, "not run: " + r.skipped());
            }
            return new Outcome(file.toString(), r.id(), r.passed(), r.strict(), r.difference());
        }
    }
}
