package org.rampart.store.opensearch;

import java.time.Duration;
import java.util.List;
import org.rampart.event.Json;

/** The shared test node's set-up and clean-up: its snapshot repository, and a test's indices by their prefix. */
final class TestCluster {
    private static final String REPOSITORY = "rampart-test";
    private static boolean repositoryRegistered;

    private TestCluster() {}

    /** An fs repository in the node's {@code path.repo}, registered on first use. */
    static synchronized String snapshotRepository() {
        if (!repositoryRegistered) {
            try (OpenSearchClient client = client()) {
                var body = Json.object().put("type", "fs");
                body.putObject("settings").put("location", OpenSearchNode.shared().snapshots().toString());
                client.expect(client.put("/_snapshot/" + REPOSITORY, body), "register the test repository");
            }
            repositoryRegistered = true;
        }
        return REPOSITORY;
    }

    static void deletePrefix(String prefix) {
        try (OpenSearchClient client = client()) {
            client.delete("/" + prefix + "*?expand_wildcards=open,closed");
            client.delete("/_index_template/" + prefix + "rampart-mozdef");
        }
    }

    static OpenSearchClient client() {
        return new OpenSearchClient(List.of(OpenSearchNode.shared().url()), "", "", Duration.ofSeconds(30));
    }
}
