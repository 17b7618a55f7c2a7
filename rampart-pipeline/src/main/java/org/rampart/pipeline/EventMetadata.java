package org.rampart.pipeline;

import java.util.Objects;

/**
 * What a plugin gets besides the event: MozDef's {@code metadata} dict (index, doc type, id), which a plugin may
 * change, and the event's {@link EventContext}, which it reads.
 */
public final class EventMetadata {
    private final EventContext context;
    private String index = "events";
    private String docType = "event";
    private String id;

    /** MozDef's starting metadata ({@code events}, no id) for an event in {@code context}. */
    public EventMetadata(EventContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    public EventMetadata(String index, String id, EventContext context) {
        this(context);
        this.index = index;
        this.id = id;
    }

    /** The event's context: its intake time ("now" for plugins), id and replayed flag. */
    public EventContext context() { return context; }
    public String index() { return index; }
    public void index(String index) { this.index = index; }
    public String docType() { return docType; }
    public void docType(String docType) { this.docType = docType; }
    public String id() { return id; }
    public void id(String id) { this.id = id; }
}
