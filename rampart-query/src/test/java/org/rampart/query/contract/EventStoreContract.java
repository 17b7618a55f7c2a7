package org.rampart.query.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.query.AggregatedResults;
import org.rampart.query.TermsAggregation;
import org.rampart.query.BooleanMatch;
import org.rampart.query.Bucket;
import org.rampart.query.EventStore;
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
import org.rampart.query.SimpleResults;
import org.rampart.query.StoredDocument;
import org.rampart.query.StorePartition;
import org.rampart.query.SubnetMatch;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;
import org.rampart.query.WildcardMatch;

/**
 * What every {@link EventStore} must do, whatever engine is behind it: the semantics MozDef's queries have on
 * Elasticsearch with MozDef's mapping template. A backend runs it by extending this class and implementing
 * {@link #open}. Time is frozen at {@link #NOW} (movable through {@link #clock}).
 *
 * <p>Where Rampart asks more than MozDef got from Elasticsearch, a cluster backend has to provide it too:
 * documents whose ip or date values do not parse are stored whole ({@code ignore_malformed}), {@code events}
 * writes go to the day of {@code receivedtimestamp}, hits can be sorted by a date field, and bad query strings
 * and page sizes are {@link IllegalArgumentException}s. The rules are in {@code docs/query.md}.
 */
public abstract class EventStoreContract {
    /** The frozen "now" of every test: late in the UTC day, so minutes-old events stay on today's partition. */
    protected static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    protected static final String TODAY = "events-20261123";
    protected static final String YESTERDAY = "events-20261122";
    private static final DateTimeFormatter MOZDEF_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    @TempDir
    protected Path dir;
    @TempDir
    protected Path elsewhere;
    protected MutableClock clock;
    protected EventStore store;

    /** Opens (or reopens) a store keeping its data in {@code dir}, reading time from {@code clock}. */
    protected abstract EventStore open(Path dir, Clock clock);

