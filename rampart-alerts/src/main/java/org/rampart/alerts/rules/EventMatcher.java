package org.rampart.alerts.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.rampart.event.ip.Cidr;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.BooleanMatch;
import org.rampart.query.Match;
import org.rampart.query.SearchQuery;
import org.rampart.query.tree.FieldKind;
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
import org.rampart.query.tree.QueryTree;

/**
 * A {@link Match} compiled to run on one event in memory, with the meaning the store gives it under
 * MozDef's mapping ({@link FieldKind}). Like the store, it compiles the match's {@link QueryTree}, not the
 * match, so the two cannot drift apart: exact keyword equality (numbers and booleans as their strings), analysed
 * {@code summary} (any token for TermMatch, consecutive tokens for PhraseMatch), address semantics on
 * {@code details.sourceipaddress}/{@code destinationipaddress}, instants on the timestamps, Lucene's
 * {@code query_string} syntax, and a bool in filter context (one {@code should} must match when any is
 * given). Compile once, then match millions of events: no store round trip, no parsing per event.
 */
public final class EventMatcher {

    /** A condition on the indexed view of one event. */
    @FunctionalInterface
    private interface Condition {
        boolean test(EventView event);
    }

    /** A condition on the values of one path of one event. */
    @FunctionalInterface
    private interface PathCondition {
        boolean test(EventView event, String path);
    }

    private static final Condition ALWAYS = e -> true;

    private final Condition condition;

    private EventMatcher(Condition condition) {
        this.condition = condition;
    }

    /** Compiles one matcher; a bad query string or pattern is an IllegalArgumentException here, not later. */
    public static EventMatcher compile(Match match) {
        return new EventMatcher(condition(QueryTree.of(match)));
    }

    /** Compiles a query's must / must_not / should clauses; its time window is ignored (the event is new). */
    public static EventMatcher compile(SearchQuery query) {
        return compile(new BooleanMatch(query.must(), query.mustNot(), query.should()));
    }

    /** Whether the event ({@code _source} document) matches. */
    public boolean matches(JsonNode event) {
        return condition.test(new EventView(event));
    }

    boolean matches(EventView event) {
        return condition.test(event);
    }

    /** The condition of a query tree: built once, so matching an event walks closures, not the tree. */
    private static Condition condition(QueryTree tree) {
        return switch (tree) {
            case MatchAll t -> ALWAYS;
            case Term t -> onPath(t.field(), term(t.value()));
            case Phrase t -> onPath(t.field(), phrase(t.value(), t.slop()));
            case Terms t -> onPath(t.field(), terms(t.values()));
            case Wildcard t -> onPath(t.field(), pattern(t.pattern(), t.normalized(), Automata::wildcard));
            case Prefix t -> onPath(t.field(), pattern(t.prefix(), true, Automata::prefix));
            case Regexp t -> onPath(t.field(), pattern(t.regex(), true, Automata::regexp));
            case Fuzzy t -> onPath(t.field(), pattern(t.term(), true, term -> Automata.fuzzy(term, t.maxEdits())));
            case Range t -> onPath(t.field(), range(t.from(), t.to(), t.includeFrom(), t.includeTo()));
            case Exists t -> onPath(t.field(), EventView::exists);
            case Bool t -> bool(conditions(t.must()), conditions(t.mustNot()), conditions(t.should()));
        };
    }

    private static List<Condition> conditions(List<QueryTree> trees) {
        return trees.stream().map(EventMatcher::condition).toList();
    }

