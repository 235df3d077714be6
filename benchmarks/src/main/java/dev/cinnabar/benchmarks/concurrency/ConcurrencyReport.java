package dev.cinnabar.benchmarks.concurrency;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.cinnabar.benchmarks.SharedData;
import dev.cinnabar.benchmarks.quads.StoreFiles;
import dev.cinnabar.jena.CinnabarJena;

/**
 * Latency and throughput under concurrent reads and writes (ADR-014, snapshot isolation), Cinnabar beside Jena TDB2
 * and RDF4J LmdbStore through their own APIs, and Cinnabar and TDB2 behind Fuseki over HTTP on 127.0.0.1, all in
 * one JVM and one run, on the same data and with the same operations ({@link Workload}):
 *
 * <ul>
 *   <li><b>update | long query</b>: single-quad update transactions (p50/p99/max) alone, then while another thread
 *       runs the long query ({@code --long-passes} full scans of the default graph in one read transaction)
 *       back to back;</li>
 *   <li><b>small query | large write</b>: the small query (one subject's quads) alone, then while another thread
 *       commits one {@code --big-write}-quad write transaction (new terms);</li>
 *   <li><b>read throughput</b>: small queries per second with 1 and 2 reader threads, alone and while one writer
 *       commits {@code --stream-txn}-quad transactions continuously.</li>
 * </ul>
 *
 * Each phase is warmed up first. The report fails (exit 1) if a helper thread dies, if fewer than
 * {@value #MIN_OPS} operations were measured, or if less than {@value #MIN_OVERLAP} of the measured operations
 * overlapped the interference. Stores run one after the other (Fuseki on the store just measured natively), each
 * directory deleted after its store.
 */
public final class ConcurrencyReport {

    static final int MIN_OPS = 100;
    static final double MIN_OVERLAP = 0.95;
    /** The end of a warm-up phase's label: not checked for {@link #MIN_OPS}. */
    static final String WARM_UP = " (warm-up)";
    static final List<String> STORES = List.of("cinnabar", "cinnabar/fuseki", "tdb2", "tdb2/fuseki", "rdf4j-lmdb");

    private final String dataset;
    private final Path workDir;
    private final List<String> stores;
    private final double phaseSeconds;
    private final double warmupSeconds;
    private final int longPasses;
    private final int bigWrite;
    private final int streamTxn;
    private final long pauseNanos;
    private final List<String> subjects = Workload.smallQuerySubjects();
    private final AtomicLong updateSeq = new AtomicLong();
    private final AtomicLong writeSeq = new AtomicLong();
    private final Map<String, StoreResult> results = new LinkedHashMap<>();

    private ConcurrencyReport(Map<String, String> o) {
        dataset = o.getOrDefault("dataset", "lubm10");
        workDir = Paths.get(o.getOrDefault("work-dir", "bench-work/concurrency")).toAbsolutePath();
        stores = List.of(o.getOrDefault("stores", String.join(",", STORES)).split(","));
        phaseSeconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
        warmupSeconds = Double.parseDouble(o.getOrDefault("warmup-seconds", "3"));
        longPasses = Integer.parseInt(o.getOrDefault("long-passes", "10"));
        bigWrite = Integer.parseInt(o.getOrDefault("big-write", "1000000"));
        streamTxn = Integer.parseInt(o.getOrDefault("stream-txn", "1000"));
        pauseNanos = (long) (Double.parseDouble(o.getOrDefault("pause-ms", "1")) * 1e6);
        for (String store : stores) {
            if (!STORES.contains(store)) {
                throw new IllegalArgumentException("unknown store '" + store + "': expected some of " + STORES);
            }
        }
    }

