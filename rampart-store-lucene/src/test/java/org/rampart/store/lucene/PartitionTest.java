package org.rampart.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partition closed while it merges into one segment keeps every committed document and opens again. */
class PartitionTest {
    @TempDir
    Path dir;

    @Test
    void closingDuringAMergeLosesNothing() throws Exception {
        Path folder = dir.resolve("events-20261122");
        int segments = 20;
        int perSegment = 5_000;
        Partition partition = Partition.open("events-20261122", folder, new StandardAnalyzer(), 16);
        for (int s = 0; s < segments; s++) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < perSegment; i++) {
                Document doc = new Document();
                doc.add(new StringField("k:category", "c" + (i % 50), Field.Store.NO));
                doc.add(new StoredField(DocumentMapper.SOURCE, ("{\"n\":" + (s * perSegment + i) + "}").getBytes()));
                docs.add(doc);
            }
            partition.append(docs);
            partition.refresh(true);
        }
        assertThat(partition.segments()).isEqualTo(segments);

        partition.mergeStarting();
        CompletableFuture<Integer> merge = CompletableFuture.supplyAsync(() -> {
            try {
                return partition.mergeToOneSegment();
            } catch (Exception e) {
                return -1;    // aborted by the close: expected, and harmless
            }
        });
        partition.close();
        merge.join();
        assertThat(partition.merging()).isFalse();

        Partition reopened = Partition.open("events-20261122", folder, new StandardAnalyzer(), 16);
        try {
            int found = reopened.search((searcher, fields) -> searcher.getIndexReader().numDocs());
            assertThat(found).isEqualTo(segments * perSegment);
            assertThat(reopened.mergeToOneSegment()).as("segments before a merge that runs to its end")
                    .isBetween(1, segments);
            assertThat(reopened.segments()).isEqualTo(1);
            int afterMerge = reopened.search((searcher, fields) -> searcher.getIndexReader().numDocs());
            assertThat(afterMerge).isEqualTo(segments * perSegment);
        } finally {
            reopened.close();
        }
    }
}
