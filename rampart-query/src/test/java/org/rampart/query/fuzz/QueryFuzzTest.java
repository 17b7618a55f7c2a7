package org.rampart.query.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rampart.query.BooleanMatch;
import org.rampart.query.QueryJson;
import org.rampart.query.SearchQuery;
import org.rampart.query.tree.QueryTree;
import org.rampart.event.Json;

/**
 * Queries come from outside: {@code ./rampart search}, the query API's JSON bodies, alert configs. A bad one is an
 * IllegalArgumentException (a 400 over REST) and nothing else; a good one survives being written and read again.
 */
class QueryFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void anyQueryStringParsesOrIsRefused(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        QueryTree tree;
        try {
            tree = QueryTree.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal says why").isNotBlank();
            return;
        }
        assertThat(QueryTree.parse(text)).as("parsing is deterministic").isEqualTo(tree);
    }

    @FuzzTest(maxDuration = "5m")
    void anyQueryBodyReadsOrIsRefused(byte[] body) throws IOException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return; // not JSON: RequestBodies answers 400 before the query is read
        }
        QueryJson.Request request;
        QueryTree tree;
        try {
            request = QueryJson.readRequest(node);
            SearchQuery q = request.query();
            tree = QueryTree.of(new BooleanMatch(q.must(), q.mustNot(), q.should()));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal says why").isNotBlank();
            return;
        }
        JsonNode written = QueryJson.write(request.query());
        SearchQuery again = QueryJson.read(written);
        assertThat(QueryJson.write(again)).as("written, read and written again").isEqualTo(written);
        assertThat(QueryTree.of(new BooleanMatch(again.must(), again.mustNot(), again.should()))).isEqualTo(tree);
    }
}