    private static Condition bool(List<Condition> must, List<Condition> mustNot, List<Condition> should) {
        Condition[] all = must.toArray(Condition[]::new);
        Condition[] none = mustNot.toArray(Condition[]::new);
        Condition[] any = should.toArray(Condition[]::new);
        return e -> {
            for (Condition c : all) {
                if (!c.test(e)) {
                    return false;
                }
            }
            for (Condition c : none) {
                if (c.test(e)) {
                    return false;
                }
            }
            if (any.length == 0) {
                return true;
            }
            for (Condition c : any) {
                if (c.test(e)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Applies a path condition to a field: a plain path, or a glob over paths ({@code *} is every field). */
    private static Condition onPath(String field, PathCondition condition) {
        if (field.indexOf('*') < 0 && field.indexOf('?') < 0) {
            return e -> condition.test(e, field);
        }
        CharacterRunAutomaton paths = new CharacterRunAutomaton(Automata.wildcard(field));
        return e -> {
            for (String path : e.allValues().keySet()) {
                if (paths.run(path) && condition.test(e, path)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Elasticsearch's {@code match}: analysed on text, exact on everything else. */
    private static PathCondition term(Object value) {
        // Every text field uses the standard analyzer: analyse the value once, at compile time.
        List<String> wanted = EventView.analyze("summary", FieldKind.keyword(value));
        PathCondition exact = exact(value);
        return (e, path) -> {
            if (FieldKind.of(path) != FieldKind.TEXT) {
                return exact.test(e, path);
            }
            for (List<String> tokens : e.tokenLists(path)) {
                for (String t : wanted) {
                    if (tokens.contains(t)) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /** Elasticsearch's {@code match_phrase} (with slop): tokens in order within slop on text, exact elsewhere. */
    private static PathCondition phrase(Object value, int slop) {
        List<String> wanted = EventView.analyze("summary", FieldKind.keyword(value));
        PathCondition exact = exact(value);
        return (e, path) -> {
            if (FieldKind.of(path) != FieldKind.TEXT) {
                return exact.test(e, path);
            }
            if (wanted.isEmpty()) {
                return false;
            }
            for (List<String> tokens : e.tokenLists(path)) {
                if (containsPhrase(tokens, wanted, slop)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Whether the phrase occurs: consecutively when {@code slop} is 0; otherwise in order with at most
     * {@code slop} other tokens in between in total (a simplification of Lucene's sloppy phrase, which
     * also allows reordering).
     */
    private static boolean containsPhrase(List<String> tokens, List<String> phrase, int slop) {
        for (int start = 0; start < tokens.size(); start++) {
            if (!tokens.get(start).equals(phrase.getFirst())) {
                continue;
            }
            int pos = start;
            int gaps = 0;
            int matched = 1;
            while (matched < phrase.size() && gaps <= slop) {
                pos++;
                if (pos >= tokens.size()) {
                    break;
                }
                if (tokens.get(pos).equals(phrase.get(matched))) {
                    matched++;
                } else {
                    gaps++;
                }
            }
            if (matched == phrase.size() && gaps <= slop) {
                return true;
            }
        }
        return false;
    }

    /** One term-level value on a path, by the path's kind. */
    private static PathCondition exact(Object value) {
        String text = FieldKind.keyword(value);
        Instant instant = EventView.instant(value);
        InetAddress address = IpAddresses.address(text);
        Cidr block = blockOrNull(text);
        return (e, path) -> switch (FieldKind.of(path)) {
            case KEYWORD, BOOLEAN -> e.keywords(path).contains(text);
            case TEXT -> e.tokenLists(path).stream().anyMatch(tokens -> tokens.contains(text));
            case DATE -> instant != null && e.instants(path).contains(instant);
            case IP -> {
                if (block != null) {
                    yield e.addresses(path).stream().anyMatch(a -> between(a, block.first(), block.last(), true, true));
                }
                yield address != null && e.addresses(path).contains(address);
            }
            // The store keeps geo points in the document only: no query matches them.
            case GEO_POINT -> false;
        };
    }

    private static Cidr blockOrNull(String text) {
        if (text.indexOf('/') < 0) {
            return null;
        }
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Elasticsearch's {@code terms}: the value is exactly one of these; never analysed. */
    private static PathCondition terms(List<?> values) {
        Set<String> strings = new HashSet<>();
        values.forEach(v -> strings.add(FieldKind.keyword(v)));
        List<PathCondition> exacts = values.stream().map(EventMatcher::exact).toList();
        return (e, path) -> switch (FieldKind.of(path)) {
            case KEYWORD, BOOLEAN -> e.keywords(path).stream().anyMatch(strings::contains);
            case TEXT -> e.tokenLists(path).stream().flatMap(List::stream).anyMatch(strings::contains);
            default -> exacts.stream().anyMatch(c -> c.test(e, path));
        };
    }

    /**
     * A wildcard, prefix, regexp or fuzzy pattern over keyword values, or over each token on text; on text the
     * pattern is normalized (lower-cased) first when asked, as the store does.
     */
    private static PathCondition pattern(String pattern, boolean normalized, Function<String, Automaton> make) {
        PathCondition asTyped = automaton(make.apply(pattern));
        if (!normalized) {
            return asTyped;
        }
        PathCondition onText = automaton(make.apply(EventView.normalize("summary", pattern)));
        return (e, path) -> FieldKind.of(path) == FieldKind.TEXT ? onText.test(e, path) : asTyped.test(e, path);
    }

    private static PathCondition automaton(Automaton automaton) {
        CharacterRunAutomaton run = new CharacterRunAutomaton(automaton);
        return (e, path) -> switch (FieldKind.of(path)) {
            case KEYWORD, BOOLEAN -> e.keywords(path).stream().anyMatch(run::run);
            case TEXT -> e.tokenLists(path).stream().flatMap(List::stream).anyMatch(run::run);
            default -> false;
        };
    }

    /** A range by the path's kind: strings on keyword and text tokens, instants, addresses. Null ends are open. */
    private static PathCondition range(Object from, Object to, boolean includeFrom, boolean includeTo) {
        String lo = from == null ? null : FieldKind.keyword(from);
        String hi = to == null ? null : FieldKind.keyword(to);
        Instant tLo = from == null ? Instant.MIN : EventView.instant(from);
        Instant tHi = to == null ? Instant.MAX : EventView.instant(to);
        InetAddress aLo = from == null ? null : IpAddresses.address(lo);
        InetAddress aHi = to == null ? null : IpAddresses.address(hi);
        return (e, path) -> switch (FieldKind.of(path)) {
            case KEYWORD, BOOLEAN -> e.keywords(path).stream().anyMatch(s -> inRange(s, lo, hi, includeFrom, includeTo));
            case TEXT -> e.tokenLists(path).stream().flatMap(List::stream)
                    .anyMatch(s -> inRange(s, lo, hi, includeFrom, includeTo));
            case DATE -> tLo != null && tHi != null && e.instants(path).stream().anyMatch(t -> {
                int a = t.compareTo(tLo);
                int b = t.compareTo(tHi);
                return (a > 0 || (a == 0 && (includeFrom || from == null))) && (b < 0 || (b == 0 && (includeTo || to == null)));
            });
            case IP -> (from == null || aLo != null) && (to == null || aHi != null)
                    && e.addresses(path).stream().anyMatch(a -> between(a, aLo, aHi, includeFrom, includeTo));
            case GEO_POINT -> false;
        };
    }

    private static boolean inRange(String s, String lo, String hi, boolean includeLo, boolean includeHi) {
        // Lucene compares terms as UTF-8 bytes; for the BMP that is the order of code points.
        if (lo != null) {
            int c = compareCodePoints(s, lo);
            if (c < 0 || (c == 0 && !includeLo)) {
                return false;
            }
        }
        if (hi != null) {
            int c = compareCodePoints(s, hi);
            return c < 0 || (c == 0 && includeHi);
        }
        return true;
    }

    private static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static boolean between(InetAddress a, InetAddress lo, InetAddress hi, boolean includeLo, boolean includeHi) {
        byte[] x = a.getAddress();
        if (lo != null) {
            byte[] l = lo.getAddress();
            if (l.length != x.length) {
                return false;
            }
            int c = Arrays.compareUnsigned(x, l);
            if (c < 0 || (c == 0 && !includeLo)) {
                return false;
            }
        }
        if (hi != null) {
            byte[] h = hi.getAddress();
            if (h.length != x.length) {
                return false;
            }
            int c = Arrays.compareUnsigned(x, h);
            return c < 0 || (c == 0 && includeHi);
        }
        return true;
    }
}
