package org.rampart.pipeline.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rampart.event.testing.RepoRoot;

/**
 * Normalization against MozDef's recorded outputs: keyMapping (esworker_eventtask.json) and the SNS worker
 * (esworker_sns_sqs.json) match MozDef's whole output in every case, except exactly the deliberate differences.
 */
class NormalizerParityTest {
    /**
     * keyMapping's derived cases that record a MozDef behaviour Rampart deliberately fixes (conformance/README.md);
     * what Rampart does instead is asserted in rampart-event's NormalizerTest.
     */
    private static final Set<String> KEY_MAPPING_DIFFERENCES = Set.of(
            "uppercase_summary_and_payload", // summary presence is tested on normalized key names
            "payload_then_uppercase_summary", // same: payload kept in details.payload
            "substring_key_a", // exact key matching
            "substring_key_s", // exact key matching
            "tags_int", // kept, number appended as a tag
            "epoch_micros_string", // epoch digit strings of any length
            "unparseable_timestamp", // kept, receive time, tagged
            "dotted_bad_int", // kept, value left out, tagged
            "nxlog_windows"); // every key copied into details, not only the last

    private static List<CaseResult> run(String file) throws IOException {
        return new MqFixtures().run(RepoRoot.get().resolve("conformance/mq/" + file));
    }

    @Test
    void keyMappingDiffersFromMozDefInExactlyTheDeliberateDifferences() throws IOException {
        List<CaseResult> results = run("esworker_eventtask.json");

        assertThat(results).hasSize(49).allSatisfy(r -> {
            assertThat(r.skipped()).as(r.id()).isNull();
            assertThat(r.passed()).as(r.id() + ": " + r.difference()).isTrue();
        });
        assertThat(results.stream().filter(r -> r.required()).toList()).hasSize(4)
                .allSatisfy(r -> assertThat(r.strict()).as(r.id() + ": " + r.strictDifference()).isTrue());
        assertThat(results.stream().filter(r -> !r.strict()).map(CaseResult::id))
                .containsExactlyInAnyOrderElementsOf(KEY_MAPPING_DIFFERENCES);
    }

    @Test
    void theSnsWorkerMatchesMozDefsWholeIndexedDocument() throws IOException {
        List<CaseResult> results = run("esworker_sns_sqs.json");

        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.skipped()).as(r.id()).isNull();
            assertThat(r.passed()).as(r.id() + ": " + r.difference()).isTrue();
            assertThat(r.strict()).as(r.id() + ": " + r.strictDifference()).isTrue();
        });
    }
}
