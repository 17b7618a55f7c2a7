package org.rampart.query.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rampart.query.BooleanMatch;
import org.rampart.query.ExistsMatch;
import org.rampart.query.LessThanMatch;
import org.rampart.query.Match;
import org.rampart.query.MissingMatch;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.RangeMatch;
import org.rampart.query.SubnetMatch;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;
import org.rampart.query.WildcardMatch;
import org.rampart.query.tree.QueryTree.Bool;
import org.rampart.query.tree.QueryTree.Exists;
import org.rampart.query.tree.QueryTree.Fuzzy;
import org.rampart.query.tree.QueryTree.MatchAll;
import org.rampart.query.tree.QueryTree.Phrase;
import org.rampart.query.tree.QueryTree.Prefix;
import org.rampart.query.tree.QueryTree.Range;
import org.rampart.query.tree.QueryTree.Regexp;
import org.rampart.query.tree.QueryTree.Term;
import org.rampart.query.tree.QueryTree.Terms;
import org.rampart.query.tree.QueryTree.Wildcard;

class QueryTreeTest {

    static Stream<Arguments> queryStrings() {
        Term a = new Term("a", "1");
        Term b = new Term("b", "2");
        return Stream.of(
                Arguments.of("a:1", a),
                Arguments.of("a:1^3", a),
                Arguments.of("failed", new Term("*", "failed")),
                Arguments.of("summary:\"failed password\"", new Phrase("summary", "failed password", 0)),
                Arguments.of("\"x y\"~2", new Phrase("*", "x y", 2)),
                Arguments.of("details.\\*:bro", new Term("details.*", "bro")),
                Arguments.of("a:[1 TO *}", new Range("a", "1", null, true, false)),
                Arguments.of("a:{x TO y]", new Range("a", "x", "y", false, true)),
                Arguments.of("hostname:web*", new Prefix("hostname", "web")),
                Arguments.of("hostname:w?b*1", new Wildcard("hostname", "w?b*1", true)),
                Arguments.of("hostname:/web[0-9]/", new Regexp("hostname", "web[0-9]")),
                Arguments.of("user:alise~1", new Fuzzy("user", "alise", 1)),
                Arguments.of("user:alise~", new Fuzzy("user", "alise", 2)),
                Arguments.of("_exists_:details.note", new Exists("details.note")),
                Arguments.of("details.host:*", new Exists("details.host")),
                Arguments.of("*:*", new MatchAll()),
                Arguments.of("a:1 AND b:2", new Bool(List.of(a, b), List.of(), List.of())),
                Arguments.of("a:1 b:2", new Bool(List.of(), List.of(), List.of(a, b))),
                Arguments.of("a:1 OR b:2", new Bool(List.of(), List.of(), List.of(a, b))),
                // Next to a required clause an optional one only scores: in filter context it is dropped.
                Arguments.of("+a:1 b:2", new Bool(List.of(a), List.of(), List.of())),
                Arguments.of("NOT a:1", new Bool(List.of(), List.of(a), List.of())),
                Arguments.of("b:2 -a:1", new Bool(List.of(), List.of(a), List.of(b))),
                Arguments.of("(a:1 OR b:2) AND NOT c:3", new Bool(
                        List.of(new Bool(List.of(), List.of(), List.of(a, b))), List.of(new Term("c", "3")), List.of())));
    }

    @ParameterizedTest
    @MethodSource("queryStrings")
    void aQueryStringParsesToOneTree(String query, QueryTree expected) {
        assertThat(QueryTree.parse(query)).isEqualTo(expected);
        assertThat(QueryTree.of(new QueryStringMatch(query))).isEqualTo(expected);
    }

