package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alerts the Slack triage bot asks users about (MozDef's {@code AlertLabel}): the alert's class name, the label
 * the bot knows it by, and where the alert names the user it is about. The user is read from the alert's sample
 * events ({@code _source.events[].documentsource}), the first that names one.
 */
enum AlertLabel {
    /** A generic rule on SSH sessions opened on sensitive hosts. */
    SENSITIVE_HOST_LOGIN("sensitive_host_login", "AlertGenericLoader:ssh_open_crit", AlertLabel::sshUser),
    /** {@code AlertAuthSignRelengSSH}: an SSH login on a release-signing host. */
    SSH_ACCESS_SIGN_RELENG("ssh_access_sign_releng", "AlertAuthSignRelengSSH", AlertLabel::sshUser),
    /**
     * A generic rule on Duo administrator logs {@code bypass_create}: {@code details.object} is the user the codes
     * are for ({@code details.username} is the administrator who made them).
     */
    DUO_BYPASS_CODES_GENERATED("duo_bypass_codes_generated", "AlertGenericLoader:duosecurity_bypass_generated",
            event -> text(event.path("details").path("object"))),
    /** A generic rule on Duo authentication logs with factor {@code bypass_code}: {@code details.username} used it. */
    DUO_BYPASS_CODES_USED("duo_bypass_codes_used", "AlertGenericLoader:duosecurity_bypass_used",
            event -> text(event.path("details").path("username")));

    /** What sshd writes: "Accepted publickey for alice from ..." and "session opened for user alice by ...". */
    private static final Pattern SSHD_USER =
            Pattern.compile("(?:Accepted \\S+ for|session opened for user) (\\S+)");
    /** sshd's lines are short; the rest of a longer summary is not looked at (it is event text). */
    private static final int MAX_SSHD_LINE = 1000;
    /** A user name or e-mail address as it goes into a URL and a chat message: no spaces, no control characters. */
    private static final Pattern PLAUSIBLE_USER = Pattern.compile("[^\\s\\p{Cntrl}]{1,254}");

    private final String label;
    private final String classname;
    private final Function<JsonNode, Optional<String>> userOfEvent;

    AlertLabel(String label, String classname, Function<JsonNode, Optional<String>> userOfEvent) {
        this.label = label;
        this.classname = classname;
        this.userOfEvent = userOfEvent;
    }

    /** The label the bot and the duplicate chains know this alert by. */
    String label() {
        return label;
    }

    /** The alert's class name, as in {@code enabled_alert_classnames}. */
    String classname() {
        return classname;
    }

    /** The label of an alert class, compared case-insensitively as MozDef's registration is. */
    static Optional<AlertLabel> forClassname(String classname) {
        for (AlertLabel candidate : values()) {
            if (candidate.classname.toLowerCase(Locale.ROOT).equals(classname.toLowerCase(Locale.ROOT))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The user the alert ({@code _source}) is about; empty when no sample event names a plausible one. */
    Optional<String> user(JsonNode alert) {
        for (JsonNode event : alert.path("events")) {
            Optional<String> user = userOfEvent.apply(event.path("documentsource"))
                    .filter(u -> PLAUSIBLE_USER.matcher(u).matches());
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }

    /** {@code details.username} when the event has one, else the user in sshd's own line. */
    private static Optional<String> sshUser(JsonNode event) {
        Optional<String> username = text(event.path("details").path("username"));
        if (username.isPresent()) {
            return username;
        }
        String line = event.path("summary").asText("");
        Matcher m = SSHD_USER.matcher(line.substring(0, Math.min(line.length(), MAX_SSHD_LINE)));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText().trim()) : Optional.empty();
    }
}
