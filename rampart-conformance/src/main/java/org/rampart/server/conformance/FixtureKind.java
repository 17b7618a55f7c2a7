package org.rampart.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** One fixture format (mq, alert, alert plugin, http): recognises its files and runs them. */
interface FixtureKind {

    /** True when the parsed fixture file is of this format. */
    boolean accepts(JsonNode fixture);

    /** Runs every case of the file. */
    List<Outcome> run(Path file, JsonNode fixture) throws Exception;
}
