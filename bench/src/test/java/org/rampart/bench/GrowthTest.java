package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.query.SearchQuery;
import org.rampart.server.run.RampartServer;
import org.rampart.store.lucene.LuceneEventStore;
import picocli.CommandLine;

/** The growth bench at tiny sizes: the figures come out, and what they measure really happened. */
class GrowthTest {
    @Test
    void ingestMeasuresIntoACopyAndLeavesTheLoadedStoreAsItWas(@TempDir Path root) throws Exception {
        GrowthIngest ingest = new GrowthIngest();
        ingest.dataRoot = root;
        ingest.events = 2_000;
        ingest.loading.pool = 500;
        EventProcessor processor = IndexingCost.processor(null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        GrowthIngest.Result empty = ingest.measure(processor, 0, now);
        GrowthIngest.Result loaded = ingest.measure(processor, 2_000, now);

        assertThat(List.of(empty, loaded)).allSatisfy(r -> {
            assertThat(r.events()).isEqualTo(2_000);
            assertThat(r.cpuNanos()).isPositive();
            assertThat(r.line()).startsWith("RESULT leg=growth-ingest stored=" + r.stored() + " events=2000 cpu_us_per_event=");
        });
        Path kept = root.resolve("growth-2k");
        assertThat(AlertBenchmark.storedAnchor(kept.resolve(AlertBenchmark.MARKER), 2_000, AlertBenchmark.SPREAD)).contains(now);
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("growth-2k");
        }
        try (LuceneEventStore store = LuceneEventStore.open(kept, Clock.systemUTC())) {
            assertThat(store.count(SearchQuery.all(), List.of("events-weekly"))).isEqualTo(2_000);
        }
        // Reloading over the kept folder is refused; --reuse measures on it again.
        assertThat(catchThrowable(() -> ingest.measure(processor, 2_000, now)))
                .isInstanceOf(IllegalArgumentException.class);
        ingest.reuse = true;
        assertThat(ingest.measure(processor, 2_000, Instant.now()).stored()).isEqualTo(2_000);
    }

    @Test
    void replayStoresEveryJournaledEvent(@TempDir Path dir) throws Exception {
        GrowthReplay replay = new GrowthReplay();
        replay.events = 1_000;
        replay.pool = 500;

        GrowthReplay.Result result = replay.run(dir);

        assertThat(result.stored()).isEqualTo(1_000);
        assertThat(result.nanos()).isPositive();
        assertThat(result.line()).startsWith("RESULT leg=growth-replay events=1000 stored=1000 seconds=");
    }

    @Test
    void aServerStartsOnTheFilledPartitionsAndFindsTheirEvents(@TempDir Path data) throws Exception {
        assertThat(new CommandLine(new GrowthPartitions()).execute("--data", data.toString(), "--days", "3",
                "--per-day", "500", "--pool", "200")).isZero();
        List<String> partitions;
        try (Stream<Path> store = Files.list(DataLayout.under(data).store())) {
            partitions = store.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("events-")).sorted().toList();
        }
        assertThat(partitions).hasSize(3);
        assertThat(new CommandLine(new GrowthPartitions()).execute("--data", data.toString(), "--days", "3",
                "--per-day", "500", "--reuse")).isZero();
        assertThat(new CommandLine(new GrowthPartitions()).execute("--data", data.toString(), "--days", "4",
                "--per-day", "500", "--reuse")).isNotZero();

        long start = System.nanoTime();
        try (RampartServer server = RampartServer.start(RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0")))) {
            assertThat(System.nanoTime() - start).isPositive();
            assertThat(server.store().count(SearchQuery.all(), partitions)).isEqualTo(1_500);
        }
    }

    @Test
    void thePlotIsAPngOfItsSize(@TempDir Path dir) throws Exception {
        Path results = Files.writeString(dir.resolve("growth.txt"), """
                some log line
                RESULT leg=growth-ingest stored=0 events=500000 cpu_us_per_event=80.1 wall_s=50.0 load_avg=1.00
                RESULT leg=growth-ingest stored=10000000 events=500000 cpu_us_per_event=95.3 wall_s=60.0 load_avg=1.00
                RESULT leg=growth-ingest stored=10000000 events=500000 cpu_us_per_event=99.3 wall_s=60.0 load_avg=1.00
                RESULT leg=growth-replay events=1000000 stored=1000000 seconds=70.0 s_per_million=70.0 cpu_s=120.0 load_avg=1.00
                RESULT leg=growth-startup partitions=30 per_day=100000 seconds=4.10 empty_seconds=3.20 load_avg=1.00
                """);
        Path png = dir.resolve("plot/growth.png");

        assertThat(new CommandLine(new GrowthPlot()).execute("--results", results.toString(), "--out", png.toString(),
                "--search", "1000000=12.5,10000000=48")).isZero();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(GrowthPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(GrowthPlot.HEIGHT);
        assertThat(GrowthPlot.median(List.of(99.3, 95.3))).isEqualTo(97.3, within(1e-9));
        assertThat(GrowthPlot.resultLines(Files.readAllLines(results))).hasSize(5)
                .first().extracting(r -> r.get("cpu_us_per_event")).isEqualTo("80.1");
    }
}
