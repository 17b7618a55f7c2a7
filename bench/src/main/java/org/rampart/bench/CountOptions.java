package org.rampart.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how the load generator asks how many events are searchable. */
final class CountOptions {
    @Option(names = "--count-url", description = "Query API that counts events, e.g. Rampart's http://127.0.0.1:8081/query/count.")
    URI countUrl;

    @Option(names = "--count-body", description = "JSON body of the count request (default ${DEFAULT-VALUE}: all time,"
            + " Rampart's default indices).")
    String countBody = "{}";

    @Option(names = "--count-token-file", description = "File holding the API token sent as 'Authorization: Bearer'"
            + " (Rampart writes it to <data.dir>/api-token); default: $RAMPART_API_TOKEN if set.")
    Path countTokenFile;

    @Option(names = "--count-method", description = "HTTP method of the count request (default ${DEFAULT-VALUE}).")
    String countMethod = "POST";

    @Option(names = "--count-field", description = "JSON pointer to the count in the reply (default: /count, /hits/total/value, /hits/total, /total, /meta/total).")
    String countField;

    @Option(names = "--refresh-url", description = "URL to POST before each count (OpenSearch _refresh).")
    URI refreshUrl;

    @Option(names = "--no-wait", description = "Do not wait until the events are searchable.")
    boolean noWait;

    @Option(names = "--wait-seconds", description = "Give up waiting for searchability after this long (default ${DEFAULT-VALUE}).")
    int waitSeconds = 120;

    /** True when the run waits until its events are searchable. */
    boolean waits() {
        return !noWait && countUrl != null;
    }

    /** The counter, or null when no count URL is given or waiting is off. */
    HttpEventCount counter() throws IOException {
        if (!waits()) {
            return null;
        }
        // From a file or the environment, never the command line, where other users of the machine could read it.
        String token = countTokenFile != null ? Files.readString(countTokenFile).strip() : System.getenv("RAMPART_API_TOKEN");
        return new HttpEventCount(countUrl, countMethod, "GET".equalsIgnoreCase(countMethod) ? null : countBody,
                countField, refreshUrl, token);
    }
}
