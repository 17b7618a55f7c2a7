package org.rampart.alerts.plugins;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: surefire's {@code rampart.repo}, else the first parent with conformance/ and pom.xml. */
final class RepoRoot {
    private RepoRoot() {}

    static Path find() {
        String property = System.getProperty("rampart.repo");
        if (property != null && Files.isDirectory(Path.of(property, "conformance"))) {
            return Path.of(property);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("conformance")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root with conformance/ above " + Path.of("").toAbsolutePath());
    }
}