    @BeforeEach
    void openStore() {
        clock = new MutableClock(NOW);
        store = open(dir, clock);
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** MozDef's timestamp format, {@code 2026-11-23T09:59:00.000000+00:00}. */
    protected static String iso(Instant instant) {
        return MOZDEF_TIME.format(instant);
    }

    /** An event from JSON written with single quotes; timestamps default to one minute ago. */
    protected static ObjectNode event(String json) {
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(json.replace('\'', '"'));
            if (!node.has("utctimestamp")) {
                node.put("utctimestamp", iso(NOW.minusSeconds(60)));
            }
            if (!node.has("receivedtimestamp")) {
                node.put("receivedtimestamp", iso(NOW.minusSeconds(60)));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Appends events to {@code events} with ids {@code id0}, {@code id1}, ... in order, then refreshes. */
    protected void indexEvents(ObjectNode... events) {
        indexInto("events", events);
    }

    protected void indexInto(String index, ObjectNode... events) {
        List<IndexRequest> batch = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            batch.add(IndexRequest.append(index, "id" + i, events[i]));
        }
        store.index(batch);
        store.refresh();
    }

    /** The ids of the events matching all matchers, in the last hour, in hit order. */
    protected List<String> ids(Match... must) {
        return ids(SearchQuery.hours(1).addMust(must));
    }

    protected List<String> ids(SearchQuery query) {
        return ids(query.execute(store, List.of("events", "events-previous"), 1000));
    }

    protected static List<String> ids(SimpleResults results) {
        return results.hits().stream().map(Hit::id).toList();
    }

    private static Set<String> sorted(List<String> ids) {
        return new TreeSet<>(ids);
    }

    // ---- TermMatch -----------------------------------------------------------------------------------------

    @Test
    void termMatchOnKeywordFieldIsExactAndCaseSensitive() {
        indexEvents(event("{'category':'bro'}"), event("{'category':'Bro'}"), event("{'category':'bro conn'}"));
        assertThat(ids(new TermMatch("category", "bro"))).containsExactly("id0");
        assertThat(ids(new TermMatch("category", "bro conn"))).containsExactly("id2");
        assertThat(ids(new TermMatch("category", "conn"))).isEmpty();
    }

    @Test
    void termMatchOnSummaryMatchesAnyAnalyzedToken() {
        indexEvents(event("{'summary':'Failed login for root'}"), event("{'summary':'session opened'}"));
        assertThat(ids(new TermMatch("summary", "LOGIN"))).containsExactly("id0");
        assertThat(ids(new TermMatch("summary", "nothing-here login"))).containsExactly("id0");
        assertThat(ids(new TermMatch("summary", "fail"))).isEmpty();
        assertThat(ids(new TermMatch("summary", "Failed login for root"))).containsExactly("id0");
    }

    @Test
    void termMatchOnNestedDetailsAndArrays() {
        indexEvents(event("{'details':{'user':{'name':'alice'},'tags':['x','y']},'tags':['audit','ssh']}"),
                event("{'details':{'user':{'name':'bob'},'tags':['z']},'tags':['other']}"));
        assertThat(ids(new TermMatch("details.user.name", "alice"))).containsExactly("id0");
        assertThat(ids(new TermMatch("details.tags", "y"))).containsExactly("id0");
        assertThat(ids(new TermMatch("tags", "ssh"))).containsExactly("id0");
        assertThat(ids(new TermMatch("details.user", "alice"))).isEmpty();
    }

    @Test
    void numbersAreKeywordsInEventIndicesSoTheyCompareAsStrings() {
        indexEvents(event("{'details':{'count':9,'port':'22'}}"), event("{'details':{'count':10,'port':22}}"));
        assertThat(ids(new TermMatch("details.count", 9))).containsExactly("id0");
        assertThat(ids(new TermMatch("details.count", "10"))).containsExactly("id1");
        assertThat(sorted(ids(new TermMatch("details.port", 22)))).containsExactly("id0", "id1");
        // "10" sorts between "1" and "5"; "9" does not: MozDef's template maps numbers to keyword.
        assertThat(ids(new RangeMatch("details.count", "1", "5"))).containsExactly("id1");
    }

    @Test
    void termMatchOnIpFieldTakesAnAddressOrABlock() {
        indexEvents(event("{'details':{'sourceipaddress':'10.1.1.5'}}"),
                event("{'details':{'sourceipaddress':'192.168.0.1'}}"));
        assertThat(ids(new TermMatch("details.sourceipaddress", "10.1.1.5"))).containsExactly("id0");
        assertThat(ids(new TermMatch("details.sourceipaddress", "10.0.0.0/8"))).containsExactly("id0");
        assertThat(ids(new TermMatch("details.sourceipaddress", "not-an-ip"))).isEmpty();
    }

    @Test
    void termMatchOnBooleans() {
        indexEvents(event("{'details':{'success':true,'flag':false}}"), event("{'details':{'success':false}}"));
        assertThat(ids(new TermMatch("details.success", true))).containsExactly("id0");
        assertThat(ids(new TermMatch("details.success", "false"))).containsExactly("id1");
        assertThat(ids(new TermMatch("details.flag", false))).containsExactly("id0");
    }

    @Test
    void termMatchOnIdFindsTheDocument() {
        indexEvents(event("{'category':'a'}"), event("{'category':'b'}"));
        assertThat(ids(new TermMatch("_id", "id1"))).containsExactly("id1");
    }

    // ---- other matchers ------------------------------------------------------------------------------------

    @Test
    void termsMatchIsExactAndNotAnalyzed() {
        indexEvents(event("{'category':'bro','summary':'Failed login'}"), event("{'category':'syslog'}"),
                event("{'category':'auditd'}"));
        assertThat(ids(new TermsMatch("category", List.of("bro", "auditd", "nope")))).containsExactly("id0", "id2");
        assertThat(ids(new TermsMatch("summary", List.of("Failed")))).isEmpty();
        assertThat(ids(new TermsMatch("summary", List.of("failed")))).containsExactly("id0");
        assertThat(ids(new TermsMatch("category", List.of()))).isEmpty();
    }

    @Test
    void wildcardMatchCoversTheWholeKeywordValueCaseSensitively() {
        indexEvents(event("{'hostname':'web1.example.com'}"), event("{'hostname':'db.example.org'}"));
        assertThat(ids(new WildcardMatch("hostname", "web*"))).containsExactly("id0");
        assertThat(sorted(ids(new WildcardMatch("hostname", "*example*")))).containsExactly("id0", "id1");
        assertThat(ids(new WildcardMatch("hostname", "example*"))).isEmpty();
        assertThat(ids(new WildcardMatch("hostname", "WEB*"))).isEmpty();
        assertThat(ids(new WildcardMatch("hostname", "db.example.or?"))).containsExactly("id1");
    }

    @Test
    void phraseMatchNeedsConsecutiveTokensOnTextAndTheWholeValueOnKeyword() {
        indexEvents(event("{'summary':'failed login for root','details':{'parentprocess':'sftp server'}}"));
        assertThat(ids(new PhraseMatch("summary", "Login For"))).containsExactly("id0");
        assertThat(ids(new PhraseMatch("summary", "for login"))).isEmpty();
        assertThat(ids(new PhraseMatch("details.parentprocess", "sftp server"))).containsExactly("id0");
        assertThat(ids(new PhraseMatch("details.parentprocess", "sftp"))).isEmpty();
    }

    @Test
    void existsIgnoresNullAndEmptyListsAndMissingIsItsOpposite() {
        indexEvents(event("{'details':{'a':'x'}}"), event("{'details':{'a':null}}"), event("{'details':{'a':[]}}"),
                event("{'details':{'b':'y'}}"), event("{'details':{'a':''}}"));
        assertThat(ids(new ExistsMatch("details.a"))).containsExactly("id0", "id4");
        assertThat(ids(new MissingMatch("details.a"))).containsExactly("id1", "id2", "id3");
        assertThat(ids(new ExistsMatch("details"))).containsExactly("id0", "id3", "id4");
    }

    @Test
    void rangeMatchOnDatesIsInclusiveAndOpenEndsAreAllowed() {
        indexEvents(event("{'timestamp':'2026-11-20T00:00:00+00:00'}"), event("{'timestamp':'2026-11-21T00:00:00Z'}"),
                event("{'timestamp':'2026-11-22T00:00:00.000000+00:00'}"));
        SearchQuery all = SearchQuery.all();
        assertThat(ids(all.addMust(new RangeMatch("timestamp", "2026-11-20T00:00:00+00:00",
                "2026-11-21T00:00:00+00:00")))).containsExactly("id0", "id1");
        assertThat(ids(SearchQuery.all().addMust(new RangeMatch("timestamp", Instant.parse("2026-11-21T00:00:00Z"),
                null)))).containsExactly("id1", "id2");
        assertThat(ids(SearchQuery.all().addMust(new LessThanMatch("timestamp", "2026-11-21T00:00:00+00:00"))))
                .containsExactly("id0");
    }

    @Test
    void subnetMatchIsAnAddressRangeOnIpFieldsAndAStringRangeOnKeywordFields() {
        indexEvents(event("{'details':{'sourceipaddress':'10.1.1.3','ip':'10.1.1.3'}}"),
                event("{'details':{'sourceipaddress':'10.1.1.200','ip':'10.1.1.200'}}"),
                event("{'details':{'sourceipaddress':'10.1.2.1','ip':'10.1.2.1'}}"));
        assertThat(ids(new SubnetMatch("details.sourceipaddress", "10.1.1.0/24"))).containsExactly("id0", "id1");
        // As in MozDef, whose SubnetMatch is the query string "f: [10.1.1.0 TO 10.1.1.255]": "10.1.1.3" > "10.1.1.255".
        assertThat(ids(new SubnetMatch("details.ip", "10.1.1.0/24"))).containsExactly("id1");
    }

    @Test
    void booleanMatchNestsAndShouldNeedsOneMatch() {
        indexEvents(event("{'category':'a','source':'x'}"), event("{'category':'b','source':'x'}"),
                event("{'category':'c','source':'y'}"));
        assertThat(ids(SearchQuery.hours(1).addShould(new TermMatch("category", "a"), new TermMatch("category", "c"))))
                .containsExactly("id0", "id2");
        assertThat(ids(SearchQuery.hours(1).addMust(new TermMatch("source", "x"))
                .addShould(new TermMatch("category", "nope")))).isEmpty();
        assertThat(ids(SearchQuery.hours(1).addMustNot(new TermMatch("category", "a")))).containsExactly("id1", "id2");
        Match nested = new BooleanMatch(List.of(new TermMatch("source", "x")), List.of(new TermMatch("category", "a")),
                List.of());
        assertThat(ids(SearchQuery.hours(1).addShould(nested, new TermMatch("category", "c"))))
                .containsExactly("id1", "id2");
        assertThat(ids(SearchQuery.hours(1).addMust(BooleanMatch.anyOf(new TermMatch("category", "a"),
                new TermMatch("category", "b"))))).containsExactly("id0", "id1");
    }

    // ---- query_string --------------------------------------------------------------------------------------

    @Test
    void queryStringOnNamedFieldsFollowsEachFieldsType() {
        indexEvents(event("{'category':'bro','summary':'Failed login','hostname':'web1.example.com',"
                        + "'details':{'sourceipaddress':'10.1.1.5','sourceport':'22'}}"),
                event("{'category':'syslog','summary':'session opened','hostname':'db.example.com',"
                        + "'details':{'sourceipaddress':'10.2.0.1','sourceport':'80'}}"));
        assertThat(ids(new QueryStringMatch("category:bro AND details.sourceport:22"))).containsExactly("id0");
        assertThat(ids(new QueryStringMatch("summary:LOGIN"))).containsExactly("id0");
        assertThat(ids(new QueryStringMatch("summary:\"session opened\""))).containsExactly("id1");
        assertThat(ids(new QueryStringMatch("hostname:web*"))).containsExactly("id0");
        assertThat(ids(new QueryStringMatch("hostname:/db\\.example\\.com/"))).containsExactly("id1");
        assertThat(ids(new QueryStringMatch("hostname:/example/"))).isEmpty();
        assertThat(ids(new QueryStringMatch("details.sourceipaddress:[10.1.0.0 TO 10.1.255.255]")))
                .containsExactly("id0");
        assertThat(ids(new QueryStringMatch("_exists_:details.sourceport AND NOT category:bro")))
                .containsExactly("id1");
        assertThat(ids(new QueryStringMatch("NOT category:bro"))).containsExactly("id1");
    }

    @Test
    void queryStringAsMozDefsScanAlertsWriteIt() {
        indexEvents(event("{'details':{'sourceipaddress':'10.33.44.54','msg':'from 192.168.1.1'}}"),
                event("{'details':{'sourceipaddress':'10.88.77.54','msg':'x'}}"),
                event("{'details':{'sourceipaddress':'10.1.2.3','msg':'y'}}"),
                event("{'details':{'sourceipaddress':'192.168.1.1','msg':'z'}}"));
        SearchQuery q = SearchQuery.hours(1)
                .addMust(new QueryStringMatch("details.sourceipaddress: [10.0.0.0 TO 10.255.255.255]"))
                // Only the first address is bound to the field; the others search every field, as in MozDef.
                .addMustNot(new QueryStringMatch("details.sourceipaddress: 10.33.44.54 OR 10.88.77.54"));
        assertThat(ids(q)).containsExactly("id2");
        assertThat(ids(new QueryStringMatch("details.msg: *192.168*"))).containsExactly("id0");
        assertThat(ids(new QueryStringMatch("details.msg: /[a-z]/"))).containsExactly("id1", "id2", "id3");
    }

    @Test
    void queryStringWithoutFieldSearchesEveryField() {
        indexEvents(event("{'category':'bro','summary':'Failed login'}"), event("{'details':{'user':'bro'}}"),
                event("{'category':'syslog'}"));
        assertThat(ids(new QueryStringMatch("bro"))).containsExactly("id0", "id1");
        assertThat(ids(new QueryStringMatch("failed"))).containsExactly("id0");
        assertThat(ids(new QueryStringMatch("details.\\*:bro"))).containsExactly("id1");
    }

    @Test
    void badQueryStringIsAnIllegalArgument() {
        indexEvents(event("{'category':'bro'}"));
        assertThatThrownBy(() -> ids(new QueryStringMatch("category:(bro"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ids(new QueryStringMatch("category:/[/"))).isInstanceOf(IllegalArgumentException.class);
        String deep = "(".repeat(16_000) + "category:bro" + ")".repeat(16_000);
        assertThatThrownBy(() -> ids(new QueryStringMatch(deep))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query nests deeper than 100 levels");
    }

    // ---- time windows --------------------------------------------------------------------------------------

    @Test
    void relativeWindowIncludesBothEndsAndExcludesTheFuture() {
        indexEvents(at(NOW.minusSeconds(10 * 60)), at(NOW.minusSeconds(15 * 60)), at(NOW.minusSeconds(15 * 60 + 1)),
                at(NOW), at(NOW.plusSeconds(1)));
        assertThat(ids(SearchQuery.minutes(15))).containsExactly("id0", "id1", "id3");
        assertThat(ids(SearchQuery.hours(1))).containsExactly("id0", "id1", "id2", "id3");
        assertThat(ids(SearchQuery.all())).hasSize(5);
    }

    @Test
    void eitherTimestampPutsAnEventInTheWindow() {
        ObjectNode oldButFresh = at(NOW.minus(Duration.ofDays(3)));
        oldButFresh.put("receivedtimestamp", iso(NOW.minusSeconds(60)));
        ObjectNode freshButOld = at(NOW.minusSeconds(60));
        freshButOld.put("receivedtimestamp", iso(NOW.minusSeconds(3 * 3600)));
        ObjectNode bothOld = at(NOW.minusSeconds(3 * 3600));
        bothOld.put("receivedtimestamp", iso(NOW.minusSeconds(3 * 3600)));
        indexEvents(oldButFresh, freshButOld, bothOld);
        assertThat(ids(SearchQuery.minutes(5))).containsExactly("id0", "id1");
    }

    @Test
    void windowsInHoursDaysAndBetweenInstants() {
        indexEvents(at(NOW.minusSeconds(90 * 60)), at(NOW.minusSeconds(20 * 3600)), at(NOW.minusSeconds(30 * 3600)));
        assertThat(ids(SearchQuery.hours(2))).containsExactly("id0");
        assertThat(sorted(ids(SearchQuery.days(1)))).containsExactly("id0", "id1");
        assertThat(ids(SearchQuery.between(NOW.minusSeconds(21 * 3600), NOW.minusSeconds(19 * 3600))))
                .containsExactly("id1");
    }

    @Test
    void relativeWindowsFollowTheStoreClock() {
        indexEvents(at(NOW.minusSeconds(60)));
        assertThat(ids(SearchQuery.minutes(5))).containsExactly("id0");
        clock.advance(Duration.ofMinutes(10));
        assertThat(ids(SearchQuery.minutes(5))).isEmpty();
        assertThat(ids(SearchQuery.minutes(15))).containsExactly("id0");
    }

    private static ObjectNode at(Instant when) {
        ObjectNode e = event("{'category':'timed'}");
        e.put("utctimestamp", iso(when));
        e.put("receivedtimestamp", iso(when));
        return e;
    }

    // ---- writes --------------------------------------------------------------------------------------------

    @Test
    void upsertReplacesAndAppendAdds() {
        store.index(List.of(IndexRequest.append("events", "a", event("{'category':'one'}")),
                IndexRequest.append("events", "b", event("{'category':'one'}"))));
        store.index(List.of(IndexRequest.upsert("events", "a", event("{'category':'two'}"))));
        store.refresh();
        assertThat(ids(new TermMatch("category", "one"))).containsExactly("b");
        assertThat(ids(new TermMatch("category", "two"))).containsExactly("a");
        assertThat(store.count(SearchQuery.all(), List.of("events"))).isEqualTo(2);
    }

    @Test
    void refreshOfNamedIndicesMakesTheirWritesVisible() {
        store.saveAlert("alert-1", event("{'summary':'seen at once'}"));
        store.refresh(List.of("alerts"));
        assertThat(store.count(SearchQuery.all(), List.of("alerts"))).isEqualTo(1);
    }

    @Test
    void saveObjectWithIdReplacesAndWithoutIdPicksANewOne() {
        String first = store.saveObject("localities", null, event("{'city':'Paris'}"));
        String second = store.saveObject("localities", null, event("{'city':'Oslo'}"));
        assertThat(first).isNotBlank().isNotEqualTo(second);
        store.saveObject("localities", first, event("{'city':'Rome'}"));
        store.refresh();
        assertThat(store.get("localities", first)).map(d -> d.source().get("city").asText()).contains("Rome");
        assertThat(store.count(SearchQuery.all(), List.of("localities"))).isEqualTo(2);
    }

    @Test
    void saveEventFillsMozDefsRequiredFieldsAndKeepsTheRest() {
        ObjectNode given = Json.object().put("summary", "kept");
        given.putObject("details").put("user", "alice");
        String id = store.saveEvent("events", null, given);
        StoredDocument saved = store.get("events", id).orElseThrow();
        ObjectNode source = saved.source();
        assertThat(source.get("summary").asText()).isEqualTo("kept");
        assertThat(source.get("details").get("user").asText()).isEqualTo("alice");
        for (String field : List.of("category", "hostname", "processid", "processname", "severity", "source")) {
            assertThat(source.get(field).asText()).as(field).isEqualTo("UNKNOWN");
        }
        assertThat(source.get("type").asText()).isEqualTo("event");
        assertThat(source.get("tags").isArray()).isTrue();
        assertThat(source.get("mozdef").get("plugins").isArray()).isTrue();
        assertThat(source.get("mozdefhostname").isTextual()).isTrue();
        assertThat(source.get("utctimestamp").asText()).isEqualTo("2026-11-23T10:00:00+00:00");
        assertThat(source.get("receivedtimestamp").asText()).isEqualTo("2026-11-23T10:00:00+00:00");
        assertThat(given.has("category")).as("the caller's event is not changed").isFalse();
        store.refresh();
        assertThat(ids(SearchQuery.minutes(1))).containsExactly(id);
        assertThat(store.saveEvent("events", "chosen", Json.object())).isEqualTo("chosen");
    }

    @Test
    void getIsRealTimeAndNamesTheConcretePartition() {
        store.index(List.of(IndexRequest.append("events", "e1", event("{'category':'bro'}"))));
        Optional<StoredDocument> got = store.get("events", "e1");
        assertThat(got).isPresent();
        assertThat(got.get().index()).isEqualTo(TODAY);
        assertThat(got.get().id()).isEqualTo("e1");
        assertThat(got.get().source().get("category").asText()).isEqualTo("bro");
        assertThat(store.get(TODAY, "e1")).isPresent();
        assertThat(store.get("alerts", "e1")).isEmpty();
        assertThat(store.get("events", "nope")).isEmpty();
    }

    @Test
    void writesBecomeSearchableWithoutAnExplicitRefresh() {
        store.index(List.of(IndexRequest.append("events", "late", event("{'category':'nrt'}"))));
        Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> ids(new TermMatch("category", "nrt")).contains("late"));
    }

    @Test
    void committedDataSurvivesReopening() throws Exception {
        store.index(List.of(IndexRequest.append("events", "kept", event("{'category':'durable'}")),
                IndexRequest.append("localities", "loc", event("{'city':'Lima'}"))));
        store.commit();
        store.close();
        store = open(dir, clock);
        assertThat(ids(new TermMatch("category", "durable"))).containsExactly("kept");
        assertThat(store.get("localities", "loc")).isPresent();
    }

    @Test
    void badWritesAreRejectedWithoutWritingAnything() {
        assertThatThrownBy(() -> store.index(List.of(IndexRequest.append("events", "ok", event("{'a':'b'}")),
                IndexRequest.append("Bad/Name", "x", event("{'a':'b'}"))))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.index(List.of(IndexRequest.append("events-weekly", "x", event("{}")))))
                .isInstanceOf(IllegalArgumentException.class);
        store.refresh();
        assertThat(store.count(SearchQuery.all(), List.of("events"))).isZero();
    }

    @Test
    void hostileDocumentsAreStoredWhole() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            deep.append("{'k").append(i).append("':");
        }
        deep.append("'bottom'").append("}".repeat(40));
        ObjectNode hostile = event("{'category':'hostile','summary':'" + "word ".repeat(5000) + "',"
                + "'details':{'long':'" + "x".repeat(40_000) + "','sourceipaddress':'999.1.1.1','deep':" + deep
                + "},'utctimestamp':'not a date'}");
        hostile.put("receivedtimestamp", iso(NOW.minusSeconds(60)));
        indexEvents(hostile);
        List<Hit> hits = SearchQuery.hours(1).addMust(new TermMatch("category", "hostile")).execute(store).hits();
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).source()).isEqualTo(hostile);
    }

