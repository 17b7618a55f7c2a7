package org.rampart.intake.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Journal files on a disk that loses power: real FileChannels that remember what each file held at its last
 * {@code force}, and a {@link #powerLoss} that puts every file back to that, so that everything written but not forced
 * vanishes, as the page cache does. A file created since its folder was last forced vanishes whole (its directory
 * entry was never made durable). After the loss every channel refuses I/O, as a dead machine does; open the journal
 * again through new files.
 *
 * <p>{@link #ignoringForce} makes a disk whose fsync does nothing (a volatile write cache that lies, or a journal that
 * acknowledged before fsync): the negative control, which must lose acknowledged events.
 */
public final class PowerLossFiles implements JournalFiles {
    private final boolean forceWorks;
    /** The durable content of each file: what it held at its last force (empty when never forced). */
    private final Map<Path, byte[]> durable = new ConcurrentHashMap<>();
    /** Files whose directory entry is durable: there before this disk was used, or listed by a folder's force. */
    private final Set<Path> linked = ConcurrentHashMap.newKeySet();
    private final List<FileChannel> channels = new ArrayList<>();
    private volatile boolean lost;

    private PowerLossFiles(boolean forceWorks) {
        this.forceWorks = forceWorks;
    }

    /** A disk whose fsync makes writes durable. */
    public static PowerLossFiles honouringForce() {
        return new PowerLossFiles(true);
    }

    /** A disk whose fsync returns without making anything durable. */
    public static PowerLossFiles ignoringForce() {
        return new PowerLossFiles(false);
    }

    /** Opens the journal in {@code dir} through these files. */
    public Journal open(Path dir, JournalOptions options) throws IOException {
        return Journal.open(dir, options, this);
    }

    @Override
    public synchronized FileChannel open(Path path, Set<StandardOpenOption> options) throws IOException {
        ensurePowered();
        boolean existed = Files.exists(path);
        FileChannel channel = new PowerLossChannel(path, JournalFiles.DEFAULT.open(path, options));
        if (!Files.isDirectory(path) && !durable.containsKey(path)) {
            // A file from before this disk was used is durable as it is; a new one holds nothing durable yet.
            durable.put(path, existed ? Files.readAllBytes(path) : new byte[0]);
            if (existed) {
                linked.add(path);
            }
        }
        channels.add(channel);
        return channel;
    }

    /**
     * Cuts the power: every channel is closed without a force and refuses I/O from now on, and every file goes back to
     * what its last force made durable (a file whose directory entry was never forced is deleted).
     */
    public synchronized void powerLoss() throws IOException {
        lost = true;
        for (FileChannel channel : channels) {
            ((PowerLossChannel) channel).file.close();
        }
        for (Map.Entry<Path, byte[]> file : durable.entrySet()) {
            Path path = file.getKey();
            if (!Files.exists(path)) {
                continue; // renamed or deleted by the journal itself (a checkpoint's temp file, a consumed segment)
            }
            if (linked.contains(path)) {
                Files.write(path, file.getValue());
            } else {
                Files.delete(path);
            }
        }
    }

    private void ensurePowered() throws IOException {
        if (lost) {
            throw new IOException("Input/output error (the power is off)");
        }
    }

    private final class PowerLossChannel extends ForwardingFileChannel {
        private final Path path;

        PowerLossChannel(Path path, FileChannel file) {
            super(file);
            this.path = path;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            ensurePowered();
            file.force(metaData);
            if (!forceWorks) {
                return;
            }
            synchronized (PowerLossFiles.this) {
                if (Files.isDirectory(path)) {
                    try (var entries = Files.list(path)) {
                        entries.forEach(linked::add);
                    }
                } else {
                    ByteBuffer content = ByteBuffer.allocate((int) file.size());
                    while (content.hasRemaining() && file.read(content, content.position()) >= 0) {
                        // reads until the buffer holds the whole file
                    }
                    durable.put(path, content.array());
                }
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ensurePowered();
            return file.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            ensurePowered();
            return file.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            ensurePowered();
            return file.write(src, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            ensurePowered();
            return super.truncate(size);
        }
    }
}
