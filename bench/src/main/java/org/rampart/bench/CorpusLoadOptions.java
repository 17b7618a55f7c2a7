package org.rampart.bench;

import picocli.CommandLine.Option;

/** How the benchmarks that load a store draw and write their corpus events: one option block, mixed into each. */
final class CorpusLoadOptions {
    @Option(names = "--threads", description = "Loading threads (and, where OpenSearch is loaded too, its _bulk"
            + " connections) (default ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--seed", description = "Corpus seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--pool", description = "Distinct corpus events, cycled (default ${DEFAULT-VALUE}).")
    int pool = 100_000;
}