    static Stream<Arguments> matchers() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        return Stream.of(
                Arguments.of(new TermMatch("a", 1), new Term("a", 1)),
                Arguments.of(new PhraseMatch("summary", "x y"), new Phrase("summary", "x y", 0)),
                Arguments.of(new TermsMatch("a", List.of("x", "y")), new Terms("a", List.of("x", "y"))),
                Arguments.of(new WildcardMatch("a", "W*"), new Wildcard("a", "W*", false)),
                Arguments.of(new RangeMatch("a", 1, null), new Range("a", 1, null, true, true)),
                Arguments.of(new LessThanMatch("utctimestamp", t), new Range("utctimestamp", null, t, true, false)),
                Arguments.of(new ExistsMatch("a"), new Exists("a")),
                Arguments.of(new MissingMatch("a"), new Bool(List.of(), List.of(new Exists("a")), List.of())),
                Arguments.of(new SubnetMatch("ip", "10.1.0.0/16"), new Range("ip", "10.1.0.0", "10.1.255.255", true, true)),
                Arguments.of(BooleanMatch.anyOf(new TermMatch("a", "1"), new QueryStringMatch("b:2")),
                        new Bool(List.of(), List.of(), List.of(new Term("a", "1"), new Term("b", "2")))));
    }

    @ParameterizedTest
    @MethodSource("matchers")
    void eachMozDefMatcherIsANodeOfTheTree(Match match, QueryTree expected) {
        assertThat(QueryTree.of(match)).isEqualTo(expected);
    }

    @Test
    void nestingIsBoundedBeforeTheParserRecurses() {
        String deep = "(".repeat(16_000) + "a" + ")".repeat(16_000);
        assertThatThrownBy(() -> QueryTree.parse(deep))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("query nests deeper than 100 levels");
        assertThat(QueryTree.parse("(".repeat(100) + "a:1" + ")".repeat(100))).isEqualTo(new Term("a", "1"));
        assertThatThrownBy(() -> QueryTree.parse("(".repeat(101) + "a:1" + ")".repeat(101)))
                .hasMessage("query nests deeper than 100 levels");
        // Parentheses inside a phrase, a regexp or a range are text, not nesting.
        String many = "(".repeat(500);
        assertThat(QueryTree.parse("a:\"" + many + "\"")).isEqualTo(new Phrase("a", many, 0));
        String group = "(".repeat(150) + "x" + ")".repeat(150);
        assertThat(QueryTree.parse("a:/" + group + "/")).isEqualTo(new Regexp("a", group));
        // ... but a closing parenthesis inside one does not hide real nesting after it.
        assertThatThrownBy(() -> QueryTree.parse("a:\"" + ")".repeat(500) + "\" " + "(".repeat(200) + "b" + ")".repeat(200)))
                .hasMessage("query nests deeper than 100 levels");
    }

    @Test
    void matchersNestedTooDeeplyAreRefused() {
        Match deep = new TermMatch("a", "1");
        for (int i = 0; i < 101; i++) {
            deep = BooleanMatch.allOf(deep);
        }
        Match tooDeep = deep;
        assertThatThrownBy(() -> QueryTree.of(tooDeep)).hasMessage("query nests deeper than 100 levels");
    }

    @Test
    void badSyntaxSaysWhatIsWrong() {
        assertThatThrownBy(() -> QueryTree.parse("category:(bro")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad query string: Cannot parse 'category:(bro'");
        assertThatThrownBy(() -> QueryTree.parse("a:/[/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad query string: bad regular expression /[/");
        assertThatThrownBy(() -> QueryTree.parse("a:\"unclosed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad query string:");
    }

    @Test
    void aRegularExpressionThatWouldExplodeIsRefusedWhenParsed() {
        // found by AlertRulesFuzzTest: nested repeats made the matcher (and the store) build 2^64 automaton states
        assertThatThrownBy(() -> QueryTree.parse("ssy:/f" + "+".repeat(64) + "il*.1/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it repeats too much");
        assertThatThrownBy(() -> QueryTree.parse("a:/(x{1000}){1000}/")).hasMessageContaining("it repeats too much");
        assertThatThrownBy(() -> QueryTree.parse("a:/~(.*a.{30})/")).hasMessageStartingWith("bad query string: bad regular expression");
        // Lucene's regexp parser recurses per parenthesis and per alternative: bounded by length, as in Elasticsearch
        assertThatThrownBy(() -> QueryTree.parse("a:/" + "x|".repeat(20_000) + "x/")).hasMessageContaining("longer than 1000");
        assertThat(QueryTree.parse("a:/[a-z]{2,20}[0-9]+(-[a-z]+)*/")).isEqualTo(new Regexp("a", "[a-z]{2,20}[0-9]+(-[a-z]+)*"));
    }
}
