package dev.cinnabar.benchmarks.quads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/** File helpers of the quad-store benchmark: bytes on disk per file kind, file lengths, recursive delete. */
public final class StoreFiles {

    private StoreFiles() {
    }

    /**
     * The bytes on disk of all regular files under {@code dir}, summed per kind: the file system's allocated bytes
     * ({@code du -a -B1}), which for sparse or preallocated files (TDB2 extends its memory-mapped files in 8 MiB
     * steps) is less than the lengths; the lengths where {@code du} is unavailable. {@code kindOf} gets each file's
     * path relative to {@code dir}.
     */
    public static Map<String, Long> bytesByKind(Path dir, Function<Path, String> kindOf) throws IOException {
        Map<Path, Long> allocated = allocatedPerFile(dir);
        Map<String, Long> kinds = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                Long bytes = allocated.get(path.toAbsolutePath().normalize());
                kinds.merge(kindOf.apply(dir.relativize(path)), bytes != null ? bytes : Files.size(path), Long::sum);
            }
        }
        return kinds;
    }

    /** The sum of the lengths of all regular files under {@code dir}. */
    public static long fileLengths(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            long total = 0;
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                total += Files.size(path);
            }
            return total;
        }
    }

    /** Allocated bytes per file from {@code du -a -B1}; empty if {@code du} fails. */
    private static Map<Path, Long> allocatedPerFile(Path dir) {
        Map<Path, Long> sizes = new HashMap<>();
        try {
            Process du = new ProcessBuilder("du", "-a", "-B1", dir.toAbsolutePath().toString()).start();
            String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!du.waitFor(60, TimeUnit.SECONDS) || du.exitValue() != 0) {
                return Map.of();
            }
            for (String line : out.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    sizes.put(Paths.get(line.substring(tab + 1)).toAbsolutePath().normalize(),
                        Long.parseLong(line.substring(0, tab)));
                }
            }
            return sizes;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** The file name up to its first dot: {@code SPO.bpt} and {@code SPO.dat} are kind {@code SPO}. */
    public static String baseName(Path relative) {
        String name = relative.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Deletes {@code dir} and everything below it; does nothing if it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
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
