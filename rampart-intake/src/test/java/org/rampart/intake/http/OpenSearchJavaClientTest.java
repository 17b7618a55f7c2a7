package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.rampart.event.Json;
import org.rampart.intake.journal.JournalEntry;

/** The official OpenSearch Java client (3.9.0) talks to the intake as to a cluster: probes, templates, bulk. */
class OpenSearchJavaClientTest {
    @TempDir
    Path dir;

    @Test
    void bulkProbesAndTemplatesWorkWithTheRealClient() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.withMaxEventSize(200));
                OpenSearchTransport transport = ApacheHttpClient5TransportBuilder
                        .builder(new HttpHost("http", "127.0.0.1", intake.server.port()))
                        .setMapper(new JacksonJsonpMapper()).build()) {
            OpenSearchClient client = new OpenSearchClient(transport);

            assertThat(client.info().version().number()).isEqualTo("7.10.2");
            assertThat(client.ping().value()).isTrue();
            assertThat(client.cluster().health().status().jsonValue()).isEqualTo("green");
            assertThat(client.indices().putIndexTemplate(t -> t.name("rampart").indexPatterns("events-*")).acknowledged())
                    .isTrue();

            BulkResponse response = client.bulk(b -> b
                    .operations(op -> op.index(i -> i.index("events").document(Map.of("summary", "one"))))
                    .operations(op -> op.create(c -> c.index("events").id("ignored").document(Map.of("summary", "two"))))
                    .operations(op -> op.index(i -> i.index("events").document(Map.of("summary", "x".repeat(300))))));

            assertThat(response.errors()).isTrue();
            List<BulkResponseItem> items = response.items();
            assertThat(items).extracting(BulkResponseItem::status).containsExactly(201, 201, 400);
            assertThat(items.get(2).error().reason()).contains("intake.max_event_size");
            List<JournalEntry> written = intake.newEntries();
            assertThat(items.subList(0, 2)).extracting(BulkResponseItem::id)
                    .containsExactlyElementsOf(written.stream().map(JournalEntry::id).toList());
            assertThat(written).extracting(e -> Json.MAPPER.readTree(e.payload()).get("summary").asText())
                    .containsExactly("one", "two");
        }
    }
}
