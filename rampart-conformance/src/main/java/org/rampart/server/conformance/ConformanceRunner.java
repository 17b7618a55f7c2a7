package org.rampart.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;

/**
 * Runs every fixture file under the given folders (MozDef's conformance formats, recognised by their content,
 * so new fixtures run without a code change) and reports one line per failing case.
 */
public final class ConformanceRunner {
    /**
     * Totals of a run; {@code failed} counts both unexpected failures and cases of fixtures known to be wrong
     * (listed in {@code known-fixture-defects.tsv} with the difference they produce, printed as such).
     */
    public record Totals(int passed, int failed, int strictMismatches, List<Outcome> failures,
                         List<Outcome> knownDefects) {}

    /** A fixture case known to be wrong: the exact difference it produces, and why the fixture is at fault. */
    private record KnownDefect(String difference, String why) {}

    private final List<FixtureKind> kinds;
    private final Map<String, KnownDefect> knownDefects = loadKnownDefects();

    /** A runner for every fixture kind; alert fixtures run on the store {@code config} names. */
    public ConformanceRunner(RampartConfig config) {
        this(FixtureKinds.all(config));
    }

    ConformanceRunner(List<FixtureKind> kinds) {
        this.kinds = kinds;
    }

    public Totals run(List<Path> roots, PrintStream out) throws IOException {
        int passed = 0;
        int failed = 0;
        int strict = 0;
        List<Outcome> failures = new ArrayList<>();
        List<Outcome> defects = new ArrayList<>();
        for (Path file : fixtureFiles(roots)) {
            JsonNode fixture;
            try {
                fixture = Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                out.println("FAIL " + file + ": not JSON: " + e.getMessage());
                failed++;
                continue;
            }
            FixtureKind kind = kinds.stream().filter(k -> k.accepts(fixture)).findFirst().orElse(null);
            if (kind == null) {
                if (file.getFileName().toString().startsWith("_")) {
                    continue; // an index or summary file (mq/_plugins.json, mq/_summary.json), not cases
                }
                out.println("FAIL " + file + ": not a fixture format this runner knows (a format key of "
                        + "mozdef-mq-fixture/1, mozdef-alert-fixture/1, ...; index files start with _)");
                failed++;
                continue;
            }
            List<Outcome> outcomes;
            try {
                outcomes = kind.run(file, fixture);
            } catch (Exception e) {
                outcomes = List.of(new Outcome(file.toString(), "*", false, false, "runner error: " + e));
            }
            for (Outcome o : outcomes) {
                if (o.passed()) {
                    passed++;
                    if (!o.strictMatch()) {
                        strict++;
                    }
                } else {
                    failed++;
                    KnownDefect defect = knownDefects.get(Path.of(o.file()).getFileName() + "\t" + o.caseId());
                    boolean known = defect != null && defect.difference().equals(o.difference());
                    (known ? defects : failures).add(o);
                    out.println("FAIL " + o.file() + " " + o.caseId() + ": " + o.difference() + (defect == null ? ""
                            : known ? " [known fixture defect: " + defect.why() + "]"
                            : " [listed as a known fixture defect, but with another difference: " + defect.difference() + "]"));
                }
            }
        }
        if (strict > 0) {
            out.println("strict parity: " + strict + " passing case(s) differ from MozDef's whole recorded output");
        }
        out.println(passed + " passed, " + failed + " failed");
        return new Totals(passed, failed, strict, failures, defects);
    }

    private static Map<String, KnownDefect> loadKnownDefects() {
        Map<String, KnownDefect> defects = new HashMap<>();
        try (InputStream in = ConformanceRunner.class.getResourceAsStream("known-fixture-defects.tsv")) {
            if (in == null) {
                return defects;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", 4);
                if (cols.length != 4) {
                    throw new IllegalStateException("known-fixture-defects.tsv: want file, case id, difference, why: " + line);
                }
                defects.put(cols[0] + "\t" + cols[1], new KnownDefect(cols[2], cols[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defects;
    }

    private static List<Path> fixtureFiles(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new IllegalArgumentException("no such folder or file: " + root);
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
