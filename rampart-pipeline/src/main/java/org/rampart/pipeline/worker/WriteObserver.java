package org.rampart.pipeline.worker;

import java.util.List;
import org.rampart.query.IndexRequest;

/** What watches the pipeline's writes: the streaming alert rules hook in here. */
@FunctionalInterface
public interface WriteObserver {

    /**
     * Sees every processed batch on the worker's thread just before it is written, and may change the documents in
     * place (so an event is stored already tagged with its streaming alert). Sees a batch again when it is replayed
     * after a crash. Must not throw; if it does, the error is logged and the events are written as they are.
     */
    void beforeWrite(List<IndexRequest> batch);

    /**
     * Called on the committer's thread before each store commit; the commit, and so the source checkpoint, wait for it
     * (work the observer started for the batches written so far, such as saving their alerts, is made durable by that
     * commit). A throw skips this commit; the next one tries again.
     */
    default void beforeCommit() {}
}
