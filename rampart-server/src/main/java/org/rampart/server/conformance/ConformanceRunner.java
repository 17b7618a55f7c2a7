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
     * (listed in {@code known-fixture-defects.tsv}, printed as such).
     */
    public record Totals(int passed, int failed, int strictMismatches, List<Outcome> failures,
                         List<Outcome> knownDefects) {}

    private final List<FixtureKind> kinds;
    private final Map<String, String> knownDefects = loadKnownDefects();

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
                continue; // an index or summary file (e.g. mq/_plugins.json), not cases
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
                    String defect = knownDefects.get(Path.of(o.file()).getFileName() + "\t" + o.caseId());
                    (defect == null ? failures : defects).add(o);
                    out.println("FAIL " + o.file() + " " + o.caseId() + ": " + o.difference()
                            + (defect == null ? "" : " [known fixture defect: " + defect + "]"));
                }
            }
        }
        if (strict > 0) {
            out.println("strict parity: " + strict + " passing case(s) differ from MozDef's whole recorded output");
        }
        out.println(passed + " passed, " + failed + " failed");
        return new Totals(passed, failed, strict, failures, defects);
    }

    private static Map<String, String> loadKnownDefects() {
        Map<String, String> defects = new HashMap<>();
        try (InputStream in = ConformanceRunner.class.getResourceAsStream("known-fixture-defects.tsv")) {
            if (in == null) {
                return defects;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] cols = line.split("\t", 3);
                if (!line.startsWith("#") && cols.length == 3) {
                    defects.put(cols[0] + "\t" + cols[1], cols[2]);
                }
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
