package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's ldap_lockout ({@code ldapLockout}): the directory locked an account after failed binds. */
public class LdapLockout extends AlertTask {

    @Override
    public String classname() {
        return "ldapLockout";
    }

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("category", "ldapChange"),
                new TermMatch("details.actor", "cn=admin,dc=mozilla"),
                new PhraseMatch("details.changepairs", "replace:pwdAccountLockedTime"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        String summary = text(event.path("_source"), "details.dn", "None") + " LDAP account locked";
        return createAlertDict(summary, "ldap", List.of("ldap"), List.of(event), "NOTICE");
    }
}
