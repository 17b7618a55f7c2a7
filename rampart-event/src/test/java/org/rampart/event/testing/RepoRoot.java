package org.rampart.event.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root, where the test corpus ({@code conformance/}) and the build's fetched data ({@code build/})
 * live; shared with every module's tests through this module's test-jar.
 */
public final class RepoRoot {
    private RepoRoot() {}

    /** From system property {@code rampart.repo} (surefire sets it), else the first parent with conformance/ and pom.xml. */
    public static Path get() {
        String configured = System.getProperty("rampart.repo");
        if (configured != null && Files.isDirectory(Path.of(configured, "conformance"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("conformance")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with conformance/ and pom.xml) above "
                + Path.of("").toAbsolutePath());
    }
}
