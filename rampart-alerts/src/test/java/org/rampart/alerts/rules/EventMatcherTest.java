package org.rampart.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rampart.event.Json;
import org.rampart.query.BooleanMatch;
import org.rampart.query.ExistsMatch;
import org.rampart.query.Hit;
import org.rampart.query.IndexRequest;
import org.rampart.query.LessThanMatch;
import org.rampart.query.Match;
import org.rampart.query.MissingMatch;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.RangeMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.SubnetMatch;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;
import org.rampart.query.WildcardMatch;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * The in-memory matcher must select exactly the events the store's search selects: every matcher below
 * runs both ways over the same events, and the id sets are compared.
 */
class EventMatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final List<ObjectNode> EVENTS = new ArrayList<>();
    private static LuceneEventStore store;

    @BeforeAll
    static void indexEvents(@TempDir Path dir) throws Exception {
        store = LuceneEventStore.open(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        String[] docs = {
            """
            {"category": "syslog", "summary": "Failed password for root from 10.1.2.3 port 22 ssh2",
             "hostname": "web1.example.org", "tags": ["ssh", "auth"], "severity": "NOTICE",
             "utctimestamp": "2026-11-23T09:58:00+00:00",
             "details": {"sourceipaddress": "10.1.2.3", "program": "sshd", "port": 22, "success": false, "username": "root"}}""",
            """
            {"category": "syslog", "summary": "Accepted publickey for alice from 192.168.1.9 port 50100",
             "hostname": "web2.example.org", "tags": ["ssh"], "severity": "INFO",
             "utctimestamp": "2026-11-23T09:50:00+00:00",
             "details": {"sourceipaddress": "192.168.1.9", "program": "sshd", "port": 50100, "success": true, "username": "alice"}}""",
            """
            {"category": "bro", "source": "conn", "summary": "conn from 2001:db8::7 to 10.9.9.9",
             "hostname": "nsm1", "tags": ["bro"], "utctimestamp": "2026-11-23T08:00:00+00:00",
             "details": {"sourceipaddress": "2001:db8::7", "destinationipaddress": "10.9.9.9", "destinationport": 443,
                         "sourceipgeopoint": "52.1,4.3",
                         "ratio": 1.5, "note": null, "list": []}}""",
            """
            {"category": "proxy", "summary": "GET http://evil.example.com/payload.exe blocked",
             "hostname": "proxy1", "tags": [], "utctimestamp": "2026-11-22T23:00:00+00:00",
             "details": {"sourceipaddress": "not-an-ip", "destination": "evil.example.com", "success": "true",
                         "proxyaction": "TCP_DENIED", "host": {"name": "Proxy-One"},
                         "destinationipgeopoint": {"lat": 52.1, "lon": 4.3}}}""",
            """
            {"category": "authentication", "summary": "Root LOGIN on tty1",
             "hostname": "db1", "tags": ["Auth"], "utctimestamp": "2026-11-23T09:59:59+00:00",
             "details": {"username": "Root", "program": "login", "port": "22"}}"""
        };
        List<IndexRequest> batch = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(docs[i]);
            event.put("receivedtimestamp", event.get("utctimestamp").asText());
            event.put("eventid", "e" + i);
            EVENTS.add(event);
            batch.add(IndexRequest.append("events-20261123", "e" + i, event));
        }
        store.index(batch);
        store.refresh();
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
    }

    static Stream<Match> matchers() {
        return Stream.of(
                new TermMatch("category", "syslog"),
                new TermMatch("category", "Syslog"),
                new TermMatch("summary", "failed"),
                new TermMatch("summary", "PASSWORD nothing"),
                new TermMatch("summary", "payload.exe"),
                new TermMatch("summary", "10.1.2.3"),
                new TermMatch("hostname", "web1"),
                new TermMatch("details.port", "22"),
                new TermMatch("details.port", 22),
                new TermMatch("details.ratio", "1.5"),
                new TermMatch("details.success", "true"),
                new TermMatch("details.success", true),
                new TermMatch("details.success", false),
                new TermMatch("details.sourceipaddress", "10.1.2.3"),
                new TermMatch("details.sourceipaddress", "10.0.0.0/8"),
                new TermMatch("details.sourceipaddress", "not-an-ip"),
                new TermMatch("details.destinationipaddress", "10.9.9.9"),
                new TermMatch("tags", "ssh"),
                new TermMatch("tags", "auth"),
                new TermMatch("details.host.name", "Proxy-One"),
                new TermMatch("utctimestamp", "2026-11-23T09:58:00+00:00"),
                new PhraseMatch("summary", "failed password"),
                new PhraseMatch("summary", "password failed"),
                new PhraseMatch("summary", "accepted publickey for"),
                new PhraseMatch("category", "syslog"),
                new TermsMatch("category", List.of("bro", "proxy")),
                new TermsMatch("summary", List.of("root", "Root")),
                new TermsMatch("details.sourceipaddress", List.of("10.1.2.3", "2001:db8::7")),
                new WildcardMatch("hostname", "web*"),
                new WildcardMatch("hostname", "web?.example.org"),
                new WildcardMatch("summary", "pass*"),
                new WildcardMatch("details.destination", "*.example.com"),
                new RangeMatch("utctimestamp", "2026-11-23T09:00:00+00:00", "2026-11-23T09:59:00+00:00"),
                new RangeMatch("utctimestamp", Instant.parse("2026-11-23T09:59:59Z"), null),
                new RangeMatch("details.port", "100", "9"),
                new RangeMatch("details.sourceipaddress", "10.0.0.0", "10.255.255.255"),
                new LessThanMatch("utctimestamp", "2026-11-23T08:00:00+00:00"),
                new ExistsMatch("details.sourceipaddress"),
                new ExistsMatch("details.note"),
                new ExistsMatch("details.list"),
                new ExistsMatch("details.host"),
                new ExistsMatch("source"),
                new MissingMatch("source"),
                new MissingMatch("details.note"),
                new SubnetMatch("details.sourceipaddress", "192.168.0.0/16"),
                new SubnetMatch("details.sourceipaddress", "2001:db8::/32"),
                BooleanMatch.anyOf(new TermMatch("category", "bro"), new TermMatch("category", "proxy")),
                new BooleanMatch(List.of(new TermMatch("category", "syslog")), List.of(new TermMatch("tags", "auth")), List.of()),
                new BooleanMatch(List.of(), List.of(new TermMatch("category", "syslog")), List.of()),
                new BooleanMatch(List.of(new TermMatch("category", "syslog")), List.of(),
                        List.of(new TermMatch("hostname", "db1"), new TermMatch("hostname", "nsm1"))),
                new QueryStringMatch("category:syslog AND details.program:sshd"),
                new QueryStringMatch("summary:failed OR summary:blocked"),
                new QueryStringMatch("summary:\"failed password\""),
                new QueryStringMatch("NOT category:syslog"),
                new QueryStringMatch("category:syslog -tags:auth"),
                new QueryStringMatch("root"),
                new QueryStringMatch("Root"),
                new QueryStringMatch("hostname:web*"),
                new QueryStringMatch("summary:PASS*"),
                new QueryStringMatch("hostname:/web[0-9]\\.example\\.org/"),
                new QueryStringMatch("hostname:/web/"),
                new QueryStringMatch("details.port:[100 TO 9]"),
                new QueryStringMatch("details.sourceipaddress:[10.0.0.0 TO 10.255.255.255]"),
                new QueryStringMatch("_exists_:details.destinationipaddress"),
                new QueryStringMatch("details.host.name:*"),
                new QueryStringMatch("details.username:alise~1"),
                new QueryStringMatch("(category:bro OR category:proxy) AND NOT hostname:proxy1"),
                new QueryStringMatch("*:*"),
                // Both sides read the one tree and the one field table (rampart-query): globs, normalization,
                // optional clauses next to required ones, fuzzy and exclusive ranges, geo points.
                new TermMatch("details.*", "sshd"),
                new WildcardMatch("summary", "FAIL*"),
                new QueryStringMatch("summary:FAIL*"),
                new QueryStringMatch("details.dest\\*:*"),
                new QueryStringMatch("details.\\*:sshd AND -details.port:22"),
                new QueryStringMatch("+category:syslog hostname:db1"),
                new QueryStringMatch("summary:pasword~1"),
                new QueryStringMatch("hostname:{web1.example.org TO web3}"),
                new QueryStringMatch("details.sourceipaddress:10.0.0.0\\/8"),
                new QueryStringMatch("details.username:R*t^2"),
                new TermMatch("details.sourceipgeopoint", "52.1,4.3"),
                new ExistsMatch("details.sourceipgeopoint"),
                new ExistsMatch("details.destinationipgeopoint"),
                new TermMatch("details.destinationipgeopoint.lat", "52.1"),
                new QueryStringMatch("52.1"));
    }

    @ParameterizedTest
    @MethodSource("matchers")
    void selectsTheSameEventsAsTheStore(Match match) {
        List<Hit> hits = SearchQuery.all().addMust(match).execute(store, List.of("events"), 100).hits();
        Set<String> byStore = hits.stream().map(Hit::id).collect(Collectors.toCollection(TreeSet::new));

        EventMatcher compiled = EventMatcher.compile(match);
        Set<String> inMemory = EVENTS.stream().filter(compiled::matches).map(e -> e.path("eventid").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(inMemory).as(match.toString()).isEqualTo(byStore);
    }

    @Test
    void theMatchersAreNotTrivial() {
        // Guard against a store or matcher that selects everything or nothing: the table must discriminate.
        long distinct = matchers().map(m -> {
            EventMatcher c = EventMatcher.compile(m);
            return EVENTS.stream().filter(c::matches).map(e -> e.path("eventid").asText()).toList();
        }).distinct().count();
        assertThat(distinct).isGreaterThan(15);
    }

    @Test
    void badQueryStringsFailAtCompileTime() {
        assertThatThrownBy(() -> EventMatcher.compile(new QueryStringMatch("category:(syslog")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query string");
        assertThatThrownBy(() -> EventMatcher.compile(new QueryStringMatch("a:/[/")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQueryWindowIsIgnoredForAnIncomingEvent() {
        SearchQuery q = SearchQuery.minutes(1).addMust(new TermMatch("category", "proxy"));
        assertThat(EventMatcher.compile(q).matches(EVENTS.get(3))).isTrue();
    }
}
