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
    void aRegistrationNeedsATerm() {
        assertThatThrownBy(() -> Registration.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"*\" for everything");
    }
}
