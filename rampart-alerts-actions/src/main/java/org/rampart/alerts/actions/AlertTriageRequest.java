package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.rampart.event.Json;

/**
 * What the Slack triage bot is asked about one alert (MozDef's {@code AlertTriageRequest}). The bot's answer comes
 * back as a {@code triagebot} event quoting {@code identifier}, {@code user} and {@code identityConfidence}
 * (the pipeline's triage_bot plugin).
 *
 * @param identifier the alert's {@code _id}
 * @param summary the alert's summary, at most {@link #MAX_SUMMARY_CHARS} characters
 */
record AlertTriageRequest(String identifier, AlertLabel alert, String summary, User user, Confidence identityConfidence) {

    /** Alert summaries carry event text; the bot shows this much in a chat message. */
    static final int MAX_SUMMARY_CHARS = 2000;

    /** Who is asked: an e-mail address, and the Slack name when the Person API knows it ("" otherwise). */
    record User(String email, String slack) {}

    /** How sure Rampart is that {@link #user} is the person behind the alert; MozDef's scale runs highest to lowest. */
    enum Confidence {
        /** The Person API has a profile for the alert's user. */
        HIGH,
        /** The Person API has no profile; the e-mail address is the alert's own user name. */
        LOW;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    AlertTriageRequest {
        if (summary.length() > MAX_SUMMARY_CHARS) {
            summary = summary.substring(0, MAX_SUMMARY_CHARS);
        }
    }

    /** The Lambda payload, MozDef's JSON form: {@code {identifier, alert, summary, user: {email, slack}, identityConfidence}}. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("identifier", identifier);
        json.put("alert", alert.label());
        json.put("summary", summary);
        json.putObject("user").put("email", user.email()).put("slack", user.slack());
        json.put("identityConfidence", identityConfidence.value());
        return json;
    }
}
