package dev.cinnabar.benchmarks.quads;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.apache.jena.graph.Node;

/**
 * Load throughput, space, point lookups and pattern scans of the quad stores in {@link QuadStores}, on real data,
 * all in one JVM run (a plain main, not JMH).
 *
 * <p>For each data set: parse it once into {@link QuadData} (distinct quads, not timed), then for each store: GC and
 * a pause, a fresh directory, {@code open}, {@code prepare} (term conversion, not timed), {@code load} in
 * transactions of {@code --txn} quads (timed, commits included), the files' bytes per kind, then in read
 * transactions: random point lookups of loaded quads, random subject scans {@code (?, s_i, ?, ?)}, random
 * predicate-object scans {@code (?, ?, p_i, o_i)} and one full scan, after one warm-up batch of each at other
 * positions, repeated {@code --read-repeats} times (the median is reported). Position {@code i} is drawn uniformly over the quads, so a
 * scan's term is drawn in proportion to its frequency. Every result is checked against counts computed from the
 * data itself. The directory is deleted after each store.
 *
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx4g \
 *     -cp benchmarks/target/benchmarks.jar dev.cinnabar.benchmarks.quads.QuadStoreLoadReport \
 *     [--datasets lubm10,bsbm-1m] [--stores in-heap,tdb2,rdf4j-native,rdf4j-lmdb] [--load-repeats 1]
 *     [--read-repeats 3] [--lookups 100000] [--subject-scans 20000] [--po-scans 200] [--txn 100000]
 *     [--pause-ms 3000] [--seed 42] [--work-dir bench-work/quads] [--keep]
 * </pre>
 */
public final class QuadStoreLoadReport {

    private QuadStoreLoadReport() {
    }

    /** Command-line options. */
    static final class Options {
        List<String> datasets = List.of("lubm10", "bsbm-1m");
        List<String> stores = QuadStores.NAMES;
        int loadRepeats = 1;
        int readRepeats = 3;
        int lookups = 100_000;
        int subjectScans = 20_000;
        int poScans = 200;
        int txnSize = 100_000;
        long pauseMillis = 3_000;
        long seed = 42;
        Path workDir = Paths.get("bench-work", "quads");
        boolean keep;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int k = 0; k < args.length; k++) {
                String arg = args[k];
                if (arg.equals("--keep")) {
                    o.keep = true;
                    continue;
                }
                if (arg.equals("-h") || arg.equals("--help")) {
                    throw new IllegalArgumentException("help");
                }
                if (k + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + arg);
                }
                String v = args[++k];
                switch (arg) {
                    case "--datasets" -> o.datasets = List.of(v.split(","));
                    case "--stores" -> o.stores = List.of(v.split(","));
                    case "--load-repeats" -> o.loadRepeats = positive(arg, v);
                    case "--read-repeats" -> o.readRepeats = positive(arg, v);
                    case "--lookups" -> o.lookups = positive(arg, v);
                    case "--subject-scans" -> o.subjectScans = positive(arg, v);
                    case "--po-scans" -> o.poScans = positive(arg, v);
                    case "--txn" -> o.txnSize = positive(arg, v);
                    case "--pause-ms" -> o.pauseMillis = Long.parseLong(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--work-dir" -> o.workDir = Paths.get(v);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            o.stores.forEach(QuadStores::create); // fail early on an unknown name
            return o;
        }

        private static int positive(String name, String value) {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return n;
        }
    }

    static final String USAGE = """
        Usage: QuadStoreLoadReport [options]
          --datasets a,b       data sets (default lubm10,bsbm-1m; also lubm1, lubm100)
          --stores a,b         stores, in run order (default %s)
          --load-repeats N     loads per store, each into a fresh directory; median reported (default 1)
          --read-repeats N     repeats of each read phase; median reported (default 3)
          --lookups N          random point lookups per repeat (default 100000)
          --subject-scans N    random (?, s, ?, ?) scans per repeat (default 20000)
          --po-scans N         random (?, ?, p, o) scans per repeat (default 200)
          --txn N              quads per write transaction (default 100000)
          --pause-ms N         pause after the GC before each store (default 3000)
          --seed N             seed of the random positions (default 42)
          --work-dir DIR       parent of the stores' directories (default bench-work/quads)
          --keep               keep the store directories
        System properties: -Dcinnabar.rdf4j.indexes=spoc,posc,ospc  -Dcinnabar.rdf4j.loadIsolation=NONE
                           -Dcinnabar.rdf4j.readIsolation=SNAPSHOT_READ (or AUTOCOMMIT)
        """;

