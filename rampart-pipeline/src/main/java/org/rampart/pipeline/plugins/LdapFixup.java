package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's ldap_fixup: for LDAP events renames {@code details.tls} to {@code tls_encrypted}, defaults
 * {@code source} to "ldap", and takes {@code email}/{@code username} from the {@code mail=} of the actor DN.
 */
public final class LdapFixup implements EventPlugin {
    private static final Pattern SEPARATOR = Pattern.compile("[ ,]");

    @Override
    public List<String> registration() {
        return List.of("LDAP-Humanizer", "ldap");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "ldap_fixup";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        if (!"ldap".equals(Events.text(event, "category"))) {
            return event;
        }
        if (!event.has("source")) {
            event.put("source", "ldap");
        }
        ObjectNode details = Events.detailsOrCreate(event);
        if (details == null) {
            return event;
        }
        if (details.has("tls")) {
            details.set("tls_encrypted", details.remove("tls"));
        }
        String email = mail(Events.text(details, "actor"));
        details.put("email", email);
        details.put("username", email == null ? null : email.split("@", -1)[0]);
        return event;
    }

    /** The mail= value of an actor such as "o=com,mail=a@b.c,dc=x"; null when absent or any part is not k=v. */
    private static String mail(String actor) {
        if (actor == null) {
            return null;
        }
        String mail = null;
        for (String part : SEPARATOR.split(actor, -1)) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                // MozDef builds a dict from every k=v pair and gives up on the first malformed one.
                return null;
            }
            if (kv[0].equals("mail")) {
                mail = kv[1];
            }
        }
        return mail;
    }
}
