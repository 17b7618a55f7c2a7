package org.rampart.bench;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** HTTP load generator: sends the corpus to Rampart's intake and measures intake and end-to-end rates. */
@Command(name = "load-generator", mixinStandardHelpOptions = true,
        description = "POSTs realistic MozDef events over keep-alive connections, then waits until they are searchable.")
public final class LoadGenerator implements Callable<Integer> {
    @Option(names = "--url", description = "Intake URL: a path ending in _bulk sends NDJSON batches, any other one event"
            + " per request (default ${DEFAULT-VALUE}).")
    URI url = URI.create("http://127.0.0.1:8080/_bulk");

    @Option(names = "--system", description = "Name printed in the RESULT line (default ${DEFAULT-VALUE}).")
    String system = "rampart";

    @Mixin
    LoadOptions load;

    @Mixin
    CountOptions count;

    /** Runs the generator; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EventCorpus corpus = load.corpus();
        System.out.printf(Locale.ROOT, "corpus: %d distinct events, %.0f bytes on average%n",
                corpus.size(), corpus.averageBytes());
        LoadReport report;
        try (HttpEventCount counter = count.counter()) {
            report = new LoadRun(url, load, corpus).run(counter, count.waitSeconds);
        }
        report.print(System.out, system);
        return report.accepted() == 0 || (count.waits() && report.searchable() < 0) ? 1 : 0;
    }
}