    // ---- indices and aliases -------------------------------------------------------------------------------

    @Test
    void eventsAliasesCoverTodayYesterdayAndTheLastWeek() {
        indexEvents(at(NOW.minusSeconds(60)), at(NOW.minus(Duration.ofDays(1))), at(NOW.minus(Duration.ofDays(6))),
                at(NOW.minus(Duration.ofDays(8))));
        SearchQuery all = SearchQuery.all();
        assertThat(ids(all.execute(store, List.of("events"), 100))).containsExactly("id0");
        assertThat(ids(all.execute(store, List.of("events-previous"), 100))).containsExactly("id1");
        assertThat(sorted(ids(all.execute(store, List.of("events-weekly"), 100)))).containsExactly("id0", "id1", "id2");
        assertThat(ids(all.execute(store, List.of("events-*"), 100))).hasSize(4);
        assertThat(ids(all.execute(store, List.of(TODAY), 100))).containsExactly("id0");
        assertThat(all.execute(store, List.of("events"), 100).hits().get(0).index()).isEqualTo(TODAY);
    }

    @Test
    void eventsLandOnTheDayTheyWereReceivedSoReplaysStayPut() {
        ObjectNode received = event("{'category':'replayed'}");
        received.put("receivedtimestamp", iso(NOW.minus(Duration.ofDays(1))));
        store.index(List.of(IndexRequest.append("events", "r", received)));
        clock.advance(Duration.ofDays(3));
        store.index(List.of(IndexRequest.upsert("events", "r", received)));
        store.refresh();
        assertThat(store.count(SearchQuery.all(), List.of("events-*"))).isEqualTo(1);
        assertThat(store.get(YESTERDAY, "r")).isPresent();
    }