    /** The measurements of one store on one data set. */
    static final class Result {
        final String store;
        final StoreUnderTest.Role role;
        final String description;
        double prepareSeconds;
        final List<Double> loadSeconds = new ArrayList<>();
        Map<String, Long> kinds = Map.of();
        /** Bytes on disk (allocated), the sum over {@link #kinds}. */
        long diskBytes;
        /** Sum of the files' lengths. */
        long fileLengths;
        final List<Double> lookupNs = new ArrayList<>();
        final List<Double> subjectSeconds = new ArrayList<>();
        final List<Double> poSeconds = new ArrayList<>();
        final List<Double> fullSeconds = new ArrayList<>();
        long subjectMatches;
        long poMatches;
        long fullCount;
        int subjectScans;
        int poScans;
        final List<String> problems = new ArrayList<>();

        Result(StoreUnderTest store) {
            this.store = store.name();
            this.role = store.role();
            this.description = store.describe();
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.printf(USAGE, String.join(",", QuadStores.NAMES));
            System.exit("help".equals(e.getMessage()) ? 0 : 2);
            return;
        }
        System.out.printf("QuadStoreLoadReport: datasets %s; stores %s; txn %,d quads; load repeats %d; read"
                + " repeats %d; %,d lookups, %,d subject scans, %,d PO scans per repeat; seed %d; max heap %,d MiB;"
                + " %d cores; JDK %s%n", options.datasets, options.stores, options.txnSize, options.loadRepeats,
            options.readRepeats, options.lookups, options.subjectScans, options.poScans, options.seed,
            Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"));
        boolean created = !Files.exists(options.workDir);
        Files.createDirectories(options.workDir);
        try {
            for (String dataset : options.datasets) {
                runDataset(dataset, options);
            }
        } finally {
            if (created && !options.keep) {
                try (var left = Files.list(options.workDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(options.workDir);
                    }
                }
            }
        }
    }

    private static void runDataset(String dataset, Options options) throws Exception {
        System.out.printf("%n=== %s ===%n", dataset);
        QuadData data = QuadData.load(dataset);
        System.out.printf("parsed %,d lines in %.1f s: %,d distinct quads, %,d duplicate lines dropped, skipped %s;"
                + " %,d distinct terms%n", data.lines(), data.parseSeconds(), data.size(), data.duplicates(),
            data.skipped().isEmpty() ? "none" : data.skipped(), data.distinctTerms());
        for (String message : data.skipMessages()) {
            System.out.println("  skipped: " + message);
        }
        Expected expected = Expected.of(data, options);
        System.out.printf("expected per repeat: %,d lookups found, %,d subject-scan matches, %,d PO-scan matches%n",
            options.lookups, expected.subjectMatches, expected.poMatches);

        List<Result> results = new ArrayList<>();
        for (String name : options.stores) {
            pause(options.pauseMillis);
            System.out.printf("  %-14s start; system load average %.2f; heap used %,d MiB%n", name,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), usedHeapMiB());
            Result result = runStore(name, data, expected, options);
            results.add(result);
            printProgress(result, data);
        }
        printTables(dataset, data, results);
    }

    /** Random positions, and what every store must answer for them. */
    static final class Expected {
        int[] lookups;
        int[] subjects;
        int[] pos;
        int[] warmLookups;
        int[] warmSubjects;
        int[] warmPos;
        long subjectMatches;
        long poMatches;

        static Expected of(QuadData data, Options options) {
            Expected e = new Expected();
            SplittableRandom random = new SplittableRandom(options.seed);
            int n = data.size();
            e.lookups = random.ints(options.lookups, 0, n).toArray();
            e.subjects = random.ints(options.subjectScans, 0, n).toArray();
            e.pos = random.ints(options.poScans, 0, n).toArray();
            e.warmLookups = random.ints(options.lookups, 0, n).toArray();
            e.warmSubjects = random.ints(options.subjectScans, 0, n).toArray();
            e.warmPos = random.ints(options.poScans, 0, n).toArray();
            Map<Node, Integer> perSubject = new HashMap<>();
            Map<List<Node>, Integer> perPo = new HashMap<>();
            for (int i = 0; i < n; i++) {
                perSubject.merge(data.s(i), 1, Integer::sum);
                perPo.merge(List.of(data.p(i), data.o(i)), 1, Integer::sum);
            }
            for (int i : e.subjects) {
                e.subjectMatches += perSubject.get(data.s(i));
            }
            for (int i : e.pos) {
                e.poMatches += perPo.get(List.of(data.p(i), data.o(i)));
            }
            return e;
        }
    }

