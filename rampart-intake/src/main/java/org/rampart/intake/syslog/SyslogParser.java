package org.rampart.intake.syslog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.IntPredicate;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/**
 * Syslog messages (RFC 5424, RFC 3164 and what daemons actually send under that name) as MozDef events: hostname,
 * processname (APP-NAME or TAG), processid, severity and facility by name, summary = the message, utctimestamp
 * from the header, and RFC 5424 structured data and MSGID in details. A message that is not syslog is kept: its
 * text is the summary and {@code details.syslogerror} says what was wrong, so nothing sent over TCP is lost.
 */
final class SyslogParser {
    private static final String[] SEVERITIES = {"EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"};
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
            "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7"};
    private static final String NIL = "-";
    /** RFC 3164 allows 32 characters of TAG; daemons send longer program names, so be lenient up to a bound. */
    private static final int MAX_TAG = 128;
    /** RFC 3164 times carry no year: one more than a day ahead of the clock is last year's (sent on 31 December). */
    private static final Duration FUTURE_SLACK = Duration.ofDays(1);

    /** An event, and whether its text was syslog (false: kept raw with the reason in details.syslogerror). */
    record Parsed(ObjectNode event, boolean wellFormed) {}

    private final Clock legacyClock;

    /** RFC 3164 times (no zone, no year) are read in {@code timezone}, in the year of {@code clock}. */
    SyslogParser(ZoneId timezone, Clock clock) {
        this.legacyClock = clock.withZone(timezone);
    }

    /**
     * The event of one message (a datagram or a TCP frame, without framing); {@code sender} is the peer address, the
     * hostname when the message names none; {@code truncated}: the message was cut at intake.max_event_size.
     */
    Parsed parse(byte[] message, String sender, boolean truncated) {
        String text = new String(message, StandardCharsets.UTF_8);
        ObjectNode event = Json.object();
        event.put("category", "syslog");
        ObjectNode details = event.putObject("details");
        if (truncated) {
            details.put("truncated", true);
        }
        boolean wellFormed;
        try {
            Cursor cursor = new Cursor(text);
            int priority = priority(cursor);
            event.put("severity", SEVERITIES[priority & 7]);
            event.put("facility", FACILITIES[priority >> 3]);
            if (cursor.peekVersion()) {
                rfc5424(cursor, event, details);
            } else {
                rfc3164(cursor, event);
            }
            wellFormed = true;
        } catch (Malformed e) {
            event.remove(List.of("severity", "facility", "utctimestamp", "hostname", "processname", "processid"));
            details.removeAll();
            if (truncated) {
                details.put("truncated", true);
            }
            details.put("syslogerror", e.getMessage());
            event.put("summary", text.strip());
            wellFormed = false;
        }
        if (!event.hasNonNull("hostname")) {
            event.put("hostname", sender);
        }
        return new Parsed(event, wellFormed);
    }

    /**
     * The event as JSON of at most {@code maxBytes}: escaping can make a message's JSON longer than the message, so
     * the summary is cut further until it fits (and the event says it was truncated).
     */
    static byte[] json(ObjectNode event, int maxBytes) {
        byte[] json = write(event);
        if (json.length <= maxBytes) {
            return json;
        }
        ((ObjectNode) event.get("details")).put("truncated", true);
        String summary = event.path("summary").asText("");
        event.put("summary", "");
        json = write(event);
        if (json.length > maxBytes) {
            // Only absurd structured data gets here: keep the envelope, drop the details.
            event.putObject("details").put("truncated", true);
            json = write(event);
        }
        event.put("summary", prefixWithin(summary, maxBytes - json.length));
        return write(event);
    }

    /** The longest prefix of {@code text} whose JSON string content surely fits in {@code budget} bytes. */
    private static String prefixWithin(String text, int budget) {
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            // At most: 6 bytes (a backslash-u escape) for what JSON escapes, UTF-8 length otherwise (a surrogate pair: 4, 2 per half).
            int cost = c < 0x20 || c == '"' || c == '\\' ? 6 : c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            if (used + cost > budget) {
                break;
            }
            used += cost;
            end++;
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static byte[] write(ObjectNode event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event of strings could not be written as JSON", e);
        }
    }

    /** {@code <PRI>}: 1 to 3 digits, 0 to 191. */
    private static int priority(Cursor cursor) throws Malformed {
        if (!cursor.take('<')) {
            throw new Malformed("no <PRI> at the start");
        }
        int value = 0;
        int digits = 0;
        while (cursor.peekDigit() && digits < 3) {
            value = value * 10 + cursor.next() - '0';
            digits++;
        }
        if (digits == 0 || !cursor.take('>') || value > 191) {
            throw new Malformed("the <PRI> is not a number from 0 to 191 in angle brackets");
        }
        return value;
    }

    /** {@code VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]}. */
    private static void rfc5424(Cursor cursor, ObjectNode event, ObjectNode details) throws Malformed {
        String version = cursor.token();
        if (!version.equals("1")) {
            throw new Malformed("RFC 5424 version " + abbreviate(version) + " is not 1");
        }
        String timestamp = cursor.token();
        if (!timestamp.equals(NIL)) {
            Instant instant = Timestamps.parse(timestamp, Clock.systemUTC());
            if (instant == null) {
                throw new Malformed("the RFC 5424 timestamp " + abbreviate(timestamp) + " is not a date");
            }
            event.put("utctimestamp", Timestamps.isoformat(instant));
        }
        putUnlessNil(event, "hostname", cursor.token());
        putUnlessNil(event, "processname", cursor.token());
        putUnlessNil(event, "processid", cursor.token());
        putUnlessNil(details, "msgid", cursor.token());
        cursor.take(' ');
        structuredData(cursor, details);
        cursor.take(' ');
        String message = cursor.rest();
        event.put("summary", (message.startsWith("\uFEFF") ? message.substring(1) : message).strip());
    }

    /** {@code [SD-ID (SP NAME="VALUE")*]...} or {@code -}; each element becomes {@code details.<SD-ID>.<NAME>}. */
    private static void structuredData(Cursor cursor, ObjectNode details) throws Malformed {
        if (cursor.take('-')) {
            return;
        }
        if (!cursor.peek('[')) {
            throw new Malformed("RFC 5424 structured data must be - or start with [");
        }
        while (cursor.take('[')) {
            String id = cursor.name();
            ObjectNode element = details.putObject(id);
            while (cursor.take(' ')) {
                String name = cursor.name();
                if (!cursor.take('=') || !cursor.take('"')) {
                    throw new Malformed("structured data parameter " + abbreviate(name) + " has no =\"value\"");
                }
                element.put(name, cursor.quoted());
            }
            if (!cursor.take(']')) {
                throw new Malformed("structured data element " + abbreviate(id) + " does not end with ]");
            }
        }
    }

    /** {@code TIMESTAMP HOSTNAME TAG[PID]: MSG}, with an RFC 3339 timestamp too (rsyslog's high-precision format). */
    private void rfc3164(Cursor cursor, ObjectNode event) {
        Instant instant = legacyTimestamp(cursor);
        if (instant == null) {
            // No header: RFC 3164 says the whole text is the message.
            event.put("summary", cursor.rest().strip());
            return;
        }
        event.put("utctimestamp", Timestamps.isoformat(instant));
        cursor.take(' ');
        String hostname = cursor.token();
        if (!hostname.isEmpty()) {
            event.put("hostname", hostname);
        }
        cursor.take(' ');
        int mark = cursor.position();
        String tag = cursor.until(c -> c == ':' || c == '[' || c == ' ', MAX_TAG);
        String pid = null;
        if (cursor.take('[')) {
            pid = cursor.until(c -> c == ']' || c == ' ', MAX_TAG);
            if (!cursor.take(']')) {
                tag = "";
            }
        }
        if (!tag.isEmpty() && cursor.take(':')) {
            event.put("processname", tag);
            if (pid != null && !pid.isEmpty()) {
                event.put("processid", pid);
            }
        } else {
            cursor.reset(mark);
        }
        event.put("summary", cursor.rest().strip());
    }

    /** {@code Mmm dd hh:mm:ss} in the configured zone, or an RFC 3339 timestamp; null (nothing read) when neither. */
    private Instant legacyTimestamp(Cursor cursor) {
        int mark = cursor.position();
        String first = cursor.token();
        if (first.length() >= 10 && Character.isDigit(first.charAt(0))) {
            Instant iso = Timestamps.parse(first, legacyClock);
            if (iso != null) {
                return iso;
            }
        } else if (first.length() == 3 && Character.isLetter(first.charAt(0))) {
            cursor.take(' '); // a day below 10 is space-padded: "Dec  6"
            String day = cursor.token();
            String time = cursor.token();
            if (day.length() <= 2 && time.length() == 8 && time.charAt(2) == ':' && time.charAt(5) == ':') {
                Instant instant = Timestamps.parse(first + " " + day + " " + time, legacyClock);
                if (instant != null) {
                    return instant.isAfter(legacyClock.instant().plus(FUTURE_SLACK))
                            ? instant.atZone(legacyClock.getZone()).minusYears(1).toInstant() : instant;
                }
            }
        }
        cursor.reset(mark);
        return null;
    }

    private static void putUnlessNil(ObjectNode node, String field, String value) throws Malformed {
        if (value.isEmpty()) {
            throw new Malformed("the RFC 5424 header ends before " + field);
        }
        if (!value.equals(NIL)) {
            node.put(field, value);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Why a message is not syslog; no stack trace, as bad input is common and not a bug. */
    private static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Reading position in a message. */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        int position() {
            return at;
        }

        void reset(int position) {
            at = position;
        }

        boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        boolean peekDigit() {
            return at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9';
        }

        char next() {
            return text.charAt(at++);
        }

        boolean take(char c) {
            if (peek(c)) {
                at++;
                return true;
            }
            return false;
        }

        /** An RFC 5424 VERSION next: one or two digits and a space (RFC 3164 has a month name, or a 4-digit year). */
        boolean peekVersion() {
            int digits = 0;
            while (at + digits < text.length() && digits < 3 && text.charAt(at + digits) >= '0' && text.charAt(at + digits) <= '9') {
                digits++;
            }
            return digits >= 1 && digits <= 2 && at + digits < text.length() && text.charAt(at + digits) == ' ';
        }

        /** Up to the next space (not taken), after skipping the one space before it if any. */
        String token() {
            take(' ');
            return until(c -> c == ' ', Integer.MAX_VALUE);
        }

        String until(IntPredicate stop, int max) {
            int start = at;
            while (at < text.length() && !stop.test(text.charAt(at)) && at - start < max) {
                at++;
            }
            return text.substring(start, at);
        }

        /** An SD-ID or PARAM-NAME: printable ASCII but {@code = ] " SP}, 1 to 32 characters. */
        String name() throws Malformed {
            String name = until(c -> c <= ' ' || c >= 127 || c == '=' || c == ']' || c == '"', 33);
            if (name.isEmpty() || name.length() > 32) {
                throw new Malformed("a structured data name is empty or longer than 32 characters");
            }
            return name;
        }

        /** A PARAM-VALUE after its opening quote, with {@code \" \\ \]} unescaped, and the closing quote taken. */
        String quoted() throws Malformed {
            StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && at < text.length() && "\"\\]".indexOf(text.charAt(at)) >= 0) {
                    c = text.charAt(at++);
                }
                value.append(c);
            }
            throw new Malformed("a structured data value has no closing quote");
        }

        String rest() {
            String rest = text.substring(at);
            at = text.length();
            return rest;
        }
    }
}
