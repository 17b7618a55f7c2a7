package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.WildcardMatch;

/** MozDef's ldap_group ({@code ldapGroupModify}): group membership changes, one alert per initiator. */
public class LdapGroupModify extends AlertTask {

    @Override
    public String classname() {
        return "ldapGroupModify";
    }

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("category", "ldapChange"),
                new TermMatch("details.changetype", "modify"),
                new PhraseMatch("summary", "groups"));
        query.addMustNot(
                new WildcardMatch("details.actor", "*bind*"),
                new WildcardMatch("details.changepairs", "delete:*member*"));
        filtersManual(query);
        searchEventsAggregated("details.email", 50);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        return createAlertDict("LDAP group change initiated by " + aggregation.value(), "ldap", List.of("ldap"),
                aggregation.events(), "INFO");
    }
}
