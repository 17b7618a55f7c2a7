package org.rampart.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

class QueryJsonTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void readsTheDocumentedExample() throws Exception {
        QueryJson.Request request = QueryJson.readRequest(json("{'minutes':15,"
                + "'must':[{'term':{'category':'bro'}},{'query_string':'summary:failed'}],'must_not':[],'should':[],"
                + "'aggregations':[{'field':'details.sourceipaddress'}],'indices':['events'],'size':100}"));
        SearchQuery q = request.query();
        assertThat(q.lookback()).contains(Duration.ofMinutes(15));
        assertThat(q.must()).containsExactly(new TermMatch("category", "bro"), new QueryStringMatch("summary:failed"));
        assertThat(q.aggregations()).containsExactly(new TermsAggregation("details.sourceipaddress", 20));
        assertThat(request.indices()).containsExactly("events");
        assertThat(request.size()).isEqualTo(100);
    }

    @Test
    void defaultsAreMozDefs() throws Exception {
        QueryJson.Request request = QueryJson.readRequest(json("{}"));
        assertThat(request.indices()).containsExactly("events", "events-previous");
        assertThat(request.size()).isEqualTo(1000);
        assertThat(request.query().lookback()).isEmpty();
        assertThat(request.query().from()).isEmpty();
    }

    @Test
    void everyMatcherSurvivesARoundTrip() {
        SearchQuery q = SearchQuery.between(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"))
                .addMust(new TermMatch("details.port", 22L), new TermsMatch("category", List.of("a", "b")),
                        new WildcardMatch("hostname", "web*"), new PhraseMatch("summary", "failed login"),
                        new RangeMatch("details.n", 1L, null), new LessThanMatch("details.ratio", new BigDecimal("0.5")),
                        new SubnetMatch("details.sourceipaddress", "10.0.0.0/8"), new ExistsMatch("details.x"))
                .addMustNot(new MissingMatch("summary"), new TermMatch("details.success", true))
                .addShould(new BooleanMatch(List.of(new QueryStringMatch("a:b")), List.of(), List.of(
                        new TermMatch("c", "d"))))
                .addAggregation(new TermsAggregation("details.username", 5))
                .sortBy("utctimestamp", true);
        JsonNode written = QueryJson.write(q);
        SearchQuery read = QueryJson.read(written);
        assertThat(read.must()).isEqualTo(q.must());
        assertThat(read.mustNot()).isEqualTo(q.mustNot());
        assertThat(read.should()).isEqualTo(q.should());
        assertThat(read.aggregations()).isEqualTo(q.aggregations());
        assertThat(read.from()).isEqualTo(q.from());
        assertThat(read.to()).isEqualTo(q.to());
        assertThat(read.sortOrder()).contains(new SortOrder("utctimestamp", true));
        assertThat(QueryJson.write(read)).isEqualTo(written);
    }

    @Test
    void relativeWindowsAreWrittenInTheirLargestWholeUnit() {
        assertThat(QueryJson.write(SearchQuery.days(2)).get("days").asLong()).isEqualTo(2);
        assertThat(QueryJson.write(SearchQuery.hours(3)).get("hours").asLong()).isEqualTo(3);
        assertThat(QueryJson.write(SearchQuery.minutes(90)).get("minutes").asLong()).isEqualTo(90);
        assertThat(QueryJson.write(SearchQuery.lookback(Duration.ofSeconds(5))).get("seconds").asLong()).isEqualTo(5);
    }

    @Test
    void unknownKeysAreRejectedByName() {
        assertThatThrownBy(() -> QueryJson.read(json("{'minutes':5,'mustt':[]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mustt");
        assertThatThrownBy(() -> QueryJson.read(json("{'must':[{'termz':{'a':'b'}}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("termz");
        assertThatThrownBy(() -> QueryJson.read(json("{'must':[{'bool':{'should':[],'nope':[]}}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> QueryJson.read(json("{'must':[{'range':{'a':{'gte':1}}}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gte");
    }

    @Test
    void malformedQueriesAreIllegalArguments() {
        List<String> bad = List.of("[]", "{'minutes':'5'}", "{'minutes':5,'hours':1}", "{'from':'2026-01-01T00:00:00Z'}",
                "{'from':'yesterday','to':'today'}", "{'must':{}}", "{'must':[{'term':{'a':'b','c':'d'}}]}",
                "{'must':[{'term':{'a':null}}]}", "{'must':[{'term':{'a':{'x':1}}}]}", "{'must':[{'subnet':{'a':'x/99'}}]}",
                "{'size':10001}", "{'size':-1}", "{'indices':[]}", "{'aggregations':[{'field':'a','size':0}]}",
                "{'must':[{'exists':''}]}", "{'must':[{}]}", "{'sort':{'field':'a','order':'down'}}",
                "{'sort':{'order':'asc'}}");
        for (String text : bad) {
            assertThatThrownBy(() -> QueryJson.readRequest(json(text))).as(text)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nestingIsBounded() throws Exception {
        String leaf = "{'term':{'a':'b'}}";
        String ok = leaf;
        for (int i = 0; i < QueryJson.MAX_DEPTH - 1; i++) {
            ok = "{'bool':{'must':[" + ok + "]}}";
        }
        assertThat(QueryJson.read(json("{'must':[" + ok + "]}")).must()).hasSize(1);
        String tooDeep = "{'bool':{'must':[" + ok + "]}}";
        assertThatThrownBy(() -> QueryJson.read(json("{'must':[" + tooDeep + "]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested");
    }
}
