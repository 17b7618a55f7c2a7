package org.rampart.alerts.library;

/** MozDef's ldap_add ({@code ldapAdd}): an LDAP entry was added. */
public class LdapAdd extends LdapChangeAlert {

    public LdapAdd() {
        super("add", "added");
    }

    @Override
    public String classname() {
        return "ldapAdd";
    }
}
