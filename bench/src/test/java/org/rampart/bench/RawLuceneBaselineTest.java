package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;

class RawLuceneBaselineTest {
    private static final Instant END = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void indexesEveryEventSearchablyWithItsSource(@TempDir Path dir) throws Exception {
        EventCorpus corpus = EventCorpus.generate(9, 1_000, END);
        assertThat(RawLuceneBaseline.index(corpus, dir, 3_000, 2, 16, true, 600)).isEqualTo(3_000);

        long syslog = 0;
        for (int i = 0; i < corpus.size(); i++) {
            if ("syslog".equals(Json.MAPPER.readTree(corpus.event(i)).path("category").asText())) {
                syslog++;
            }
        }
        String someIp = Json.MAPPER.readTree(corpus.event(0)).at("/details/sourceipaddress").asText();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertThat(reader.numDocs()).isEqualTo(3_000);
            assertThat(searcher.count(new TermQuery(new Term("category", "syslog")))).isEqualTo(3 * (int) syslog);
            assertThat(searcher.count(new TermQuery(new Term("details.sourceipaddress", someIp)))).isGreaterThanOrEqualTo(3);
            assertThat(searcher.count(new TermQuery(new Term("summary", "accepted")))).isPositive();
            assertThat(searcher.count(new TermQuery(new Term("details.sourceport", "0")))).isZero();
            long from = END.minusSeconds(600).toEpochMilli();
            assertThat(searcher.count(LongPoint.newRangeQuery("timestamp", from, END.toEpochMilli()))).isEqualTo(3_000);
            int first = searcher.search(new TermQuery(new Term("category", "syslog")), 1).scoreDocs[0].doc;
            JsonNode source = Json.MAPPER.readTree(searcher.storedFields().document(first).getBinaryValue("_source").bytes);
            assertThat(source.path("category").asText()).isEqualTo("syslog");
        }
    }

    @Test
    void numbersAndStringsUnderOneNameKeepOneSchema(@TempDir Path dir) throws Exception {
        // Bro gives destinationport as a number, the firewall as a string: both must index.
        EventCorpus corpus = EventCorpus.generate(2, 400, END);
        RawLuceneBaseline.index(corpus, dir, 400, 1, 16, false, 600);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            assertThat(new IndexSearcher(reader).count(new TermQuery(new Term("details.destinationport", "443")))).isPositive();
        }
    }
}
