package dev.cinnabar.quadstore.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Opening N-Triples and N-Quads files: plain or gzip-compressed, one by one or whole directory trees.
 */
public final class RdfFiles {

    /** Buffer size for file reads and for the gzip inflater's input. */
    static final int BUFFER_BYTES = 1 << 16;

    private RdfFiles() {
    }

    /**
     * Opens a file for reading, decompressing it if it is gzip-compressed. Compression is detected by the gzip magic
     * bytes ({@code 1F 8B}), not by the name; a multi-member gzip file (concatenated {@code .gz} files) is read to its
     * end. The stream is buffered (64 KiB); close it when done.
     *
     * @throws IOException if the file cannot be opened or its gzip header is damaged
     */
    public static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return decompress(raw);
        } catch (IOException | RuntimeException e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The decompressed content of {@code in} if it starts with the gzip magic bytes ({@code 1F 8B}), else its
     * content as it is; buffered (64 KiB) either way. Closing the result closes {@code in}. Use this to count the
     * compressed bytes read (for progress) with a counting stream under it.
     *
     * @throws IOException if reading the first bytes fails or the gzip header is damaged
     */
    public static InputStream decompress(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES);
        }
        return buffered;
    }

    /**
     * Whether a file is N-Quads, by its name (case-insensitive, a trailing {@code .gz} ignored): {@code .nt} and
     * {@code .ntriples} are N-Triples (false); everything else, {@code .nq} and {@code .nquads} in particular, is read
     * as N-Quads (true), which is a superset of N-Triples.
     */
    public static boolean isQuads(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (s.endsWith(".gz")) {
            s = s.substring(0, s.length() - 3);
        }
        return !(s.endsWith(".nt") || s.endsWith(".ntriples"));
    }

    /**
     * Expands files and directories into a list of files: a file is kept as it is (whatever its name), a directory
     * is replaced by the regular files under it, recursively, whose names end with {@code .nt}, {@code .nq} or
     * {@code .gz} (case-insensitive), sorted by their path below the directory. Order is otherwise kept.
     *
     * @throws NoSuchFileException if a path does not exist
     * @throws IOException         if a directory cannot be read
     */
    public static List<Path> expand(List<Path> filesOrDirectories) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : filesOrDirectories) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    files.addAll(walk
                        .filter(Files::isRegularFile)
                        .filter(RdfFiles::hasRdfExtension)
                        .sorted((a, b) -> path.relativize(a).toString().compareTo(path.relativize(b).toString()))
                        .collect(Collectors.toList()));
                }
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                throw new NoSuchFileException(path.toString(), null, "no such file or directory");
            }
        }
        return files;
    }

    private static boolean hasRdfExtension(Path file) {
        String s = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".nt") || s.endsWith(".nq") || s.endsWith(".gz");
    }
}
