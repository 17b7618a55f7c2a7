package org.rampart.pipeline.geoip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GeoIP database of a folder, opened again when its files change, so a new database takes effect without a restart
 * (MozDef's {@code update_geolite_db} cron job replaced the file and restarted the workers). At most once per check
 * interval, the caller that asks for the database looks at the files' modification time, size and inode; when they
 * changed it opens the new files and swaps them in atomically. A database that does not open (a copy still being
 * written) leaves the current one in place and is tried again at the next check. Replace the files by renaming a
 * complete copy over them ({@code mv}), which changes the inode: readers never see half a file. Thread-safe.
 */
public final class ReloadingGeoIpDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingGeoIpDatabase.class);

    /** What the files looked like when the current database was opened: changes when a file is replaced. */
    private record Stamp(List<Object> files) {}

    private record Loaded(GeoIpDatabase database, Stamp stamp) {}

    private final Path dir;
    private final long checkIntervalNanos;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Loaded loaded = new Loaded(null, null);
    private volatile long nextCheck;

    private ReloadingGeoIpDatabase(Path dir, Duration checkInterval) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.checkIntervalNanos = checkInterval.toNanos();
        this.nextCheck = System.nanoTime();
    }

    /** The database of {@code dir} as it is now (none yet is fine: one put there later is picked up). */
    public static ReloadingGeoIpDatabase of(Path dir, Duration checkInterval) {
        ReloadingGeoIpDatabase database = new ReloadingGeoIpDatabase(dir, checkInterval);
        database.current();
        return database;
    }

    /** The database, after a look at the files when the check interval has passed; null while the folder has none. */
    public GeoIpDatabase current() {
        long now = System.nanoTime();
        if (now - nextCheck >= 0 && checking.tryLock()) {
            try {
                nextCheck = now + checkIntervalNanos;
                reloadIfChanged();
            } finally {
                checking.unlock();
            }
        }
        return loaded.database();
    }

    private void reloadIfChanged() {
        Stamp stamp;
        try {
            stamp = stamp();
        } catch (IOException e) {
            LOG.warn("geoip: cannot read the files in {}: {}", dir, e.getMessage());
            return;
        }
        if (stamp.equals(loaded.stamp())) {
            return;
        }
        try {
            GeoIpDatabase opened = GeoIpDatabase.open(dir);
            boolean first = loaded.database() == null;
            // The replaced reader is not closed: a worker may be in a lookup on it. Its memory map goes with the garbage.
            loaded = new Loaded(opened, stamp);
            LOG.info("geoip: {} the database in {}", first ? "opened" : "reloaded", dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("geoip: {}; {}", e.getMessage(), loaded.database() == null
                    ? "events get a geolocation error until a database is there" : "the previous database stays in use");
        }
    }

    private Stamp stamp() throws IOException {
        return new Stamp(List.of(fileStamp(dir.resolve(GeoIpDatabase.IPV4_FILE)), fileStamp(dir.resolve(GeoIpDatabase.IPV6_FILE))));
    }

    private static Object fileStamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException e) {
            return "missing";
        }
    }
}
