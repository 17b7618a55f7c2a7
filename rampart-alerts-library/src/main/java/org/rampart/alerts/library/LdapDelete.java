package org.rampart.alerts.library;

/** MozDef's ldap_delete ({@code ldapDelete}): an LDAP entry was deleted. */
public class LdapDelete extends LdapChangeAlert {

    public LdapDelete() {
        super("delete", "deleted");
    }

    @Override
    public String classname() {
        return "ldapDelete";
    }
}
