package dev.cinnabar.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories of benchmarks: created under {@code java.io.tmpdir}, deleted afterwards. */
final class Dirs {

    private Dirs() {
    }

    /** A new empty directory under {@code java.io.tmpdir}. */
    static Path createTemp(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Deletes {@code dir} and everything below it; does nothing if it does not exist. */
    static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
