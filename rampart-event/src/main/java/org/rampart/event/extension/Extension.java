package org.rampart.event.extension;

/**
 * Something Rampart finds by kind and name in {@link Extensions}: an event plugin, an alert plugin, an alert action
 * type, a REST plugin, a store. Each kind is a small interface that extends this one and declares its
 * {@link ExtensionKind}.
 */
public interface Extension {

    /** The name configuration refers to it by; unique within its kind. */
    String name();
}