    private static Result runStore(String name, QuadData data, Expected expected, Options options) throws Exception {
        Result result = null;
        for (int r = 0; r < options.loadRepeats; r++) {
            boolean last = r == options.loadRepeats - 1;
            Path dir = options.workDir.resolve(data.name() + "-" + name + "-" + r).toAbsolutePath();
            StoreFiles.deleteRecursively(dir);
            Files.createDirectories(dir);
            StoreUnderTest store = QuadStores.create(name);
            if (result == null) {
                result = new Result(store);
            }
            try {
                store.open(dir);
                long t0 = System.nanoTime();
                store.prepare(data);
                result.prepareSeconds = seconds(t0);
                if (r > 0) {
                    gc();
                }
                t0 = System.nanoTime();
                store.load(options.txnSize);
                double loadSeconds = seconds(t0);
                result.loadSeconds.add(loadSeconds);
                System.out.printf("  %-14s load %d: %.2f s, %,.0f quads/s%n", name, r + 1, loadSeconds,
                    data.size() / loadSeconds);
                if (last) {
                    result.kinds = store.bytesOnDisk();
                    if (store.role() != StoreUnderTest.Role.BASELINE) {
                        result.diskBytes = result.kinds.values().stream().mapToLong(Long::longValue).sum();
                        result.fileLengths = StoreFiles.fileLengths(dir);
                    }
                    measureReads(store, result, data, expected, options);
                }
            } catch (Exception | LinkageError e) {
                result.problems.add("failed: " + e);
                System.out.printf("  %-14s FAILED: %s%n", name, e);
                e.printStackTrace(System.out);
                break;
            } finally {
                store.close();
                if (!options.keep) {
                    StoreFiles.deleteRecursively(dir);
                }
            }
        }
        return result;
    }

    private static void measureReads(StoreUnderTest store, Result result, QuadData data, Expected expected,
                                     Options options) throws Exception {
        // Warm-up: one batch of each read at other positions.
        try (StoreUnderTest.ReadView view = store.beginRead()) {
            for (int i : expected.warmLookups) {
                view.contains(i);
            }
            for (int i : expected.warmSubjects) {
                view.scanSubject(i);
            }
            for (int i : expected.warmPos) {
                view.scanPredicateObject(i);
            }
        }
        result.subjectScans = expected.subjects.length;
        result.poScans = expected.pos.length;
        for (int r = 0; r < options.readRepeats; r++) {
            try (StoreUnderTest.ReadView view = store.beginRead()) {
                long found = 0;
                long t0 = System.nanoTime();
                for (int i : expected.lookups) {
                    if (view.contains(i)) {
                        found++;
                    }
                }
                result.lookupNs.add((double) (System.nanoTime() - t0) / expected.lookups.length);
                check(result, "lookups found", found, expected.lookups.length);
            }
            try (StoreUnderTest.ReadView view = store.beginRead()) {
                long matches = 0;
                long t0 = System.nanoTime();
                for (int i : expected.subjects) {
                    matches += view.scanSubject(i);
                }
                result.subjectSeconds.add(seconds(t0));
                result.subjectMatches = matches;
                check(result, "subject-scan matches", matches, expected.subjectMatches);
            }
            try (StoreUnderTest.ReadView view = store.beginRead()) {
                long matches = 0;
                long t0 = System.nanoTime();
                for (int i : expected.pos) {
                    matches += view.scanPredicateObject(i);
                }
                result.poSeconds.add(seconds(t0));
                result.poMatches = matches;
                check(result, "PO-scan matches", matches, expected.poMatches);
            }
            try (StoreUnderTest.ReadView view = store.beginRead()) {
                long t0 = System.nanoTime();
                long all = view.countAll();
                result.fullSeconds.add(seconds(t0));
                result.fullCount = all;
                check(result, "countAll", all, data.size());
            }
        }
    }

    private static void check(Result result, String what, long got, long expected) {
        if (got != expected) {
            String problem = what + " " + got + ", expected " + expected;
            if (!result.problems.contains(problem)) {
                result.problems.add(problem);
            }
        }
    }

    private static void printProgress(Result r, QuadData data) {
        if (r.lookupNs.isEmpty()) {
            return;
        }
        System.out.printf("  %-14s prepare %.2f s; disk %,d bytes; lookups %s ns; subject scans %s s; PO scans %s"
                + " s; full scan %s s%s%n", r.store, r.prepareSeconds, r.diskBytes, list(r.lookupNs, "%.0f"),
            list(r.subjectSeconds, "%.3f"), list(r.poSeconds, "%.3f"), list(r.fullSeconds, "%.3f"),
            r.problems.isEmpty() ? "" : "  PROBLEMS: " + r.problems);
    }

    private static String list(List<Double> values, String format) {
        return values.stream().map(v -> String.format(format, v)).toList().toString();
    }

    // ------------------------------------------------------------------------------------------------ tables