    public static void main(String[] argv) {
        Locale.setDefault(Locale.ROOT);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--help") || !argv[i].startsWith("--") || i + 1 >= argv.length) {
                System.err.println("usage: ConcurrencyReport [--dataset lubm10|lubm1] [--work-dir DIR]"
                    + " [--stores " + String.join(",", STORES) + "] [--seconds 10] [--warmup-seconds 3]"
                    + " [--long-passes 10] [--big-write 1000000] [--stream-txn 1000] [--pause-ms 1]");
                System.exit(argv[i].equals("--help") ? 0 : 2);
            }
            options.put(argv[i].substring(2), argv[++i]);
        }
        try {
            new ConcurrencyReport(options).run();
        } catch (Throwable e) {
            System.out.flush();
            System.err.println("ConcurrencyReport FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Path data = SharedData.dataset(dataset);
        Files.createDirectories(workDir);
        log("data %s; phases %.0f s (warm-up %.0f s); long query %d passes; large write %,d quads; continuous"
            + " writes %,d quads; %d cores, max heap %d MiB, JDK %s; load average %s", data, phaseSeconds,
            warmupSeconds, longPasses, bigWrite, streamTxn, Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), loadAverage());
        for (String kind : List.of("cinnabar", "tdb2", "rdf4j-lmdb")) {
            boolean nativeRun = stores.contains(kind);
            boolean fusekiRun = stores.contains(kind + "/fuseki");
            if (!nativeRun && !fusekiRun) {
                continue;
            }
            Path dir = workDir.resolve(kind);
            StoreFiles.deleteRecursively(dir);
            Files.createDirectories(dir);
            long t0 = System.nanoTime();
            ConcurrentStore store = switch (kind) {
                case "cinnabar" -> CinnabarNativeStore.load(dir, data);
                case "tdb2" -> Tdb2NativeStore.load(dir, data);
                default -> LmdbNativeStore.load(dir, data);
            };
            log("%s: loaded in %.1f s", kind, (System.nanoTime() - t0) / 1e9);
            try {
                if (nativeRun) {
                    measure(store);
                }
                if (fusekiRun) {
                    try (FusekiHttpStore http = FusekiHttpStore.serve(kind + "/fuseki",
                        store instanceof CinnabarNativeStore c ? CinnabarJena.wrap(c.store())
                            : ((Tdb2NativeStore) store).dataset())) {
                        measure(http);
                    }
                }
            } finally {
                store.close();
                StoreFiles.deleteRecursively(dir);
            }
        }
        printTables();
    }

    /** All three scenarios on one store. */
    private void measure(ConcurrentStore store) throws Exception {
        log("%s: %s; load average %s", store.name(), store.describe(), loadAverage());
        System.gc();
        Thread.sleep(1000);
        for (String s : subjects) {
            if (store.smallQuery(s) == 0) {
                throw new IllegalStateException(store.name() + ": the small query found no quads of " + s);
            }
        }
        StoreResult r = new StoreResult();
        results.put(store.name(), r);

        // 1. Single-quad updates, alone and under the long query.
        long t0 = System.nanoTime();
        long visited = store.longQuery(longPasses);
        r.longQuerySeconds = (System.nanoTime() - t0) / 1e9;
        log("%s: long query alone %.2f s (%,d quads visited)", store.name(), r.longQuerySeconds, visited);
        loop(warmupSeconds, op -> store.update(updateSeq.getAndIncrement()), null);
        Phase base = phase(store.name() + " update alone", () ->
            loop(phaseSeconds, op -> store.update(updateSeq.getAndIncrement()), null));
        Helper longQuery = Helper.start(store.name() + " long query", Long.MAX_VALUE, run -> {
            if (store.longQuery(longPasses) == 0) {
                throw new IllegalStateException("the long query visited nothing");
            }
        });
        Phase busy = phase(store.name() + " update during long query", () ->
            loop(phaseSeconds, op -> store.update(updateSeq.getAndIncrement()), longQuery));
        longQuery.finish();
        r.update = new Comparison(base, busy, checkOverlap(store, "update during long query", longQuery, busy.latencies),
            longQuery.intervals().size());

        // 2. Small queries, alone and under one large write transaction.
        loop(warmupSeconds, op -> smallQuery(store), null);
        base = phase(store.name() + " small query alone", () -> loop(phaseSeconds, op -> smallQuery(store), null));
        runWrite(store, Math.max(1, bigWrite / 10), null); // warm-up of the writer path, small queries beside it
        Phase[] during = new Phase[1];
        double writeSeconds = runWrite(store, bigWrite, during);
        r.smallQuery = new Comparison(base, during[0], during[0].overlap, 1);
        r.bigWriteSeconds = writeSeconds;

        // 3. Read throughput with 1 and 2 readers, alone and beside a continuous writer.
        for (int readers = 1; readers <= 2; readers++) {
            readers(store, readers, warmupSeconds, null, true);
            Phase alone = readers(store, readers, phaseSeconds, null, false);
            long first = writeSeq.get();
            Helper writer = Helper.start(store.name() + " continuous writer", Long.MAX_VALUE, run ->
                store.write(Workload.NS + "stream", writeSeq.getAndAdd(streamTxn), streamTxn));
            readers(store, readers, warmupSeconds, writer, true);
            int commitsBefore = writer.intervals().size();
            Phase withWriter = readers(store, readers, phaseSeconds, writer, false);
            int commits = writer.intervals().size() - commitsBefore;
            writer.finish();
            double overlap = checkOverlap(store, readers + " readers with writer", writer, withWriter.latencies);
            r.throughput.add(new Throughput(readers, alone, withWriter, overlap, commits / withWriter.seconds));
            log("%s: %d readers: %.0f reads/s alone, %.0f with the writer (%.1f commits/s); %,d quads written",
                store.name(), readers, alone.rate(), withWriter.rate(), commits / withWriter.seconds,
                writeSeq.get() - first);
        }
    }

    /** One large write on a helper thread; the small query is timed beside it if {@code measured} is given. */
    private double runWrite(ConcurrentStore store, int quads, Phase[] measured) throws Exception {
        long first = writeSeq.getAndAdd(quads);
        String graph = Workload.NS + "big/" + first;
        Helper writer = Helper.start(store.name() + " large write", 1, run -> store.write(graph, first, quads));
        String label = store.name() + " small query during " + String.format("%,d", quads) + "-quad write";
        Phase phase = null;
        if (measured == null) { // a warm-up: not checked
            loop(Double.MAX_VALUE, op -> smallQuery(store), writer);
        } else {
            phase = phase(label, () -> loop(Double.MAX_VALUE, op -> smallQuery(store), writer));
        }
        writer.finish();
        long[] run = writer.intervals().get(0);
        double seconds = (run[1] - run[0]) / 1e9;
        log("%s: the %,d-quad write took %.2f s", store.name(), quads, seconds);
        if (measured != null) {
            phase.overlap = checkOverlap(store, "small query during large write", writer, phase.latencies);
            measured[0] = phase;
        }
        return seconds;
    }

    private void smallQuery(ConcurrentStore store) throws Exception {
        int i = (int) Math.floorMod(System.nanoTime() >>> 10, (long) subjects.size());
        if (store.smallQuery(subjects.get(i)) == 0) {
            throw new IllegalStateException(store.name() + ": the small query found nothing");
        }
    }

    /**
     * Runs {@code op} with a pause of {@code --pause-ms} after each, for {@code seconds}, or, if {@code helper} is
     * given, until then or until the helper stops, whichever is first. Checks the helper after each operation.
     */
    private Latencies loop(double seconds, Helper.Operation op, Helper helper) throws Exception {
        Latencies latencies = new Latencies();
        long end = seconds == Double.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
        for (long i = 0; System.nanoTime() < end && (helper == null || helper.running()); i++) {
            long t0 = System.nanoTime();
            op.run(i);
            latencies.record(t0, System.nanoTime());
            if (helper != null) {
                helper.check();
            }
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
        }
        if (helper != null) {
            helper.check();
        }
        return latencies;
    }

    /** {@code readers} threads running small queries back to back (no pause) for {@code seconds}. */
    private Phase readers(ConcurrentStore store, int readers, double seconds, Helper writer, boolean warmUp)
        throws Exception {
        return phase(store.name() + " " + readers + " readers" + (writer == null ? "" : " with writer")
            + (warmUp ? WARM_UP : ""), () -> {
            List<Latencies> parts = new ArrayList<>();
            List<Helper> threads = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            for (int t = 0; t < readers; t++) {
                Latencies part = new Latencies();
                parts.add(part);
                threads.add(Helper.start(store.name() + " reader " + t, 1, run -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        smallQuery(store);
                        part.record(t0, System.nanoTime());
                    }
                }));
            }
            for (Helper thread : threads) {
                thread.finish();
            }
            if (writer != null) {
                writer.check();
            }
            return Latencies.merge(parts);
        });
    }

    private interface Body {
        Latencies run() throws Exception;
    }

    /** Times one phase and the JVM's GC and CPU over it. */
    private Phase phase(String label, Body body) throws Exception {
        long gcCount0 = gcCount();
        long gcMillis0 = gcMillis();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Latencies latencies = body.run();
        Phase phase = new Phase(latencies, (System.nanoTime() - t0) / 1e9, gcCount() - gcCount0,
            gcMillis() - gcMillis0, (processCpuNanos() - cpu0) / 1e9);
        if (latencies.count() < MIN_OPS && !label.endsWith(WARM_UP)) {
            throw new IllegalStateException(label + ": only " + latencies.count() + " operations measured (at least "
                + MIN_OPS + " needed); lengthen --seconds or the interference");
        }
        Latencies.Summary s = latencies.summary();
        log("%-42s n=%,8d p50 %8.3f p99 %8.3f max %9.3f ms | %5.1f s, CPU %.2f cores, GC %d (%d ms)", label,
            s.count(), s.p50(), s.p99(), s.max(), phase.seconds, phase.cpuSeconds / phase.seconds, phase.gcCount,
            phase.gcMillis);
        return phase;
    }

    private double checkOverlap(ConcurrentStore store, String scenario, Helper helper, Latencies ops) {
        double overlap = helper.overlap(ops);
        log("%s: %s: %.1f%% of %,d operations overlapped %d interfering runs", store.name(), scenario,
            overlap * 100, ops.count(), helper.intervals().size());
        if (overlap < MIN_OVERLAP) {
            throw new IllegalStateException(store.name() + ": " + scenario + ": only " + String.format("%.1f%%",
                overlap * 100) + " of the measured operations overlapped the interference (at least "
                + MIN_OVERLAP * 100 + "% needed)");
        }
        return overlap;
    }

    // ---- results and tables ----

    static final class Phase {
        final Latencies latencies;
        final double seconds;
        final long gcCount;
        final long gcMillis;
        final double cpuSeconds;
        double overlap = Double.NaN;

        Phase(Latencies latencies, double seconds, long gcCount, long gcMillis, double cpuSeconds) {
            this.latencies = latencies;
            this.seconds = seconds;
            this.gcCount = gcCount;
            this.gcMillis = gcMillis;
            this.cpuSeconds = cpuSeconds;
        }

        double rate() {
            return latencies.count() / seconds;
        }
    }

    record Comparison(Phase alone, Phase busy, double overlap, int interferingRuns) {
        double p99Ratio() {
            return busy.latencies.summary().p99() / alone.latencies.summary().p99();
        }
    }

    record Throughput(int readers, Phase alone, Phase withWriter, double overlap, double commitsPerSecond) {
    }

    static final class StoreResult {
        double longQuerySeconds;
        double bigWriteSeconds;
        Comparison update;
        Comparison smallQuery;
        final List<Throughput> throughput = new ArrayList<>();
    }

    private void printTables() {
        List<String> misses = new ArrayList<>();
        System.out.println();
        System.out.printf("## Concurrency report: %s, load average %s%n%n", dataset, loadAverage());
        System.out.println("Latencies in ms. `busy/alone`: p99 under interference over p99 alone (target at most"
            + " 1.5x). `vs tdb2`: TDB2's figure over Cinnabar's (latency) or Cinnabar's over TDB2's (throughput),"
            + " same transport; 1.00x or more means Cinnabar at least matches TDB2.");
        System.out.println();
        System.out.println("| scenario | store | alone p50 / p99 / max | busy p50 / p99 / max | busy/alone p99 |"
            + " overlap | vs tdb2 p50 / p99 / max (busy) |");
        System.out.println("|---|---|---|---|---:|---:|---|");
        for (String scenario : List.of("update during long query", "small query during large write")) {
            for (Map.Entry<String, StoreResult> e : results.entrySet()) {
                Comparison c = scenario.startsWith("update") ? e.getValue().update : e.getValue().smallQuery;
                String peer = tdb2For(e.getKey());
                Comparison p = peer == null ? null
                    : scenario.startsWith("update") ? results.get(peer).update : results.get(peer).smallQuery;
                String vs = "";
                if (p != null) {
                    Latencies.Summary mine = c.busy.latencies.summary();
                    Latencies.Summary theirs = p.busy.latencies.summary();
                    vs = String.format("%.2fx / %.2fx / %.2fx", theirs.p50() / mine.p50(), theirs.p99() / mine.p99(),
                        theirs.max() / mine.max());
                    check(misses, e.getKey(), scenario + " busy p50", theirs.p50() / mine.p50());
                    check(misses, e.getKey(), scenario + " busy p99", theirs.p99() / mine.p99());
                    check(misses, e.getKey(), scenario + " busy max", theirs.max() / mine.max());
                    check(misses, e.getKey(), scenario + " alone p99",
                        p.alone.latencies.summary().p99() / c.alone.latencies.summary().p99());
                }
                if (e.getKey().startsWith("cinnabar") && c.p99Ratio() > 1.5) {
                    misses.add(String.format("%s %s: p99 %.2fx its baseline (target 1.5x)", e.getKey(), scenario,
                        c.p99Ratio()));
                }
                System.out.printf("| %s | %s | %s | %s | %.2fx | %.1f%% | %s |%n", scenario, bold(e.getKey()),
                    triple(c.alone), triple(c.busy), c.p99Ratio(), c.overlap * 100, vs);
            }
        }
        System.out.println();
        System.out.println("| readers | store | reads/s alone | reads/s with writer | with/alone | writer commits/s |"
            + " overlap | vs tdb2 (with writer) |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (int readers = 1; readers <= 2; readers++) {
            for (Map.Entry<String, StoreResult> e : results.entrySet()) {
                Throughput t = e.getValue().throughput.get(readers - 1);
                String peer = tdb2For(e.getKey());
                String vs = "";
                if (peer != null) {
                    Throughput p = results.get(peer).throughput.get(readers - 1);
                    vs = String.format("%.2fx", t.withWriter.rate() / p.withWriter.rate());
                    check(misses, e.getKey(), readers + " readers with writer reads/s",
                        t.withWriter.rate() / p.withWriter.rate());
                    check(misses, e.getKey(), readers + " readers alone reads/s", t.alone.rate() / p.alone.rate());
                    check(misses, e.getKey(), readers + " readers writer commits/s",
                        t.commitsPerSecond / p.commitsPerSecond);
                }
                System.out.printf("| %d | %s | %,.0f | %,.0f | %.2fx | %.1f | %.1f%% | %s |%n", readers,
                    bold(e.getKey()), t.alone.rate(), t.withWriter.rate(), t.withWriter.rate() / t.alone.rate(),
                    t.commitsPerSecond, t.overlap * 100, vs);
            }
        }
        System.out.println();
        for (Map.Entry<String, StoreResult> e : results.entrySet()) {
            System.out.printf("- %s: long query alone %.2f s; the %,d-quad write %.2f s%n", e.getKey(),
                e.getValue().longQuerySeconds, bigWrite, e.getValue().bigWriteSeconds);
        }
        System.out.println();
        System.out.println(misses.isEmpty() ? "Targets met." : "Targets NOT met: " + String.join("; ", misses) + ".");
    }

    /** The TDB2 result to compare a Cinnabar result with, if measured. */
    private String tdb2For(String store) {
        String peer = store.equals("cinnabar") ? "tdb2" : store.equals("cinnabar/fuseki") ? "tdb2/fuseki" : null;
        return peer != null && results.containsKey(peer) ? peer : null;
    }

    private static void check(List<String> misses, String store, String figure, double ratio) {
        if (ratio < 1.0) {
            misses.add(String.format("%s %s %.2fx TDB2's", store, figure, ratio));
        }
    }

    private static String bold(String store) {
        return store.startsWith("cinnabar") ? "**" + store + "**" : store;
    }

    private static String triple(Phase phase) {
        Latencies.Summary s = phase.latencies.summary();
        return String.format("%s / %s / %s", ms(s.p50()), ms(s.p99()), ms(s.max()));
    }

    private static String ms(double ms) {
        return ms >= 100 ? String.format("%.0f", ms) : ms >= 10 ? String.format("%.1f", ms)
            : String.format("%.2f", ms);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
