package org.rampart.store.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.query.IndexRequest;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.StorePartition;
import org.rampart.query.StoreUnavailableException;
import org.rampart.query.TermMatch;

/**
 * What the cluster store does beyond the contract kit: documents the mapping refuses, a cluster that cannot write now,
 * the query string's escapes.
 */
class OpenSearchEventStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @AfterEach
    void deleteIndices() {
        TestCluster.deletePrefix(OpenSearchEventStoreContractTest.prefixOf(dir));
    }

    private OpenSearchEventStore open() {
        return OpenSearchEventStore.open(OpenSearchEventStoreContractTest.options(
                OpenSearchEventStoreContractTest.prefixOf(dir)), CLOCK, dir);
    }

    private static ObjectNode event(String json) throws Exception {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(json.replace('\'', '"'));
        event.put("receivedtimestamp", "2026-11-23T09:59:00+00:00");
        return event;
    }

    @Test
    void aDocumentTheMappingRefusesIsKeptWholeAndUnindexedWithoutFailingTheBatch() throws Exception {
        try (OpenSearchEventStore store = open()) {
            // An object first, then a plain value at its path: the engine refuses the second document.
            ObjectNode conflicting = event("{'category':'odd','details':{'user':'bob'}}");
            store.index(List.of(IndexRequest.append("events", "plain",
                    event("{'category':'ok','details':{'user':{'name':'alice'}}}"))));
            store.commit();
            store.index(List.of(IndexRequest.append("events", "odd", conflicting),
                    IndexRequest.append("events", "next", event("{'category':'ok'}"))));
            store.commit();
            store.refresh();
            assertThat(store.count(SearchQuery.all().addMust(new TermMatch("category", "ok")), List.of("events")))
                    .isEqualTo(2);
            assertThat(store.get("events", "odd")).isEmpty();
            assertThat(store.get(OpenSearchEventStore.UNINDEXED, "odd").orElseThrow().source()).isEqualTo(conflicting);
            assertThat(store.partitions()).extracting(StorePartition::name).containsExactly("events-20261123", OpenSearchEventStore.UNINDEXED);
        }
    }

    @Test
    void aWriteBlockedIndexIsUnavailableAndItsDocumentsWaitInTheBufferUntilTheBlockIsLifted() throws Exception {
        String partition = OpenSearchEventStoreContractTest.prefixOf(dir) + "events-20261123";
        try (OpenSearchEventStore store = open(); OpenSearchClient client = TestCluster.client()) {
            store.index(List.of(IndexRequest.append("events", "first", event("{'category':'ok'}"))));
            store.commit();
            client.expect(client.put("/" + partition + "/_settings", Json.object().put("index.blocks.write", true)),
                    "block writes");

            ObjectNode second = event("{'category':'ok'}");
            store.index(List.of(IndexRequest.append("events", "second", second)));
            assertThatThrownBy(store::commit).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("block");
            // The pipeline hands the batch in again while it waits: the buffer still holds one copy.
            store.index(List.of(IndexRequest.upsert("events", "second", second)));

            client.expect(client.put("/" + partition + "/_settings", Json.object().putNull("index.blocks.write")),
                    "lift the block");
            store.commit();
            store.refresh();
            assertThat(store.count(SearchQuery.all(), List.of("events"))).isEqualTo(2);
            assertThat(store.get("events", "second")).isPresent();
            assertThat(store.partitions()).extracting(StorePartition::name).containsExactly("events-20261123");
        }
    }

    @Test
    void aClusterThatDoesNotAnswerIsUnavailable() throws Exception {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        OpenSearchEventStore.Options options = new OpenSearchEventStore.Options(List.of(URI.create("http://127.0.0.1:"
                + nobody + "/")), "", "", "x-", 100, Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                Duration.ofSeconds(5), "", "host");
        assertThatThrownBy(() -> OpenSearchEventStore.open(options, CLOCK, dir))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("no OpenSearch node answered");
    }

    @Test
    void queryStringSpecialCharactersInValuesAreLiteral() throws Exception {
        try (OpenSearchEventStore store = open()) {
            store.index(List.of(IndexRequest.append("events", "a", event("{'details':{'path':'/etc/pass wd (1)'}}")),
                    IndexRequest.append("events", "b", event("{'details':{'path':'/etc/other'}}"))));
            store.refresh();
            assertThat(ids(store, "details.path:\\/etc\\/pass*")).containsExactly("a");
            assertThat(ids(store, "details.path:/\\/etc\\/pass.*/")).containsExactly("a");
            assertThat(ids(store, "details.path:/.*wd \\(1\\)/")).containsExactly("a");
            assertThat(ids(store, "details.\\*:\\/etc\\/oth*")).containsExactly("b");
        }
    }

    private static List<String> ids(OpenSearchEventStore store, String query) {
        return store.search(SearchQuery.all().addMust(new QueryStringMatch(query)), List.of("events"), 10).hits()
                .stream().map(h -> h.id()).toList();
    }
}
