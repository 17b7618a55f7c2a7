package org.rampart.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a user would run instead: the same corpus through a running OpenSearch node's {@code _bulk},
 * into an {@code events} index with MozDef's mapping template, until {@code _refresh} + {@code _count} see it all.
 */
@Command(name = "opensearch-bulk-baseline", mixinStandardHelpOptions = true,
        description = "Feeds the corpus to OpenSearch's _bulk and waits until _count sees every event.")
public final class OpenSearchBulkBaseline implements Callable<Integer> {
    private static final String INDEX = "events";

    @Option(names = "--opensearch", description = "Base URL of the node (default ${DEFAULT-VALUE}).")
    URI base = URI.create("http://127.0.0.1:9200");

    @Option(names = "--wait-seconds", description = "Give up waiting for searchability after this long (default ${DEFAULT-VALUE}).")
    int waitSeconds = 120;

    @Mixin
    LoadOptions load;

    /** Runs the baseline against a node that is already up; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new OpenSearchBulkBaseline()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        createIndex();
        EventCorpus corpus = load.corpus();
        System.out.printf(Locale.ROOT, "corpus: %d distinct events, %.0f bytes on average%n",
                corpus.size(), corpus.averageBytes());
        LoadReport report;
        try (HttpEventCount counter = new HttpEventCount(base.resolve("/" + INDEX + "/_count"), "GET", null, "/count",
                base.resolve("/" + INDEX + "/_refresh"), null)) {
            report = new LoadRun(base.resolve("/_bulk"), load, corpus).run(counter, waitSeconds);
        }
        report.print(System.out, "opensearch");
        return report.accepted() == 0 || report.searchable() < 0 ? 1 : 0;
    }

    /** A fresh {@code events} index: one shard, no replica, MozDef's default mapping template. */
    private void createIndex() throws IOException {
        byte[] definition;
        try (InputStream in = OpenSearchBulkBaseline.class.getResourceAsStream("opensearch-events-index.json")) {
            if (in == null) {
                throw new IllegalStateException("opensearch-events-index.json is missing from the bench jar");
            }
            definition = in.readAllBytes();
        }
        try (HttpConnection connection = HttpConnection.to(base)) {
            HttpConnection.Response deleted = connection.send("DELETE", "/" + INDEX, null, null);
            if (deleted.status() / 100 != 2 && deleted.status() != 404) {
                throw new IOException("could not delete the old index: " + deleted.status() + " " + deleted.text());
            }
            HttpConnection.Response created = connection.send("PUT", "/" + INDEX, "application/json", definition);
            if (created.status() / 100 != 2) {
                throw new IOException("could not create the index: " + created.status() + " " + created.text());
            }
        }
    }
}
