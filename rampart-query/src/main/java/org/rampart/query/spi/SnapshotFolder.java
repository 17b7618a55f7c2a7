package org.rampart.query.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.rampart.event.datadir.PrivateFiles;

/** The folder a store writes a snapshot into ({@code EventStore.snapshot}): new or empty, owner-only. */
public final class SnapshotFolder {
    private SnapshotFolder() {}

    /** Creates {@code target} (0700), or accepts it when it exists and is empty; a folder holding anything is refused. */
    public static void prepare(Path target) {
        try {
            if (Files.exists(target)) {
                try (Stream<Path> children = Files.list(target)) {
                    if (children.findAny().isPresent()) {
                        throw new IllegalArgumentException("the snapshot folder " + target + " is not empty; name a new one");
                    }
                }
            }
            PrivateFiles.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the snapshot folder " + target, e);
        }
    }
}
