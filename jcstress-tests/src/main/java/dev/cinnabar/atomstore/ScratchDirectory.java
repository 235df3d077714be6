package dev.cinnabar.atomstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scratch directory of one forked jcstress JVM: under {@code -Dcinnabar.jcstress.dir}, else {@code /dev/shm}
 * when it is a writable directory (tmpfs: commits and growth cost no disk I/O), else {@code java.io.tmpdir}. A
 * shutdown hook deletes it when the fork exits (jcstress forks end with {@code System.exit}).
 */
final class ScratchDirectory {

    private static Path root;
    private static int next;

    private ScratchDirectory() {
    }

    /** A new, empty directory named after {@code prefix}. */
    static synchronized Path newDirectory(String prefix) {
        try {
            if (root == null) {
                root = Files.createTempDirectory(base(), "cinnabar-jcstress-");
                Path created = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Generations.deleteRecursively(created);
                    } catch (IOException e) {
                        System.err.println("cannot delete " + created + ": " + e);
                    }
                }, "cinnabar-jcstress-cleanup"));
            }
            return Files.createDirectory(root.resolve(prefix + "-" + next++));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path base() {
        String configured = System.getProperty("cinnabar.jcstress.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
