package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's parse_su: reads a su PAM session line, e.g. "pam_unix(su:session): session opened for user root by
 * alice(uid=1000)", into originuser, status, uid and username. Registered on "sshd" as in MozDef.
 */
public final class ParseSu implements EventPlugin {
    private static final Pattern SESSION = Pattern.compile("^pam_unix\\(su(?:-l)?:session\\): session (?<status>\\w+) "
            + "for user (?<username>[\\w.@-]+)(?: by (?<originuser>[\\w.@-]+)?\\(uid=(?<uid>\\d+)\\))?");

    @Override
    public List<String> registration() {
        return List.of("sshd");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "parse_su";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        String summary = Events.text(event, "summary");
        if (details == null || summary == null || !"su".equals(Events.text(details, "program"))
                || !summary.startsWith("pam_unix(su")) {
            return event;
        }
        Matcher m = SESSION.matcher(summary);
        if (m.find()) {
            Events.putGroups(m, details, "originuser", "status", "uid", "username");
        }
        return event;
    }
}
