package org.rampart.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rampart.event.Json;

/**
 * Runs every fixture file under the given folders (MozDef's conformance formats, recognised by their content,
 * so new fixtures run without a code change) and reports one line per failing case.
 */
public final class ConformanceRunner {
    /** Totals of a run. */
    public record Totals(int passed, int failed, int strictMismatches, List<Outcome> failures) {}

    private final List<FixtureKind> kinds;

    public ConformanceRunner() {
        this(FixtureKinds.all());
    }

    ConformanceRunner(List<FixtureKind> kinds) {
        this.kinds = kinds;
    }

    public Totals run(List<Path> roots, PrintStream out) throws IOException {
        int passed = 0;
        int failed = 0;
        int strict = 0;
        List<Outcome> failures = new ArrayList<>();
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
                    failures.add(o);
                    out.println("FAIL " + o.file() + " " + o.caseId() + ": " + o.difference());
                }
            }
        }
        if (strict > 0) {
            out.println("strict parity: " + strict + " passing case(s) differ from MozDef's whole recorded output");
        }
        out.println(passed + " passed, " + failed + " failed");
        return new Totals(passed, failed, strict, failures);
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