    @Test
    void alertsGoToTheMonthlyPartitionBehindTheAlertsAlias() {
        StoredDocument saved = store.saveAlert(null, event("{'summary':'bruteforce','category':'bruteforce'}"));
        String id = saved.id();
        assertThat(saved.index()).isEqualTo("alerts-202611");
        assertThat(store.saveAlert("fixed", event("{'summary':'other','category':'x'}")))
                .extracting(StoredDocument::index, StoredDocument::id).containsExactly("alerts-202611", "fixed");
        store.refresh();
        assertThat(store.get("alerts", id)).map(StoredDocument::index).contains("alerts-202611");
        SimpleResults alerts = SearchQuery.all().addMust(new TermMatch("category", "bruteforce"))
                .execute(store, List.of("alerts"), 10);
        assertThat(ids(alerts)).containsExactly(id);
        assertThat(store.count(SearchQuery.all(), List.of("events"))).isZero();
    }

    @Test
    void missingIndicesFindNothing() {
        assertThat(ids(SearchQuery.all().execute(store, List.of("events", "nosuchindex", "events-weekly"), 10)))
                .isEmpty();
        assertThat(store.get("nosuchindex", "x")).isEmpty();
    }

    @Test
    void plainIndicesUseTheDefaultDynamicMapping() {
        indexInto("localities", event("{'city':'New York','population':8000000,'ratio':0.5}"),
                event("{'city':'York','population':200000,'ratio':1.5}"));
        SearchQuery q = SearchQuery.all();
        assertThat(ids(q.execute(store, List.of("localities"), 10))).hasSize(2);
        assertThat(ids(SearchQuery.all().addMust(new TermMatch("city", "york")).execute(store, List.of("localities"),
                10))).containsExactly("id0", "id1");
        assertThat(ids(SearchQuery.all().addMust(new TermMatch("city.keyword", "York"))
                .execute(store, List.of("localities"), 10))).containsExactly("id1");
        assertThat(ids(SearchQuery.all().addMust(new RangeMatch("population", 1_000_000, null))
                .execute(store, List.of("localities"), 10))).containsExactly("id0");
        assertThat(ids(SearchQuery.all().addMust(new LessThanMatch("ratio", 1))
                .execute(store, List.of("localities"), 10))).containsExactly("id0");
    }

