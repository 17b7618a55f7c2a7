package org.rampart.event.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RampartConfigTest {
    @TempDir
    Path dir;

    private static RampartConfig defaults() {
        return RampartConfig.load(null, Map.of());
    }

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("rampart.yml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void defaultsRunOnALaptop() {
        RampartConfig c = defaults();
        assertThat(c.path("data.dir")).isEqualTo(Path.of("./data"));
        assertThat(c.string("bind")).isEqualTo("127.0.0.1");
        assertThat(c.integer("intake.port")).isEqualTo(8080);
        assertThat(c.integer("rest.port")).isEqualTo(8081);
        assertThat(c.integer("web.port")).isEqualTo(9090);
        assertThat(c.size("intake.max_body_size")).isEqualTo(10L << 20);
        assertThat(c.size("intake.max_event_size")).isEqualTo(1L << 20);
        assertThat(c.string("intake.token")).isEmpty();
        assertThat(c.size("journal.segment_size")).isEqualTo(64L << 20);
        assertThat(c.duration("journal.group_commit_interval")).isEqualTo(Duration.ofMillis(2));
        assertThat(c.size("journal.max_unconsumed")).isEqualTo(512L << 20);
        assertThat(c.integer("pipeline.workers")).isEqualTo(2);
        assertThat(c.integer("pipeline.batch_size")).isEqualTo(2000);
        assertThat(c.list("plugins.disabled")).isEmpty();
        assertThat(c.path("extensions.dir")).isEqualTo(Path.of("./data/extensions"));
        assertThat(c.string("store.type")).isEqualTo("lucene");
        assertThat(c.duration("store.refresh_interval")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.duration("store.commit_interval")).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.string("mozdef.hostname")).isEmpty();
        assertThat(c.mozdefHostname()).isNotBlank();
        assertThat(c.string("geoip.dir")).isEmpty();
    }

    @Test
    void fileOverridesDefaultsNestedOrDotted() throws IOException {
        RampartConfig c = RampartConfig.load(file("""
                intake:
                  port: 18080
                rest.port: 18081
                plugins:
                  disabled: [broFixup, cloudtrail]
                mozdef:
                  hostname: mozdef1
                """), Map.of());
        assertThat(c.integer("intake.port")).isEqualTo(18080);
        assertThat(c.integer("rest.port")).isEqualTo(18081);
        assertThat(c.integer("web.port")).isEqualTo(9090);
        assertThat(c.list("plugins.disabled")).containsExactly("broFixup", "cloudtrail");
        assertThat(c.mozdefHostname()).isEqualTo("mozdef1");
    }

    @Test
    void environmentOverridesFileAndDefaults() throws IOException {
        Path f = file("intake:\n  port: 18080\nesworker:\n  bulk_amount: 100\n");
        RampartConfig c = RampartConfig.load(f, Map.of(
                "RAMPART_INTAKE_PORT", "28080",
                "RAMPART_WEB_PORT", "29090",
                "RAMPART_ESWORKER_BULK_AMOUNT", "7",
                "RAMPART_PLUGINS_DISABLED", "a, b,,c"));
        assertThat(c.integer("intake.port")).isEqualTo(28080);
        assertThat(c.integer("web.port")).isEqualTo(29090);
        assertThat(c.integer("esworker.bulk_amount")).isEqualTo(7);
        assertThat(c.list("plugins.disabled")).containsExactly("a", "b", "c");
    }

    @Test
    void envNameUpperCasesAndReplacesDotsAndDashes() {
        assertThat(RampartConfig.envName("intake.port")).isEqualTo("RAMPART_INTAKE_PORT");
        assertThat(RampartConfig.envName("esworker.bulk_amount")).isEqualTo("RAMPART_ESWORKER_BULK_AMOUNT");
        assertThat(RampartConfig.envName("store.open-search.url")).isEqualTo("RAMPART_STORE_OPEN_SEARCH_URL");
    }

    @Test
    void referencesFollowTheDataDir() {
        RampartConfig c = RampartConfig.load(null, Map.of("RAMPART_DATA_DIR", "/srv/rampart"));
        assertThat(c.path("extensions.dir")).isEqualTo(Path.of("/srv/rampart/extensions"));
        assertThat(c.with(Map.of("data.dir", "/tmp/x")).path("extensions.dir")).isEqualTo(Path.of("/tmp/x/extensions"));
    }

    @Test
    void referenceCycleIsReported() throws IOException {
        RampartConfig c = RampartConfig.load(file("a: \"${b}\"\nb: \"${a}\"\n"), Map.of());
        assertThatThrownBy(() -> c.string("a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    }

    @Test
    void withReturnsACopy() {
        RampartConfig base = defaults();
        RampartConfig changed = base.with(Map.of("intake.port", "0", "data.dir", dir.toString()));
        assertThat(changed.integer("intake.port")).isZero();
        assertThat(changed.path("data.dir")).isEqualTo(dir);
        assertThat(base.integer("intake.port")).isEqualTo(8080);
    }

    @Test
    void unknownKeyIsRejected() {
        RampartConfig c = defaults();
        assertThat(c.has("intake.port")).isTrue();
        assertThat(c.has("intake.prot")).isFalse();
        assertThatThrownBy(() -> c.integer("intake.prot"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intake.prot");
        assertThatThrownBy(() -> c.with(Map.of("intake.prot", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intake.prot");
    }

    @Test
    void environmentAloneDoesNotCreateKeys() {
        RampartConfig c = RampartConfig.load(null, Map.of("RAMPART_NOT_A_KEY", "1"));
        assertThat(c.has("not.a.key")).isFalse();
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        RampartConfig c = defaults().with(Map.of(
                "intake.port", "eighty", "pipeline.workers", "2.5", "store.refresh_interval", "5 parsecs",
                "intake.max_body_size", "10 furlongs", "intake.token", "maybe"));
        assertThatThrownBy(() -> c.integer("intake.port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intake.port").hasMessageContaining("RAMPART_INTAKE_PORT")
                .hasMessageContaining("'eighty'");
        assertThatThrownBy(() -> c.longValue("pipeline.workers")).hasMessageContaining("'2.5'");
        assertThatThrownBy(() -> c.duration("store.refresh_interval")).hasMessageContaining("'5 parsecs'");
        assertThatThrownBy(() -> c.size("intake.max_body_size")).hasMessageContaining("'10 furlongs'");
        assertThatThrownBy(() -> c.bool("intake.token")).hasMessageContaining("'maybe'");
        assertThatThrownBy(() -> c.path("mozdef.hostname")).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "5s,PT5S", "10m,PT10M", "1h,PT1H", "7d,PT168H", "0s,PT0S"})
    void durations(String text, String expected) {
        assertThat(defaults().with(Map.of("store.commit_interval", text)).duration("store.commit_interval"))
                .isEqualTo(Duration.parse(expected));
    }

    @Test
    void anEmptyDurationIsTheGivenDefault() {
        assertThat(defaults().duration("lifecycle.events.merge_after", null)).isEqualTo(Duration.ofHours(1));
        assertThat(defaults().with(Map.of("lifecycle.events.merge_after", " ")).duration("lifecycle.events.merge_after",
                null)).isNull();
        assertThatThrownBy(() -> defaults().with(Map.of("lifecycle.events.merge_after", "soon"))
                .duration("lifecycle.events.merge_after", null)).hasMessageContaining("'soon'");
    }

    @ParameterizedTest
    @CsvSource({"1048576,1048576", "1MiB,1048576", "512KiB,524288", "2GiB,2147483648", "1KB,1000", "3 MB,3000000",
            "10M,10485760", "7B,7"})
    void sizes(String text, long expected) {
        assertThat(defaults().with(Map.of("journal.segment_size", text)).size("journal.segment_size"))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "on,true", "1,true", "false,false", "no,false", "Off,false", "0,false"})
    void booleans(String text, boolean expected) {
        assertThat(defaults().with(Map.of("intake.token", text)).bool("intake.token")).isEqualTo(expected);
    }

    @Test
    void hugeNumbersAreRejectedNotWrapped() {
        RampartConfig c = defaults().with(Map.of("journal.segment_size", "99999999999TiB",
                "store.commit_interval", "99999999999999999999d"));
        assertThatThrownBy(() -> c.size("journal.segment_size")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.duration("store.commit_interval")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingOrMalformedFileIsAClearError() throws IOException {
        assertThatThrownBy(() -> RampartConfig.load(dir.resolve("nope.yml"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not found");
        Path bad = file("intake: [unclosed\n");
        assertThatThrownBy(() -> RampartConfig.load(bad, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("YAML");
        Path scalar = file("just a string\n");
        assertThatThrownBy(() -> RampartConfig.load(scalar, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("map");
    }

    @Test
    void emptyFileKeepsDefaults() throws IOException {
        assertThat(RampartConfig.load(file(""), Map.of()).integer("intake.port")).isEqualTo(8080);
    }

    @Test
    void geoipDirFallsBackToTheBuildProperty() {
        assertThat(defaults().with(Map.of("geoip.dir", "/opt/geo")).geoipDir()).contains(Path.of("/opt/geo"));
        String before = System.getProperty("rampart.geoip.dir");
        try {
            System.setProperty("rampart.geoip.dir", "/build/geoip");
            assertThat(defaults().geoipDir()).isEqualTo(Optional.of(Path.of("/build/geoip")));
            System.clearProperty("rampart.geoip.dir");
            assertThat(defaults().geoipDir()).isEmpty();
        } finally {
            if (before != null) {
                System.setProperty("rampart.geoip.dir", before);
            }
        }
    }

    @Test
    void zoneIsConfigurable() {
        assertThat(defaults().zone()).isEqualTo(java.time.ZoneId.systemDefault());
        assertThat(defaults().with(Map.of("timezone", "Europe/Berlin")).zone())
                .isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThatThrownBy(() -> defaults().with(Map.of("timezone", "Mars/Olympus")).zone())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mars/Olympus");
    }

    @Test
    void toStringMasksSecrets() {
        String text = defaults().with(Map.of("intake.token", "s3cr3t")).toString();
        assertThat(text).startsWith("RampartConfig{data.dir=./data, ").contains("intake.token=****")
                .contains("intake.port=8080").doesNotContain("s3cr3t");
    }

    @Test
    void namedTokensAreAMapAndMaskedLikeEverySecret() throws Exception {
        Path file = dir.resolve("rampart.yml");
        Files.writeString(file, """
                intake:
                  tokens: {cloudtrail: ct-s3cr3t, syslog: sl-s3cr3t}
                auth:
                  oidc: {client_secret: oidc-s3cr3t}
                """);
        RampartConfig c = RampartConfig.load(file, Map.of("RAMPART_INTAKE_TOKENS_SYSLOG", "from-env"));

        assertThat(c.map("intake.tokens")).containsExactly(Map.entry("cloudtrail", "ct-s3cr3t"), Map.entry("syslog", "from-env"));
        assertThat(defaults().map("intake.tokens")).isEmpty();
        assertThat(c.toString()).contains("intake.tokens.cloudtrail=****").doesNotContain("s3cr3t").doesNotContain("from-env");
        assertThatThrownBy(() -> c.map("intake.port")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a map");
    }

    @Test
    void stringOfAListJoinsWithCommas() {
        RampartConfig c = RampartConfig.load(null, Map.of()).with(Map.of("plugins.disabled", "x,y"));
        assertThat(c.list("plugins.disabled")).isEqualTo(List.of("x", "y"));
        assertThat(c.string("plugins.disabled")).isEqualTo("x,y");
    }

    @Test
    void namedSectionsAreListedInFileOrderAndAnAwsSecretIsMasked() throws Exception {
        RampartConfig c = RampartConfig.load(file("""
                sqs:
                  inputs:
                    trail: {kind: cloudtrail, queue_url: "https://sqs/1/trail", secret_access_key: aws-s3cr3t}
                    findings: {kind: guardduty, queue_url: "https://sqs/1/findings"}
                """), Map.of("RAMPART_SQS_INPUTS_FINDINGS_KIND", "sns"));
        assertThat(c.sections("sqs.inputs")).containsExactly("trail", "findings");
        assertThat(c.string("sqs.inputs.findings.kind")).isEqualTo("sns");
        assertThat(defaults().sections("sqs.inputs")).isEmpty();
        assertThat(c.toString()).contains("sqs.inputs.trail.secret_access_key=****").doesNotContain("aws-s3cr3t");
    }
}
