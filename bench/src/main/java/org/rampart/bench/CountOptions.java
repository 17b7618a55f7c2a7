package org.rampart.bench;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where and how the load generator asks how many events are searchable. */
final class CountOptions {
    @Option(names = "--count-url", description = "Query API that counts events, e.g. http://127.0.0.1:8081/query.")
    URI countUrl;

    @Option(names = "--count-body", description = "JSON body of the count request (default ${DEFAULT-VALUE}).")
    String countBody = "{\"all\":true,\"count\":true}";

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
    HttpEventCount counter() {
        if (!waits()) {
            return null;
        }
        return new HttpEventCount(countUrl, countMethod, "GET".equalsIgnoreCase(countMethod) ? null : countBody,
                countField, refreshUrl);
    }
}