    private static void printTables(String dataset, QuadData data, List<Result> results) {
        int n = data.size();
        System.out.printf("%n%s: %,d quads (default graph), %,d distinct terms. Medians; (x) = value / best peer's"
            + " value (peers: %s).%n", dataset, n, data.distinctTerms(), results.stream()
            .filter(r -> r.role == StoreUnderTest.Role.PEER).map(r -> r.store).toList());

        ToDoubleFunction<Result> loadRate = r -> n / median(r.loadSeconds);
        ToDoubleFunction<Result> bytesPerQuad = r -> (double) r.diskBytes / n;
        ToDoubleFunction<Result> lookup = r -> median(r.lookupNs);
        ToDoubleFunction<Result> subjectRate = r -> r.subjectScans / median(r.subjectSeconds);
        ToDoubleFunction<Result> poRate = r -> r.poScans / median(r.poSeconds);
        ToDoubleFunction<Result> poQuadRate = r -> r.poMatches / median(r.poSeconds);
        ToDoubleFunction<Result> fullRate = r -> r.fullCount / median(r.fullSeconds);

        List<Result> ok = results.stream().filter(r -> !r.lookupNs.isEmpty()).toList();
        double bestLoad = best(ok, loadRate, true);
        double bestBytes = best(ok, bytesPerQuad, false);
        double bestLookup = best(ok, lookup, false);
        double bestSubject = best(ok, subjectRate, true);
        double bestPo = best(ok, poRate, true);
        double bestFull = best(ok, fullRate, true);

        System.out.printf("%-13s %17s %17s %9s %15s %18s %15s %12s %19s%n", "store", "load quads/s", "B/quad disk",
            "B/q len", "lookup ns", "subj scans/s", "PO scans/s", "PO quads/s", "full scan quads/s");
        for (Result r : results) {
            if (r.lookupNs.isEmpty()) {
                System.out.printf("%-13s failed: %s%n", r.store, r.problems);
                continue;
            }
            boolean baseline = r.role == StoreUnderTest.Role.BASELINE;
            System.out.printf("%-13s %17s %17s %9s %15s %18s %15s %12s %19s%n", r.store,
                cell("%,.0f", loadRate.applyAsDouble(r), bestLoad),
                baseline ? "-" : cell("%.1f", bytesPerQuad.applyAsDouble(r), bestBytes),
                baseline ? "-" : String.format("%.1f", (double) r.fileLengths / n),
                cell("%,.0f", lookup.applyAsDouble(r), bestLookup),
                cell("%,.0f", subjectRate.applyAsDouble(r), bestSubject),
                cell("%,.0f", poRate.applyAsDouble(r), bestPo),
                String.format("%,.0f", poQuadRate.applyAsDouble(r)),
                cell("%,.0f", fullRate.applyAsDouble(r), bestFull));
        }
        System.out.printf("Subject scans match %.1f quads on average, PO scans %.1f.%n",
            ok.isEmpty() ? 0 : (double) ok.get(0).subjectMatches / ok.get(0).subjectScans,
            ok.isEmpty() ? 0 : (double) ok.get(0).poMatches / ok.get(0).poScans);

        System.out.printf("%nSpace per file kind (bytes on disk per quad; kinds under 0.05 left out)%n");
        for (Result r : ok) {
            Map<String, Long> kinds = new TreeMap<>(r.kinds);
            StringBuilder line = new StringBuilder(String.format("  %-13s", r.store));
            for (Map.Entry<String, Long> kind : kinds.entrySet()) {
                if ((double) kind.getValue() / n < 0.05) {
                    continue;
                }
                line.append(String.format(" %s %.1f;", kind.getKey(), (double) kind.getValue() / n));
            }
            System.out.println(line);
        }
        System.out.printf("%nConfiguration, load spread and checks%n");
        for (Result r : results) {
            System.out.printf("  %-13s %s; prepare %.1f s; loads %s s%s%n", r.store, r.description,
                r.prepareSeconds, list(r.loadSeconds, "%.2f"),
                r.problems.isEmpty() ? "; all reads checked OK" : "; PROBLEMS: " + r.problems);
        }
    }

    private static String cell(String format, double value, double best) {
        return String.format(format, value) + String.format(" (%.2fx)", best > 0 ? value / best : Double.NaN);
    }

    private static double best(List<Result> results, ToDoubleFunction<Result> metric, boolean higherIsBetter) {
        double best = Double.NaN;
        for (Result r : results) {
            if (r.role != StoreUnderTest.Role.PEER) {
                continue;
            }
            double v = metric.applyAsDouble(r);
            if (Double.isNaN(best) || (higherIsBetter ? v > best : v < best)) {
                best = v;
            }
        }
        return best;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static long usedHeapMiB() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void gc() {
        for (int k = 0; k < 2; k++) {
            System.gc();
        }
    }

    private static void pause(long millis) throws InterruptedException {
        gc();
        Thread.sleep(millis);
    }
}
