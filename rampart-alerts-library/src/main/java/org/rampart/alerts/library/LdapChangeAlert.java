package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.WildcardMatch;

/** MozDef's ldap_add / ldap_delete: one alert per LDAP entry added or deleted by someone other than a bind. */
abstract class LdapChangeAlert extends AlertTask {
    private final String changetype;
    private final String verb;

    LdapChangeAlert(String changetype, String verb) {
        this.changetype = changetype;
        this.verb = verb;
    }

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(new TermMatch("category", "ldapChange"), new TermMatch("details.changetype", changetype));
        query.addMustNot(new WildcardMatch("details.actor", "*bind*"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        String summary = text(source, "details.actor", "None") + " " + verb + " " + text(source, "details.dn", "None");
        return createAlertDict(summary, "ldap", List.of("ldap"), List.of(event), "INFO");
    }
}
