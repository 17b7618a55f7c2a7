package org.rampart.bench;

import java.time.Instant;
import picocli.CommandLine.Option;

/** The shape of one bounded load run, shared by the load generator and the OpenSearch baseline. */
final class LoadOptions {
    @Option(names = "--events", description = "Events to send (default ${DEFAULT-VALUE}).")
    long events = 1_000_000;

    @Option(names = "--connections", description = "Keep-alive connections, one sender each (default ${DEFAULT-VALUE}).")
    int connections = 16;

    @Option(names = "--batch", description = "Events per _bulk request (default ${DEFAULT-VALUE}); single-event URLs send 1.")
    int batch = 1000;

    @Option(names = "--max-seconds", description = "Stop sending after this many seconds (default ${DEFAULT-VALUE}).")
    int maxSeconds = 120;

    @Option(names = "--retries", description = "Retries of a request answered 429/503 or lost to an I/O error (default ${DEFAULT-VALUE}).")
    int retries = 20;

    @Option(names = "--seed", description = "Corpus seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--pool", description = "Distinct events in the corpus, cycled (default ${DEFAULT-VALUE}).")
    int pool = 100_000;

    @Option(names = "--mix", description = "Events to send: CORPUS (realistic MozDef mix) or SYNTHETIC (one small flat"
            + " shape, as a wrk script sends) (default ${DEFAULT-VALUE}).", converter = MixConverter.class)
    EventCorpus.Mix mix = EventCorpus.Mix.CORPUS;

    /** Accepts the mix in any case, as run-all.sh passes it lower-case. */
    static final class MixConverter implements picocli.CommandLine.ITypeConverter<EventCorpus.Mix> {
        @Override
        public EventCorpus.Mix convert(String value) {
            return EventCorpus.Mix.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    EventCorpus corpus() {
        return EventCorpus.generate(seed, pool, Instant.now(), mix);
    }

    void validate() {
        if (events < 1 || connections < 1 || batch < 1 || maxSeconds < 1 || retries < 0 || pool < 1) {
            throw new IllegalArgumentException("--events, --connections, --batch, --max-seconds and --pool must be"
                    + " positive and --retries not negative");
        }
    }
}
