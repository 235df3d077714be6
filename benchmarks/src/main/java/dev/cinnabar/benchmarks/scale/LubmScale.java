package dev.cinnabar.benchmarks.scale;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * Makes LUBM at any size from a generated one (issue 14): copy {@code k} of the source is the source with every
 * university number {@code n} (in {@code University<n>}, wherever it appears: IRIs, e-mail and name literals)
 * renumbered to {@code n + k * stride}. The stride is a power of ten above every number in the source, including the
 * universities that degrees name but the source does not generate (LUBM draws those from 0 to 999), so the copies
 * share no university, department or person and are isomorphic: a LUBM query without a constant has {@code copies}
 * times the source's answers, one anchored on {@code University0} the source's own. The two ontology triples with
 * the subject {@code <>} are the same in every copy.
 *
 * <p>Each copy is written as one plain N-Triples file ({@code <name>-part-<k>.nt}), in parallel, through a temporary
 * name renamed when complete, so an interrupted run never leaves a part that looks whole.
 */
public final class LubmScale {

    private static final String UNIVERSITY = "University";

    private final long stride;

    /** A scaler whose copies are {@code stride} university numbers apart. */
    LubmScale(long stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride " + stride);
        }
        this.stride = stride;
    }

    /** The stride for a source whose largest university number is {@code maxUniversity}: the next power of ten. */
    static long strideAbove(long maxUniversity) {
        long stride = 10;
        while (stride <= maxUniversity) {
            stride *= 10;
        }
        return stride;
    }

    /** The largest number after {@code University} in the source, or -1 if none. */
    static long maxUniversity(Path source) throws IOException {
        long max = -1;
        try (BufferedReader lines = reader(source)) {
            String line;
            while ((line = lines.readLine()) != null) {
                int from = 0;
                while ((from = line.indexOf(UNIVERSITY, from)) >= 0) {
                    from += UNIVERSITY.length();
                    int end = digitsEnd(line, from);
                    if (end > from) {
                        max = Math.max(max, Long.parseLong(line, from, end, 10));
                    }
                }
            }
        }
        return max;
    }

    /** {@code line} with each university number {@code n} replaced by {@code n + copy * stride}. */
    String renumber(String line, int copy) {
        if (copy == 0) {
            return line;
        }
        int at = line.indexOf(UNIVERSITY);
        if (at < 0) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length() + 16);
        int from = 0;
        while (at >= 0) {
            int digits = at + UNIVERSITY.length();
            int end = digitsEnd(line, digits);
            out.append(line, from, digits);
            if (end > digits) {
                out.append(Long.parseLong(line, digits, end, 10) + copy * stride);
            }
            from = end;
            at = line.indexOf(UNIVERSITY, from);
        }
        return out.append(line, from, line.length()).toString();
    }

    /** Writes copy {@code copy} of {@code source} to {@code out}. Returns the lines written. */
    long writeCopy(Path source, int copy, OutputStream out) throws IOException {
        long lines = 0;
        try (BufferedReader in = reader(source)) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            String line;
            while ((line = in.readLine()) != null) {
                writer.write(renumber(line, copy));
                writer.write('\n');
                lines++;
            }
            writer.flush();
        }
        return lines;
    }

    /**
     * Writes {@code copies} copies of {@code source} into {@code directory} as {@code <name>-part-<k>.nt}, on
     * {@code threads} threads, skipping a part that already exists. Returns the parts in copy order.
     */
    List<Path> writeParts(Path source, int copies, Path directory, String name, int threads) throws IOException {
        Files.createDirectories(directory);
        List<Path> parts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> written = new ArrayList<>();
            for (int copy = 0; copy < copies; copy++) {
                Path part = directory.resolve(String.format(Locale.ROOT, "%s-part-%03d.nt", name, copy));
                parts.add(part);
                if (Files.exists(part)) {
                    continue;
                }
                int k = copy;
                written.add(pool.submit(() -> {
                    Path temp = part.resolveSibling(part.getFileName() + ".tmp");
                    try (OutputStream out = Files.newOutputStream(temp)) {
                        writeCopy(source, k, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    try {
                        Files.move(temp, part, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            for (Future<?> future : written) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing " + name, e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof UncheckedIOException u ? u.getCause()
                        : new IOException("writing " + name + " failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return parts;
    }

    private static int digitsEnd(String line, int from) {
        int end = from;
        while (end < line.length() && line.charAt(end) >= '0' && line.charAt(end) <= '9') {
            end++;
        }
        return end;
    }

    private static BufferedReader reader(Path source) throws IOException {
        InputStream in = Files.newInputStream(source);
        if (source.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
