package org.rampart.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where the test corpus ({@code conformance/}) and fetched data ({@code build/}) live. */
public final class RepoRoot {
    private RepoRoot() {}

    /** From system property {@code rampart.repo} (surefire sets it), else the first parent with conformance/ and pom.xml. */
    public static Path get() {
        String property = System.getProperty("rampart.repo");
        if (property != null && Files.isDirectory(Path.of(property, "conformance"))) {
            return Path.of(property);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("conformance")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (a folder with conformance/ and pom.xml) above "
                + Path.of("").toAbsolutePath());
    }
}
