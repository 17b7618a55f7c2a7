package org.rampart.query.tree;

import java.util.List;
import org.rampart.event.ip.Cidr;
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
import org.rampart.query.tree.QueryTree.Phrase;
import org.rampart.query.tree.QueryTree.Range;
import org.rampart.query.tree.QueryTree.Term;
import org.rampart.query.tree.QueryTree.Terms;
import org.rampart.query.tree.QueryTree.Wildcard;

/** MozDef's matchers as tree nodes: each one is a special case of a node, so no store needs to know them. */
final class MatchLowering {
    private MatchLowering() {}

    static QueryTree lower(Match match, int depth) {
        if (depth > QueryTree.MAX_DEPTH) {
            throw QueryStringParser.tooDeep();
        }
        return switch (match) {
            case TermMatch m -> new Term(m.key(), m.value());
            case PhraseMatch m -> new Phrase(m.key(), m.value(), 0);
            case TermsMatch m -> new Terms(m.key(), List.copyOf(m.values()));
            case WildcardMatch m -> new Wildcard(m.key(), m.value(), false);
            case RangeMatch m -> new Range(m.key(), m.from(), m.to(), true, true);
            case LessThanMatch m -> new Range(m.key(), null, m.value(), true, false);
            case ExistsMatch m -> new Exists(m.field());
            case MissingMatch m -> new Bool(List.of(), List.of(new Exists(m.field())), List.of());
            // MozDef's SubnetMatch is the query string "key: [first TO last]".
            case SubnetMatch m -> {
                Cidr block = m.block();
                yield new Range(m.key(), block.first().getHostAddress(), block.last().getHostAddress(), true, true);
            }
            case QueryStringMatch m -> QueryStringParser.tree(m.query());
            case BooleanMatch m -> new Bool(lower(m.must(), depth), lower(m.mustNot(), depth), lower(m.should(), depth));
        };
    }

    private static List<QueryTree> lower(List<Match> matches, int depth) {
        return matches.stream().map(m -> lower(m, depth + 1)).toList();
    }
}
