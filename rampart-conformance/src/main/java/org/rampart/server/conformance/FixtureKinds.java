package org.rampart.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import org.rampart.alerts.conformance.AlertFixtures;
import org.rampart.alerts.plugins.AlertPluginFixtures;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.pipeline.conformance.CaseResult;
import org.rampart.pipeline.conformance.MqFixtures;
import org.rampart.query.spi.StoreProvider;
import org.rampart.server.extensions.ConfiguredExtensions;

/** Every fixture format the runner knows, each backed by the module that owns the behaviour. */
final class FixtureKinds {
    private FixtureKinds() {}

    /** The kinds, alert fixtures on a fresh store of the kind {@code config}'s {@code store.type} names. */
    static List<FixtureKind> all(RampartConfig config) {
        return List.of(new Mq(), new Alerts(config), new AlertPlugins(), new HttpFixtures());
    }

    /** {@code mozdef-alert-fixture/1}: events into a fresh store, one alert run, the expected alert. */
    private static final class Alerts implements FixtureKind {
        private final AlertFixtures fixtures;

        Alerts(RampartConfig config) {
            StoreProvider store = ConfiguredExtensions.of(config).get(StoreProvider.KIND, config.string("store.type").trim());
            // Each fixture's own frozen "now" (MozDef's upstream clock), so time-of-day cases mean what they say.
            fixtures = new AlertFixtures((dir, clock) -> store.open(config, DataLayout.under(dir), clock), null);
        }

        @Override
        public boolean accepts(JsonNode fixture) {
            return AlertFixtures.isAlertFixture(fixture);
        }

        @Override
        public List<Outcome> run(Path file, JsonNode fixture) {
            return fixtures.runFixture(file.toString(), fixture).stream()
                    .map(r -> new Outcome(file.toString(), r.suite() + "#" + r.index() + " " + r.description(),
                            r.passed(), r.passed(), r.difference()))
                    .toList();
        }
    }

    /** {@code mozdef-alert-plugin-fixture/1}: an alert plugin's function with its recorded searches replayed. */
    private static final class AlertPlugins implements FixtureKind {
        @Override
        public boolean accepts(JsonNode fixture) {
            return AlertPluginFixtures.isFixture(fixture);
        }

        @Override
        public List<Outcome> run(Path file, JsonNode fixture) {
            return AlertPluginFixtures.run(file.toString(), fixture, Clock.systemUTC()).stream()
                    .map(r -> new Outcome(file.toString(), r.test() + "#" + r.call(), r.passed(), r.passed(),
                            r.difference()))
                    .toList();
        }
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
