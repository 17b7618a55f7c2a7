package org.rampart.bench;

import java.io.IOException;

/** How many events the system under test can find right now; the load generator polls it until all are searchable. */
@FunctionalInterface
interface EventCount {
    /** The number of searchable events; throws when the system cannot tell yet. */
    long count() throws IOException;
}
