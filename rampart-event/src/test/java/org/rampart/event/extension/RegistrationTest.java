package org.rampart.event.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

/** MozDef's registration semantics (dict2List): keys and string values, lower-cased, at any depth; numbers never. */
class RegistrationTest {

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "sshd      | {\"processname\": \"sshd\"}                  | true",
            "sshd      | {\"processname\": \"SSHD\"}                  | true",
            "SSHD      | {\"processname\": \"sshd\"}                  | true",
            "details   | {\"details\": {\"a\": 1}}                    | true",
            "portscan  | {\"tags\": [\"x\", [\"PortScan\"]]}          | true",
            "deep      | {\"a\": [{\"b\": {\"c\": \"deep\"}}]}        | true",
            "ssh       | {\"processname\": \"sshd\"}                  | false",
            "22        | {\"details\": {\"port\": 22}}                | false",
            "22        | {\"details\": {\"port\": \"22\"}}            | true",
            "1.5       | {\"v\": 1.5}                                 | false",
            "true      | {\"v\": true}                                | false",
            "null      | {\"v\": null}                                | false",
            "*         | {}                                           | true",
    })
    void matchesMozDefsWay(String term, String document, boolean matches) throws Exception {
        JsonNode doc = Json.MAPPER.readTree(document);
        assertThat(Registration.of(term).matches(doc)).isEqualTo(matches);
    }

    @Test
    void anIndexTellsWhichOfManyRegistrationsADocumentMatches() throws Exception {
        RegistrationIndex index = RegistrationIndex.of(List.of(Registration.of("bro"), Registration.ALL,
                Registration.of("cloudtrail", "Ünïcode"), Registration.of("nothing")));
        RegistrationIndex.Seen seen = index.seen();
        seen.collect(Json.MAPPER.readTree("{\"category\": \"BRO\", \"x\": \"ÜNÏCODE\"}"));
        assertThat(List.of(seen.matches(0), seen.matches(1), seen.matches(2), seen.matches(3)))
                .containsExactly(true, true, true, false);
        seen.clear();
        seen.collect(Json.MAPPER.readTree("{}"));
        assertThat(List.of(seen.matches(0), seen.matches(1), seen.matches(2))).containsExactly(false, true, false);
        assertThat(index.matchesAll(1)).isTrue();
        assertThat(index.matchesAll(0)).isFalse();
    }

    @Test
    void aWalkForTheLaterRegistrationsAnswersForThemAsAFullWalkDoes() throws Exception {
        // "İstanbul" (8 chars) lowercases to "i̇stanbul" (9): up to position 3 a non-ASCII term makes every string a
        // candidate whatever its length; from position 4 on only strings of the lengths of "sshd" and "vulnerability".
        RegistrationIndex index = RegistrationIndex.of(List.of(Registration.of("bro"), Registration.of("netflow"),
                Registration.ALL, Registration.of("\u0130stanbul"), Registration.of("sshd", "vulnerability")));
        List<String> documents = List.of("{\"category\": \"bro\", \"program\": \"SSHD\"}",
                "{\"tags\": [\"Vulnerability\"], \"city\": \"\u0130stanbul\"}", "{\"category\": \"netflow\"}");
        for (String document : documents) {
            JsonNode doc = Json.MAPPER.readTree(document);
            RegistrationIndex.Seen all = index.seen();
            all.collect(doc);
            for (int from = 0; from < 5; from++) {
                RegistrationIndex.Seen later = index.seen();
                later.collectFor(doc, from);
                for (int position = from; position < 5; position++) {
                    assertThat(later.matches(position)).as("%s, walked from %d, registration %d", document, from, position)
                            .isEqualTo(all.matches(position));
                }
            }
        }
        RegistrationIndex.Seen later = index.seen();
        later.collectFor(Json.MAPPER.readTree(documents.get(1)), 3);
        assertThat(List.of(later.matches(3), later.matches(4))).containsExactly(true, true);
        later.clear();
        later.collectFor(Json.MAPPER.readTree(documents.get(0)), 4);
        assertThat(later.matches(4)).isTrue();
        later.clear();
        later.collectFor(Json.MAPPER.readTree(documents.get(2)), 4);
        assertThat(later.matches(4)).isFalse();
    }

    @Test
    void aRegistrationNeedsATerm() {
        assertThatThrownBy(() -> Registration.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"*\" for everything");
    }
}
