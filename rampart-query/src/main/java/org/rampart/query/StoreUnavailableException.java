package org.rampart.query;

/**
 * The store cannot take or serve anything now, whatever the document: its engine is stopped or unreachable, it is
 * overloaded (429), failing (5xx), blocked (a read-only cluster block, a full disk), or its writer closed after an I/O
 * error. A caller should wait and retry, not change the documents: the pipeline keeps the events in its journal until
 * the store is back. Any other exception from a write means the store refused that content (a mapping conflict, a bad
 * id).
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
