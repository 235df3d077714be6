package dev.cinnabar.benchmarks.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.DatasetGraph;

import dev.cinnabar.benchmarks.SharedData;
import dev.cinnabar.benchmarks.quads.StoreFiles;
import dev.cinnabar.benchmarks.sparql.LubmQueries;
import dev.cinnabar.benchmarks.sparql.QueryRun;
import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;

/**
 * The scale report (issue 14): bulk-loads a small LUBM for the baseline rate, then {@code --copies} copies of a
 * source LUBM made by {@link LubmScale} (ten of lubm100: about lubm1000), into fresh Cinnabar stores in this JVM
 * (run it with the heap it is meant to fit, {@code -Xmx2g}). It prints the load rate over time, the peak resident
 * memory, bytes per quad, the atom data size, the reopen and verify times, and the 14 LUBM query answers of the
 * scaled store checked against the source's: the same for a query anchored on {@code University0}, {@code copies}
 * times as many for the others. Exit status 1 if an answer is wrong.
 */
public final class ScaleReport {

    /** Queries naming an entity of University0: the copies add nothing to their answers. */
    static final Set<String> ANCHORED = Set.of("q01", "q03", "q04", "q05", "q07", "q08", "q10", "q11", "q12",
        "q13");
    private static final long SAMPLE_NANOS = 10_000_000_000L;

    private ScaleReport() {
    }

    public static void main(String[] argv) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String source = "lubm100";
        String baseline = "lubm10";
        int copies = 10;
        Path work = Paths.get("bench-work", "scale");
        boolean keepParts = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--source" -> source = argv[++i];
                case "--baseline" -> baseline = argv[++i];
                case "--copies" -> copies = Integer.parseInt(argv[++i]);
                case "--work-dir" -> work = Paths.get(argv[++i]);
                case "--keep-parts" -> keepParts = true;
                default -> {
                    System.err.println("usage: ScaleReport [--source lubm100] [--baseline lubm10] [--copies 10] "
                        + "[--work-dir DIR] [--keep-parts]");
                    System.exit(2);
                }
            }
        }
        Path sourceFile = SharedData.dataset(source);
        System.out.printf("ScaleReport: %d copies of %s, baseline %s; max heap %,d MiB; %d cores; JDK %s%n", copies,
            source, baseline, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"));
        Files.createDirectories(work);

        Loaded base = load(work.resolve("baseline-store"), List.of(SharedData.dataset(baseline)), baseline);
        StoreFiles.deleteRecursively(base.dir);

        long t0 = System.nanoTime();
        LubmScale scale = new LubmScale(LubmScale.strideAbove(LubmScale.maxUniversity(sourceFile)));
        String name = source + "x" + copies;
        List<Path> parts = scale.writeParts(sourceFile, copies, work.resolve("parts"), name,
            Runtime.getRuntime().availableProcessors());
        System.out.printf("generated %d parts of %s in %.1f s (%,d bytes)%n", parts.size(), name,
            (System.nanoTime() - t0) / 1e9, StoreFiles.fileLengths(work.resolve("parts")));

        Loaded scaled = load(work.resolve("scaled-store"), parts, name);
        System.out.printf("rate: %s %,.0f quads/s, %s %,.0f quads/s: %.2fx (target: at least 0.75x)%n", name,
            scaled.rate(), baseline, base.rate(), scaled.rate() / base.rate());

        Loaded reference = load(work.resolve("source-store"), List.of(sourceFile), source);
        Map<String, Long> expected = new LinkedHashMap<>();
        try (QuadStore store = QuadStore.open(reference.dir)) {
            Map<String, Long> counts = counts(store);
            for (Map.Entry<String, Long> entry : counts.entrySet()) {
                expected.put(entry.getKey(), ANCHORED.contains(entry.getKey()) ? entry.getValue()
                    : entry.getValue() * copies);
            }
        }
        StoreFiles.deleteRecursively(reference.dir);

        long opened = System.nanoTime();
        boolean wrong = false;
        try (QuadStore store = QuadStore.open(scaled.dir)) {
            System.out.printf("reopen: %.2f s%n", (System.nanoTime() - opened) / 1e9);
            long verifying = System.nanoTime();
            store.verify();
            System.out.printf("verify: %.1f s, no problem%n", (System.nanoTime() - verifying) / 1e9);
            Map<String, Long> counts = counts(store);
            System.out.println("| query | expected | answers |");
            System.out.println("|---|---:|---:|");
            for (Map.Entry<String, Long> entry : counts.entrySet()) {
                long want = expected.get(entry.getKey());
                wrong |= want != entry.getValue();
                System.out.printf("| %s | %,d | %,d%s |%n", entry.getKey(), want, entry.getValue(),
                    want == entry.getValue() ? "" : " WRONG");
            }
        }
        if (!keepParts) {
            StoreFiles.deleteRecursively(work.resolve("parts"));
        }
        StoreFiles.deleteRecursively(scaled.dir);
        System.out.println(wrong ? "answers: WRONG" : "answers: all as expected");
        System.exit(wrong ? 1 : 0);
    }

    /** A store loaded from files, with its figures. */
    private record Loaded(Path dir, long quads, double seconds) {
        double rate() {
            return quads / seconds;
        }
    }

    /** Bulk-loads {@code files} into a fresh store at {@code dir}, printing the rate over time and the space. */
    private static Loaded load(Path dir, List<Path> files, String name) throws IOException {
        StoreFiles.deleteRecursively(dir);
        long start = System.nanoTime();
        long[] next = {start + SAMPLE_NANOS};
        long[] last = {start, 0};
        List<String> samples = new ArrayList<>();
        BulkLoadOptions options = BulkLoadOptions.defaults().withSkipBadLines(true)
            .withProgress((bytesRead, bytesTotal, statements) -> {
                long now = System.nanoTime();
                if (now >= next[0]) {
                    samples.add(String.format("%.0f s: %,d statements, %,.0f/s", (now - start) / 1e9, statements,
                        (statements - last[1]) / ((now - last[0]) / 1e9)));
                    last[0] = now;
                    last[1] = statements;
                    next[0] = now + SAMPLE_NANOS;
                }
            });
        BulkLoadResult result;
        long quads;
        try (QuadStore store = QuadStore.open(dir)) {
            result = store.bulkLoad(files, options);
            quads = store.stats().quads();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = StoreFiles.fileLengths(dir);
        System.out.printf("%s: %,d statements, %,d quads in %.1f s (%,.0f quads/s, load and close); %,d bytes on "
                + "disk, %.1f bytes/quad; atom data %,d bytes; peak RSS %,d MiB; heap used %,d MiB%n", name,
            result.statements(), quads, seconds, quads / seconds, bytes, (double) bytes / quads,
            sizeOfMatching(dir, "atoms.data"), peakRssKib() >> 10, usedHeap() >> 20);
        samples.forEach(sample -> System.out.println("  " + sample));
        return new Loaded(dir, quads, seconds);
    }

    private static Map<String, Long> counts(QuadStore store) {
        DatasetGraph dataset = CinnabarJena.wrap(store);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Query> query : LubmQueries.parse(LubmQueries.ALL).entrySet()) {
            counts.put(query.getKey(), QueryRun.count(dataset, query.getValue()));
        }
        return counts;
    }

    /** VmHWM of this process, in KiB (0 where /proc is not there). */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long sizeOfMatching(Path dir, String prefix) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith(prefix))
                .mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
        }
    }
}
