package org.rampart.event;

import static org.rampart.event.EventFields.CATEGORY;
import static org.rampart.event.EventFields.DETAILS;
import static org.rampart.event.EventFields.HOSTNAME;
import static org.rampart.event.EventFields.MOZDEF;
import static org.rampart.event.EventFields.MOZDEFHOSTNAME;
import static org.rampart.event.EventFields.PLUGINS;
import static org.rampart.event.EventFields.PROCESSID;
import static org.rampart.event.EventFields.PROCESSNAME;
import static org.rampart.event.EventFields.RECEIVEDTIMESTAMP;
import static org.rampart.event.EventFields.SEVERITY;
import static org.rampart.event.EventFields.SOURCE;
import static org.rampart.event.EventFields.SUMMARY;
import static org.rampart.event.EventFields.TAGS;
import static org.rampart.event.EventFields.TIMESTAMP;
import static org.rampart.event.EventFields.TYPE;
import static org.rampart.event.EventFields.TYPE_EVENT;
import static org.rampart.event.EventFields.UNKNOWN;
import static org.rampart.event.EventFields.UTCTIMESTAMP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/** MozDef's {@code Event.add_required_fields()}: the full standard shape every stored event has. */
public final class EventDefaults {
    private static final String[] UNKNOWN_WHEN_ABSENT = {CATEGORY, HOSTNAME, PROCESSID, PROCESSNAME, SEVERITY, SOURCE,
            SUMMARY};

    private EventDefaults() {}

    /**
     * Sets each standard field that is absent (a field present with any value, null included, is kept):
     * the three timestamps to now, {@code mozdefhostname} to {@code hostname}, {@code type} to {@code event},
     * {@code tags} to {@code []}, {@code details} to {@code {}}, {@code mozdef.plugins} to {@code []}, and
     * {@code category}, {@code hostname}, {@code processid}, {@code processname}, {@code severity}, {@code source},
     * {@code summary} to {@code UNKNOWN}. Returns {@code event}, changed in place.
     */
    public static ObjectNode addRequiredFields(ObjectNode event, Clock clock, String hostname) {
        if (!event.has(RECEIVEDTIMESTAMP) || !event.has(UTCTIMESTAMP) || !event.has(TIMESTAMP)) {
            String now = Timestamps.isoformat(clock.instant());
            putIfAbsent(event, RECEIVEDTIMESTAMP, now);
            putIfAbsent(event, UTCTIMESTAMP, now);
            putIfAbsent(event, TIMESTAMP, now);
        }
        putIfAbsent(event, MOZDEFHOSTNAME, hostname);
        putIfAbsent(event, TYPE, TYPE_EVENT);
        if (!event.has(TAGS)) {
            event.putArray(TAGS);
        }
        for (String field : UNKNOWN_WHEN_ABSENT) {
            putIfAbsent(event, field, UNKNOWN);
        }
        if (!event.has(DETAILS)) {
            event.putObject(DETAILS);
        }
        JsonNode mozdef = event.get(MOZDEF);
        if (mozdef == null) {
            event.putObject(MOZDEF).putArray(PLUGINS);
        } else if (mozdef instanceof ObjectNode bookkeeping && !bookkeeping.has(PLUGINS)) {
            bookkeeping.putArray(PLUGINS);
        }
        return event;
    }

    private static void putIfAbsent(ObjectNode event, String field, String value) {
        if (!event.has(field)) {
            event.put(field, value);
        }
    }
}
