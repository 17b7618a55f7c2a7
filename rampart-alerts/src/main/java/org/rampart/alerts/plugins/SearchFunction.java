package org.rampart.alerts.plugins;

import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;

/**
 * How an alert plugin looks events up (MozDef's {@code search_fn}): in production a search of the
 * store over the plugin's indices, in the conformance fixtures a replay of the recorded answers.
 */
@FunctionalInterface
public interface SearchFunction {

    /** Runs the lookup. */
    SimpleResults search(SearchQuery query);
}
