package org.rampart.alerts.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: system property {@code rampart.repo}, else the first parent with conformance/ and pom.xml. */
final class RepoRoot {
    private RepoRoot() {}

    static Path find() {
        String configured = System.getProperty("rampart.repo");
        if (configured != null && Files.isDirectory(Path.of(configured, "conformance"))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("conformance")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root with conformance/ above " + Path.of("").toAbsolutePath());
    }
}
