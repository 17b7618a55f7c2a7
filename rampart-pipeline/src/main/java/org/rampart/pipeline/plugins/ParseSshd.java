package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's parse_sshd: reads user, address, port and auth details from the summary of sshd log lines. */
public final class ParseSshd implements EventPlugin {
    private static final String USER = "(?<username>[a-zA-Z0-9@._-]+)";
    private static final String IP = "(?<sourceipaddress>(?:[0-9]{1,3}\\.){3}[0-9]{1,3})";
    private static final String PORT = "(?<sourceport>\\d{1,5})";
    private static final Pattern ACCEPTED = Pattern.compile("^(?<authstatus>Accepted) (?<authmethod>\\w+) for " + USER
            + " from " + IP + " port " + PORT + " ssh2(?::\\sRSA\\s)?(?<rsakeyfingerprint>\\S+)?$");
    private static final Pattern SESSION = Pattern.compile(
            "^pam_unix\\(sshd:session\\): session (?:opened|closed) for user " + USER + "(?: by \\(uid=\\d*\\))?$");
    private static final Pattern POSTPONED = Pattern.compile("^Postponed (?<authmethod>\\w+) for " + USER
            + " from (?:[0-9]{1,3}\\.){3}[0-9]{1,3} port \\d{1,5} ssh2(?: \\[preauth\\])?$");
    private static final Pattern STARTING = Pattern.compile("^Starting session: (?<sessiontype>\\w+)(?: on )?"
            + "(?<device>pts/\\d+)? for " + USER + " from " + IP + " port " + PORT + "$");
    private static final Pattern INVALID_USER = Pattern.compile("^Invalid user " + USER + " from " + IP + "$");
    private static final Pattern USERAUTH_INVALID = Pattern.compile(
            "^input_userauth_request: invalid user " + USER + " \\[preauth\\]");
    private static final Pattern DISCONNECT = Pattern.compile(
            "^Received disconnect from " + IP + ": " + PORT + ": .*\\[preauth\\]");

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
        return "parse_sshd";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        String summary = Events.text(event, "summary");
        if (!"sshd".equals(Events.text(event, "processname")) || summary == null) {
            return event;
        }
        if (summary.startsWith("Accepted")) {
            parse(event, ACCEPTED, summary, "authstatus", "authmethod", "username", "sourceipaddress", "sourceport",
                    "rsakeyfingerprint");
        } else if (summary.startsWith("pam_unix(sshd:session)")) {
            parse(event, SESSION, summary, "username");
        } else if (summary.startsWith("Postponed")) {
            parse(event, POSTPONED, summary, "username", "authmethod");
        } else if (summary.startsWith("Starting session")) {
            parse(event, STARTING, summary, "sessiontype", "device", "username", "sourceipaddress", "sourceport");
        } else if (summary.startsWith("Invalid user")) {
            parse(event, INVALID_USER, summary, "username", "sourceipaddress");
        } else if (summary.startsWith("input_userauth_request")) {
            parse(event, USERAUTH_INVALID, summary, "username");
        } else if (summary.startsWith("Received disconnect")) {
            parse(event, DISCONNECT, summary, "sourceipaddress", "sourceport");
        }
        return event;
    }

    private static void parse(ObjectNode event, Pattern pattern, String summary, String... groups) {
        Matcher m = pattern.matcher(summary);
        if (m.find()) {
            ObjectNode details = Events.detailsOrCreate(event);
            if (details != null) {
                Events.putGroups(m, details, groups);
            }
        }
    }
}
