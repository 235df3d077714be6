package dev.cinnabar.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive OS lock that makes one process (and one open instance in it) the owner of a store directory.
 * The lock file itself is never deleted: deleting it would let two owners lock two different inodes.
 */
public final class DirectoryLock implements AutoCloseable {

    /** Name of the lock file inside the store directory. */
    public static final String FILE_NAME = "LOCK";

    /**
     * Directories this process has locked, by real path. A second open in the same process must be refused before
     * it opens the lock file: closing any descriptor of a file drops every POSIX lock the process holds on it, so
     * opening and closing the lock file again would silently release the owner's lock.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code directory} at once, or fails with {@link StoreLockedException} naming it. */
    public static DirectoryLock acquire(Path directory) throws IOException {
        Path key = directory.toRealPath();
        if (!HELD.add(key)) {
            throw new StoreLockedException(directory, "it is already open in this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StoreLockedException(directory, "another process has it open");
            }
            return new DirectoryLock(key, channel, lock);
        } catch (OverlappingFileLockException e) { // a lock taken around this class: still refused, never stolen
            HELD.remove(key);
            throw new StoreLockedException(directory, "it is already open in this process");
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }
}
