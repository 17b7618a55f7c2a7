package org.rampart.event;

/** Names of the standard fields of a MozDef-format event (MozDef docs, "JSON format"). */
public final class EventFields {
    public static final String RECEIVEDTIMESTAMP = "receivedtimestamp";
    public static final String UTCTIMESTAMP = "utctimestamp";
    public static final String TIMESTAMP = "timestamp";
    public static final String MOZDEFHOSTNAME = "mozdefhostname";
    public static final String TYPE = "type";
    public static final String TAGS = "tags";
    public static final String CATEGORY = "category";
    public static final String HOSTNAME = "hostname";
    public static final String PROCESSID = "processid";
    public static final String PROCESSNAME = "processname";
    public static final String SEVERITY = "severity";
    public static final String SOURCE = "source";
    public static final String SUMMARY = "summary";
    public static final String DETAILS = "details";
    public static final String FACILITY = "facility";
    public static final String EVENTSOURCE = "eventsource";
    /**
     * Not MozDef's: the name of the intake token the event came with ({@code intake.tokens}), set by intake alone
     * (a value the sender put there is removed), absent when intake requires no token or the shared one was used.
     */
    public static final String INTAKESOURCE = "intakesource";
    /**
     * Not MozDef's, never stored: {@code true} on an event an input built the way its MozDef worker builds it (the
     * SQS inputs), so the pipeline runs no keyMapping over it, as for a custom endpoint; the pipeline removes it.
     */
    public static final String PREBUILT = "rampart_prebuilt";
    /** Rampart/MozDef bookkeeping object; {@code mozdef.plugins} lists the plugins that ran. */
    public static final String MOZDEF = "mozdef";
    public static final String PLUGINS = "plugins";
    /** The value of {@link #TYPE} for events (alerts and other documents use other types). */
    public static final String TYPE_EVENT = "event";
    /** The value MozDef stores in a required string field the event lacks. */
    public static final String UNKNOWN = "UNKNOWN";

    private EventFields() {}
}
