package org.rampart.pipeline;

/** What a plugin may change besides the event: MozDef's {@code metadata} dict (index, doc type, id). */
public final class EventMetadata {
    private String index = "events";
    private String docType = "event";
    private String id;

    public EventMetadata() {}

    public EventMetadata(String index, String id) {
        this.index = index;
        this.id = id;
    }

    public String index() { return index; }
    public void index(String index) { this.index = index; }
    public String docType() { return docType; }
    public void docType(String docType) { this.docType = docType; }
    public String id() { return id; }
    public void id(String id) { this.id = id; }
}