    // ---- results -------------------------------------------------------------------------------------------

    @Test
    void simpleResultsHaveMozDefsShape() {
        indexEvents(event("{'category':'bro','details':{'information':'x'}}"));
        JsonNode json = SearchQuery.hours(1).addMust(new TermMatch("category", "bro")).execute(store).toJson();
        assertThat(json.get("meta").get("timed_out").asBoolean(true)).isFalse();
        assertThat(json.get("hits")).hasSize(1);
        JsonNode hit = json.get("hits").get(0);
        assertThat(iterable(hit.fieldNames())).containsExactlyInAnyOrder("_id", "_index", "_score", "_source");
        assertThat(hit.get("_id").asText()).isEqualTo("id0");
        assertThat(hit.get("_index").asText()).isEqualTo(TODAY);
        assertThat(hit.get("_score").isNumber()).isTrue();
        assertThat(hit.get("_source").get("details").get("information").asText()).isEqualTo("x");
    }

    @Test
    void hitsComeInTheOrderTheyWereWritten() {
        ObjectNode[] events = new ObjectNode[30];
        for (int i = 0; i < events.length; i++) {
            events[i] = event("{'category':'ordered'}");
        }
        indexEvents(events);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            expected.add("id" + i);
        }
        assertThat(ids(new TermMatch("category", "ordered"))).containsExactlyElementsOf(expected);
    }

    @Test
    void hitsCanBeSortedByADateFieldAcrossPartitions() {
        ObjectNode undated = event("{'category':'s'}");
        undated.remove("utctimestamp");
        indexEvents(at(NOW.minusSeconds(300)), at(NOW.minus(Duration.ofHours(20))), at(NOW.minusSeconds(60)),
                undated, at(NOW.minusSeconds(120)));
        assertThat(ids(SearchQuery.days(1).sortBy("utctimestamp", true)))
                .containsExactly("id2", "id4", "id0", "id1", "id3");
        assertThat(ids(SearchQuery.days(1).sortBy("utctimestamp", false)))
                .containsExactly("id1", "id0", "id4", "id2", "id3");
        assertThat(ids(SearchQuery.days(1).sortBy("utctimestamp", true).execute(store,
                List.of("events", "events-previous"), 2))).containsExactly("id2", "id4");
    }

    @Test
    void sizeCapsTheHitsAndIsBounded() {
        indexEvents(event("{'a':'1'}"), event("{'a':'2'}"), event("{'a':'3'}"));
        assertThat(SearchQuery.hours(1).execute(store, List.of("events"), 2).hits()).hasSize(2);
        assertThat(SearchQuery.hours(1).execute(store, List.of("events"), 0).hits()).isEmpty();
        assertThatThrownBy(() -> SearchQuery.hours(1).execute(store, List.of("events"), SearchQuery.MAX_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SearchQuery.hours(1).execute(store, List.of("events"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countCountsWithoutFetching() {
        indexEvents(event("{'category':'a'}"), event("{'category':'a'}"), event("{'category':'b'}"));
        assertThat(store.count(SearchQuery.hours(1).addMust(new TermMatch("category", "a")), List.of("events")))
                .isEqualTo(2);
        assertThat(store.count(SearchQuery.minutes(0), List.of("events"))).isZero();
    }

    @Test
    void aggregationsCountEveryMatchOrderedByCountThenKey() {
        indexEvents(event("{'details':{'sourceipaddress':'10.0.0.2','username':'bob'}}"),
                event("{'details':{'sourceipaddress':'10.0.0.1','username':'alice'}}"),
                event("{'details':{'sourceipaddress':'10.0.0.2','username':'carol'}}"),
                event("{'details':{'sourceipaddress':'10.0.0.3','username':'alice'}}"),
                event("{'details':{'username':['bob','bob','dave']}}"));
        AggregatedResults results = SearchQuery.hours(1)
                .addAggregation(new TermsAggregation("details.sourceipaddress"))
                .addAggregation(new TermsAggregation("details.username", 3))
                .executeAggregated(store, List.of("events"), 1);
        assertThat(results.hits()).hasSize(1);
        assertThat(results.aggregations().get("details.sourceipaddress")).containsExactly(
                new Bucket("10.0.0.2", 2), new Bucket("10.0.0.1", 1), new Bucket("10.0.0.3", 1));
        assertThat(results.aggregations().get("details.username")).containsExactly(
                new Bucket("alice", 2), new Bucket("bob", 2), new Bucket("carol", 1));
        JsonNode json = results.toJson();
        assertThat(json.get("aggregations").get("details.username").get("terms").get(0).get("key").asText())
                .isEqualTo("alice");
        assertThat(json.get("aggregations").get("details.username").get("terms").get(0).get("count").asLong())
                .isEqualTo(2);
        assertThat(json.get("hits")).hasSize(1);
        assertThat(json.get("meta").get("timed_out").asBoolean(true)).isFalse();
    }

    @Test
    void aggregationCutsTiesAtTheLastPlaceByKey() {
        indexEvents(event("{'details':{'sourceipaddress':'10.0.0.9'}}"), event("{'details':{'sourceipaddress':'10.0.0.5'}}"),
                event("{'details':{'sourceipaddress':'10.0.0.7'}}"), event("{'details':{'sourceipaddress':'10.0.0.6'}}"),
                event("{'details':{'sourceipaddress':'10.0.0.9'}}"), event("{'details':{'sourceipaddress':'10.0.0.8'}}"),
                event("{'details':{'sourceipaddress':'10.0.0.9'}}"), event("{'details':{'sourceipaddress':'10.0.0.8'}}"));
        // Three addresses tie at 1 for the last two places: the smallest keys take them.
        assertThat(SearchQuery.hours(1).addAggregation(new TermsAggregation("details.sourceipaddress", 4))
                .executeAggregated(store, List.of("events"), 1).aggregations().get("details.sourceipaddress"))
                .containsExactly(new Bucket("10.0.0.9", 3), new Bucket("10.0.0.8", 2), new Bucket("10.0.0.5", 1),
                        new Bucket("10.0.0.6", 1));
        assertThat(SearchQuery.hours(1).addAggregation(new TermsAggregation("details.sourceipaddress", 4))
                .addMust(new TermMatch("details.sourceipaddress", "10.0.0.9")).executeAggregated(store, List.of("events"), 1)
                .aggregations().get("details.sourceipaddress")).containsExactly(new Bucket("10.0.0.9", 3));
    }

    @Test
    void aggregationOnAnAbsentFieldHasNoBuckets() {
        indexEvents(event("{'category':'a'}"));
        AggregatedResults results = SearchQuery.hours(1).addAggregation(new TermsAggregation("details.nothing"))
                .executeAggregated(store, List.of("events"), 10);
        assertThat(results.aggregations()).containsEntry("details.nothing", List.of());
        assertThat(results.hits()).hasSize(1);
    }

    // ---- lifecycle: partitions, pruning, snapshots -----------------------------------------------------------

    private void fillPartitions() {
        store.index(List.of(IndexRequest.append("events", "today", event("{'category':'a'}")),
                IndexRequest.append("events", "yesterday", event("{'category':'b','receivedtimestamp':'"
                        + iso(NOW.minus(Duration.ofDays(1))) + "'}")),
                IndexRequest.append("localities", "loc", event("{'category':'c'}"))));
        store.saveAlert("alert", event("{'summary':'an alert'}"));
        store.commit();
    }

    @Test
    void partitionsAreListedByNameWithTheirSize() {
        fillPartitions();
        assertThat(store.partitions()).extracting(StorePartition::name)
                .containsExactly("alerts-202611", YESTERDAY, TODAY, "localities");
        assertThat(store.partitions()).allSatisfy(p -> assertThat(p.sizeBytes()).as(p.name()).isPositive());
    }

    @Test
    void pruningAPartitionDeletesItsDocumentsAndOnlyThose() {
        fillPartitions();
        assertThat(store.prune(YESTERDAY)).isTrue();
        assertThat(store.prune(YESTERDAY)).isFalse();
        store.refresh();
        assertThat(store.partitions()).extracting(StorePartition::name).containsExactly("alerts-202611", TODAY, "localities");
        assertThat(store.count(SearchQuery.all(), List.of("events-previous"))).isZero();
        assertThat(store.count(SearchQuery.all(), List.of("events", "localities", "alerts"))).isEqualTo(3);
        assertThatThrownBy(() -> store.prune("events")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.prune("alerts")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.prune("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSnapshotOpensAsAStoreHoldingEveryCommittedDocument() throws Exception {
        fillPartitions();
        Path target = elsewhere.resolve("snapshot");
        List<Long> copied = new ArrayList<>();
        store.snapshot(target, copied::add);
        store.index(List.of(IndexRequest.append("events", "afterwards", event("{'category':'z'}"))));
        assertThat(copied.stream().mapToLong(Long::longValue).sum()).isPositive();

        try (EventStore copy = open(target, clock)) {
            assertThat(copy.partitions()).extracting(StorePartition::name)
                    .containsExactly("alerts-202611", YESTERDAY, TODAY, "localities");
            assertThat(copy.count(SearchQuery.all(), List.of("events", "events-previous", "localities"))).isEqualTo(3);
            assertThat(copy.get("alerts", "alert")).isPresent();
            assertThat(copy.get("events", "afterwards")).isEmpty();
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
