package dev.cinnabar.benchmarks.bulk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import dev.cinnabar.benchmarks.SharedData;
import dev.cinnabar.benchmarks.quads.StoreFiles;

/**
 * Bulk load of whole data files, each loader in a JVM of its own (a plain main, not JMH): load rate, peak resident
 * memory and bytes on disk per quad, each with its ratio to the best peer of the same run.
 *
 * <p>For each data set ({@code --datasets}) and each loader ({@code --loaders}, see {@link BulkRunners}): {@code sync}
 * and a pause, then a child JVM ({@code -Xmx} of {@code --xmx}, the Agrona flag, the runner's own arguments) runs the
 * loader's main on a new empty directory under {@code --work-dir} and the data set's {@code .nt.gz} file, and prints
 * its result line (the contract is in {@link BulkRunners}). While it runs, this JVM samples the child's
 * {@code /proc/<pid>/status} every 100 ms (the largest {@code RssAnon} and {@code RssFile} seen; {@code VmHWM} as a
 * fallback when the child prints none). Afterwards it measures the directory's bytes on disk per file kind with
 * {@link StoreFiles} and deletes it (unless {@code --keep}). A child that runs longer than {@code --timeout-min} is
 * stopped and reported as such. Repeats ({@code --repeats}) report medians. Each run's output goes to
 * {@code <work-dir>/logs/}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cinnabar.benchmarks.bulk.BulkLoadReport \
 *     [--datasets lubm10,bsbm-1m,lubm100] [--loaders tdb2,rdf4j-native,rdf4j-lmdb] [--repeats 1] [--xmx 2g]
 *     [--xmx-for cinnabar=4g] [--jvm-arg -XX:+UseParallelGC] [--timeout-min 30] [--pause-ms 3000]
 *     [--work-dir bench-work/bulk] [--keep]
 * </pre>
 */
public final class BulkLoadReport {

    private BulkLoadReport() {
    }

    /**
     * Distinct lines of each data set ({@code zcat | LC_ALL=C sort -u | wc -l}), LUBM's two {@code <>} triples
     * included: the reference the stores' counts are shown against. SOURCE.md gives the same figures, except
     * 13,405,381 for lubm100.
     */
    static final Map<String, Long> REFERENCE_COUNTS = Map.of(
        "lubm1", 100_545L, "lubm10", 1_272_577L, "lubm100", 13_405_383L, "bsbm-1m", 1_000_312L);

    /** Command-line options. */
    static final class Options {
        List<String> datasets = List.of("lubm10", "bsbm-1m", "lubm100");
        List<String> loaders = BulkRunners.DEFAULT;
        int repeats = 1;
        String xmx = "2g";
        Map<String, String> xmxFor = new LinkedHashMap<>();
        List<String> jvmArgs = new ArrayList<>();
        long timeoutMinutes = 30;
        long pauseMillis = 3_000;
        Path workDir = Paths.get("bench-work", "bulk");
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
                    case "--loaders" -> o.loaders = List.of(v.split(","));
                    case "--repeats" -> o.repeats = positive(arg, v);
                    case "--xmx" -> o.xmx = v;
                    case "--xmx-for" -> {
                        for (String pair : v.split(",")) {
                            String[] kv = pair.split("=", 2);
                            if (kv.length != 2) {
                                throw new IllegalArgumentException("--xmx-for takes name=size[,name=size]: " + v);
                            }
                            o.xmxFor.put(kv[0], kv[1]);
                        }
                    }
                    case "--jvm-arg" -> o.jvmArgs.add(v);
                    case "--timeout-min" -> o.timeoutMinutes = positive(arg, v);
                    case "--pause-ms" -> o.pauseMillis = Long.parseLong(v);
                    case "--work-dir" -> o.workDir = Paths.get(v);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            o.loaders.forEach(BulkRunners::get); // fail early on an unknown name
            o.datasets.forEach(SharedData::dataset); // and on a missing file
            return o;
        }

        String xmxOf(String loader) {
            return xmxFor.getOrDefault(loader, xmx);
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
        Usage: BulkLoadReport [options]
          --datasets a,b       data sets (default lubm10,bsbm-1m,lubm100; also lubm1)
          --loaders a,b        loaders, in run order (default %s; all: %s);
                               a name given twice runs again in that place, its runs pooled
          --repeats N          loads per loader and data set, each into a new directory; medians (default 1)
          --xmx SIZE           -Xmx of each loader's JVM (default 2g)
          --xmx-for a=S,b=S    -Xmx of the named loaders' JVMs
          --jvm-arg ARG        one more argument for every loader's JVM (repeatable)
          --timeout-min N      stop a load after N minutes, reported as timed out (default 30)
          --pause-ms N         pause after sync before each load (default 3000)
          --work-dir DIR       parent of the stores' directories and logs/ (default bench-work/bulk)
          --keep               keep the store directories
        """;

    /** One child run. */
    static final class Run {
        final String loader;
        final int repeat;
        String failure;
        long quads = -1;
        double seconds = Double.NaN;
        long vmHwmKib = -1;
        long maxRssAnonKib = -1;
        long maxRssFileKib = -1;
        /** The child's user + system CPU seconds, last sample (whole JVM: start-up and the count included). */
        double cpuSeconds = Double.NaN;
        double wallSeconds;
        double loadBefore;
        double loadAfter;
        Map<String, String> extras = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, Long> kinds = Map.of();
        long diskBytes = -1;
        long fileLengths = -1;
        Path log;

        Run(String loader, int repeat) {
            this.loader = loader;
            this.repeat = repeat;
        }

        boolean ok() {
            return failure == null;
        }

        double rate() {
            return quads / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.printf(USAGE, String.join(",", BulkRunners.DEFAULT), String.join(",", BulkRunners.names()));
            System.exit("help".equals(e.getMessage()) ? 0 : 2);
            return;
        }
        System.out.printf("BulkLoadReport: datasets %s; loaders %s; repeats %d; child -Xmx %s%s%s; timeout %d min;"
                + " %d cores; %,d MiB memory; JDK %s; load average %s%n", options.datasets, options.loaders,
            options.repeats, options.xmx, options.xmxFor.isEmpty() ? "" : " " + options.xmxFor,
            options.jvmArgs.isEmpty() ? "" : "; child JVM args " + options.jvmArgs, options.timeoutMinutes,
            Runtime.getRuntime().availableProcessors(), memTotalKib() >> 10, System.getProperty("java.version"),
            loadAverages());
        Files.createDirectories(options.workDir.resolve("logs"));
        for (String dataset : options.datasets) {
            runDataset(dataset, options);
        }
    }

    private static void runDataset(String dataset, Options options) throws Exception {
        Path file = SharedData.dataset(dataset).toAbsolutePath();
        System.out.printf("%n=== %s: %s (%,d bytes) ===%n", dataset, file, Files.size(file));
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (String loader : options.loaders) {
            // A name given twice runs again, after the others: its runs are pooled (interleaved repeats).
            List<Run> mine = runs.computeIfAbsent(loader, k -> new ArrayList<>());
            int done = mine.size();
            for (int r = done; r < done + options.repeats; r++) {
                Run run = runOnce(BulkRunners.get(loader), r, dataset, file, options);
                mine.add(run);
                if (!run.ok()) {
                    break;
                }
            }
        }
        printTables(dataset, runs);
    }

    private static Run runOnce(BulkRunners.Runner runner, int repeat, String dataset, Path file, Options options)
        throws Exception {
        Run run = new Run(runner.name(), repeat);
        Path dir = options.workDir.resolve(dataset + "-" + runner.name() + "-" + repeat).toAbsolutePath();
        StoreFiles.deleteRecursively(dir);
        Files.createDirectories(dir);
        run.log = options.workDir.resolve("logs").resolve(dataset + "-" + runner.name() + "-" + repeat + ".log")
            .toAbsolutePath();

        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.xmxOf(runner.name()));
        command.add(agronaFlag());
        command.add("-D" + SharedData.PROPERTY + "=" + SharedData.sharedDir());
        command.addAll(runner.jvmArgs());
        command.addAll(options.jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(runner.mainClass());
        command.add(dir.toString());
        command.add(file.toString());

        sync();
        Thread.sleep(options.pauseMillis);
        run.loadBefore = loadAverage1();
        System.out.printf("  %-16s run %d: start; load average %s%n", runner.name(), repeat + 1, loadAverages());
        long t0 = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(
            ProcessBuilder.Redirect.to(run.log.resolveSibling(run.log.getFileName() + ".err").toFile()));
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(run.log, StandardCharsets.UTF_8))) {
            log.println(String.join(" ", command));
            log.flush();
            Process child = builder.start();
            AtomicLong maxAnon = new AtomicLong(-1);
            AtomicLong maxFile = new AtomicLong(-1);
            AtomicLong hwm = new AtomicLong(-1);
            AtomicLong cpuTicks = new AtomicLong(-1);
            Thread sampler = new Thread(() -> sample(child, maxAnon, maxFile, hwm, cpuTicks), "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            List<String> resultLines = new ArrayList<>();
            Thread reader = new Thread(() -> readOutput(child.getInputStream(), log, resultLines, run, runner),
                "child-stdout");
            reader.start();
            boolean finished = child.waitFor(options.timeoutMinutes, TimeUnit.MINUTES);
            if (!finished) {
                child.destroy();
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor();
                }
                run.failure = String.format("stopped after the %d-minute timeout", options.timeoutMinutes);
            }
            reader.join(10_000);
            sampler.interrupt();
            sampler.join(1_000);
            run.wallSeconds = (System.nanoTime() - t0) / 1e9;
            run.loadAfter = loadAverage1();
            run.maxRssAnonKib = maxAnon.get();
            run.maxRssFileKib = maxFile.get();
            run.cpuSeconds = cpuTicks.get() < 0 ? Double.NaN : cpuTicks.get() / (double) CLOCK_TICKS;
            synchronized (resultLines) {
                if (run.failure == null && child.exitValue() != 0) {
                    run.failure = "exit status " + child.exitValue() + " (see " + run.log + ".err)";
                } else if (run.failure == null && resultLines.size() != 1) {
                    run.failure = resultLines.size() + " result lines (see " + run.log + ")";
                } else if (run.failure == null) {
                    parseResult(resultLines.get(0), run);
                }
            }
            if (run.vmHwmKib < 0) {
                run.vmHwmKib = hwm.get();
            }
        }
        if (run.ok()) {
            run.kinds = new TreeMap<>(StoreFiles.bytesByKind(dir, runner.kindOf()));
            run.diskBytes = run.kinds.values().stream().mapToLong(Long::longValue).sum();
            run.fileLengths = StoreFiles.fileLengths(dir);
            Map<String, Long> own = new TreeMap<>();
            run.extras.forEach((k, v) -> {
                if (k.startsWith("bytes.")) {
                    own.put(k.substring("bytes.".length()), Long.parseLong(v));
                }
            });
            if (!own.isEmpty()) {
                run.kinds = own;
            }
            System.out.printf("  %-16s run %d: %,d quads in %.2f s = %,.0f quads/s; peak RSS %,d MiB; %.1f bytes/quad"
                    + " on disk; wall %.1f s, child CPU %.1f s; load average after %.2f%n", runner.name(), repeat + 1,
                run.quads, run.seconds, run.rate(), run.vmHwmKib >> 10, (double) run.diskBytes / run.quads,
                run.wallSeconds, run.cpuSeconds, run.loadAfter);
        } else {
            System.out.printf("  %-16s run %d: FAILED: %s; after %.1f s; peak RSS sampled %,d MiB%n", runner.name(),
                repeat + 1, run.failure, run.wallSeconds, run.vmHwmKib >> 10);
            printTail(run.log.resolveSibling(run.log.getFileName() + ".err"));
        }
        if (!options.keep) {
            StoreFiles.deleteRecursively(dir);
        }
        return run;
    }

    private static void readOutput(InputStream in, PrintWriter log, List<String> resultLines, Run run,
                                   BulkRunners.Runner runner) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.println(line);
                log.flush();
                if (line.startsWith(BulkRunnerSupport.RESULT_PREFIX + " ")) {
                    synchronized (resultLines) {
                        resultLines.add(line);
                    }
                } else if (line.startsWith(BulkRunnerSupport.NOTE_PREFIX + " ")) {
                    String note = line.substring(BulkRunnerSupport.NOTE_PREFIX.length() + 1);
                    synchronized (resultLines) {
                        run.notes.add(note);
                    }
                    System.out.printf("  %-16s note: %s%n", runner.name(), note);
                }
            }
        } catch (IOException e) {
            log.println("(reading the child's output failed: " + e + ")");
        }
    }

    private static void parseResult(String line, Run run) {
        for (String token : line.substring(BulkRunnerSupport.RESULT_PREFIX.length()).trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            switch (key) {
                case "quads" -> run.quads = Long.parseLong(value);
                case "seconds" -> run.seconds = Double.parseDouble(value);
                case "vmhwm_kib" -> run.vmHwmKib = Long.parseLong(value);
                default -> run.extras.put(key, value);
            }
        }
        if (run.quads < 0 || Double.isNaN(run.seconds)) {
            run.failure = "result line without quads= and seconds=: " + line;
        }
    }

    /** {@code USER_HZ}: the unit of the CPU times in {@code /proc/<pid>/stat} (100 on Linux, bar exotic builds). */
    static final int CLOCK_TICKS = 100;

    /** Every 100 ms: the child's largest RssAnon and RssFile so far, its VmHWM, and its CPU time (ticks). */
    private static void sample(Process child, AtomicLong maxAnon, AtomicLong maxFile, AtomicLong hwm,
                               AtomicLong cpuTicks) {
        Path status = Paths.get("/proc", String.valueOf(child.pid()), "status");
        Path stat = Paths.get("/proc", String.valueOf(child.pid()), "stat");
        while (child.isAlive() && !Thread.currentThread().isInterrupted()) {
            try {
                // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
                String statLine = Files.readString(stat, StandardCharsets.US_ASCII);
                String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
                cpuTicks.accumulateAndGet(Long.parseLong(f[11]) + Long.parseLong(f[12]), Math::max);
                for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                    if (line.startsWith("RssAnon:")) {
                        maxAnon.accumulateAndGet(kib(line), Math::max);
                    } else if (line.startsWith("RssFile:")) {
                        maxFile.accumulateAndGet(kib(line), Math::max);
                    } else if (line.startsWith("VmHWM:")) {
                        hwm.accumulateAndGet(kib(line), Math::max);
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                return; // exited, or not Linux
            }
        }
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.substring(statusLine.indexOf(':') + 1).replace("kB", "").trim());
    }

    // ------------------------------------------------------------------------------------------------ tables

    private static void printTables(String dataset, Map<String, List<Run>> runs) {
        Long reference = REFERENCE_COUNTS.get(dataset);
        List<String> peers = runs.keySet().stream().filter(n -> BulkRunners.get(n).peer()).toList();
        String ref = reference == null ? "?" : String.format("%,d", reference);
        System.out.printf("%n%s: reference %s distinct lines%s. Medians over repeats; (x) = value / best peer's"
            + " value (peers: %s).%n", dataset, ref, dataset.startsWith("lubm") ? " (2 of them with subject <>)" : "",
            peers);

        Map<String, Summary> summaries = new LinkedHashMap<>();
        runs.forEach((name, list) -> summaries.put(name, Summary.of(list)));
        ToDoubleFunction<Summary> rate = s -> s.rate;
        ToDoubleFunction<Summary> rss = s -> s.rssMiB;
        ToDoubleFunction<Summary> bytes = s -> s.bytesPerQuad;
        double bestRate = best(summaries, rate, true);
        double bestRss = best(summaries, rss, false);
        double bestBytes = best(summaries, bytes, false);

        System.out.printf("%-16s %12s %9s %8s %7s %20s %17s %15s %16s %9s%n", "loader", "quads", "vs ref",
            "load s", "CPU s", "quads/s", "peak RSS MiB", "anon/file MiB", "B/quad disk", "B/q len");
        for (Map.Entry<String, Summary> e : summaries.entrySet()) {
            Summary s = e.getValue();
            if (s.ok == 0) {
                System.out.printf("%-16s failed: %s%n", e.getKey(), s.failure);
                continue;
            }
            System.out.printf("%-16s %,12d %9s %8.2f %7.1f %20s %17s %15s %16s %9.1f%n", e.getKey(), s.quads,
                reference == null ? "?" : String.format("%+,d", s.quads - reference), s.seconds, s.cpuSeconds,
                cell("%,.0f", s.rate, bestRate), cell("%,.0f", s.rssMiB, bestRss),
                String.format("%,d/%,d", s.anonMiB, s.fileMiB), cell("%.1f", s.bytesPerQuad, bestBytes),
                s.lengthPerQuad);
        }
        summaries.forEach((name, s) -> {
            if (s.ok > 0 && s.failure != null) {
                System.out.printf("  %s: %s%n", name, s.failure);
            }
        });

        System.out.printf("%nSpace per file kind (bytes on disk per quad; kinds under 0.05 left out)%n");
        summaries.forEach((name, s) -> {
            if (s.ok == 0) {
                return;
            }
            StringBuilder line = new StringBuilder(String.format("  %-15s", name));
            s.last.kinds.forEach((kind, b) -> {
                double perQuad = (double) b / s.quads;
                if (perQuad >= 0.05) {
                    line.append(String.format(" %s %.1f;", kind, perQuad));
                }
            });
            System.out.println(line);
        });

        System.out.printf("%nConfiguration and runs (load s; load average at start -> at end)%n");
        runs.forEach((name, list) -> {
            Map<String, String> config = new LinkedHashMap<>();
            if (!list.isEmpty()) {
                config.putAll(list.get(list.size() - 1).extras);
            }
            config.keySet().removeIf(k -> k.startsWith("bytes."));
            StringBuilder line = new StringBuilder(String.format("  %-15s %s;", name, config));
            for (Run run : list) {
                line.append(run.ok() ? String.format(" %.2f s", run.seconds) : " FAILED (" + run.failure + ")")
                    .append(String.format(" (%.2f -> %.2f)", run.loadBefore, run.loadAfter));
            }
            System.out.println(line);
        });
    }

    /** Medians over a loader's successful runs. */
    static final class Summary {
        int ok;
        long quads;
        double seconds;
        double rate;
        double cpuSeconds;
        double rssMiB;
        long anonMiB;
        long fileMiB;
        double bytesPerQuad;
        double lengthPerQuad;
        Run last;
        String failure;

        static Summary of(List<Run> runs) {
            Summary s = new Summary();
            List<Run> ok = runs.stream().filter(Run::ok).toList();
            runs.stream().filter(r -> !r.ok()).findFirst().ifPresent(r -> s.failure = r.failure);
            s.ok = ok.size();
            if (ok.isEmpty()) {
                return s;
            }
            s.last = ok.get(ok.size() - 1);
            s.quads = s.last.quads;
            if (ok.stream().anyMatch(r -> r.quads != s.quads)) {
                s.failure = "counts differ between runs: " + ok.stream().map(r -> r.quads).toList();
            }
            s.seconds = median(ok.stream().mapToDouble(r -> r.seconds).toArray());
            s.rate = median(ok.stream().mapToDouble(Run::rate).toArray());
            s.cpuSeconds = median(ok.stream().mapToDouble(r -> r.cpuSeconds).toArray());
            s.rssMiB = median(ok.stream().mapToDouble(r -> r.vmHwmKib / 1024.0).toArray());
            s.anonMiB = (long) median(ok.stream().mapToDouble(r -> r.maxRssAnonKib / 1024.0).toArray());
            s.fileMiB = (long) median(ok.stream().mapToDouble(r -> r.maxRssFileKib / 1024.0).toArray());
            s.bytesPerQuad = (double) s.last.diskBytes / s.quads;
            s.lengthPerQuad = (double) s.last.fileLengths / s.quads;
            return s;
        }
    }

    private static double best(Map<String, Summary> summaries, ToDoubleFunction<Summary> metric,
                               boolean higherIsBetter) {
        double best = Double.NaN;
        for (Map.Entry<String, Summary> e : summaries.entrySet()) {
            if (!BulkRunners.get(e.getKey()).peer() || e.getValue().ok == 0) {
                continue;
            }
            double v = metric.applyAsDouble(e.getValue());
            if (Double.isNaN(best) || (higherIsBetter ? v > best : v < best)) {
                best = v;
            }
        }
        return best;
    }

    private static String cell(String format, double value, double best) {
        return String.format(format, value) + String.format(" (%.2fx)", best > 0 ? value / best : Double.NaN);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    // ------------------------------------------------------------------------------------------------ machine

    /** The Agrona flag from {@code cinnabar-jvm.properties} (filtered from the parent pom). */
    static String agronaFlag() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = BulkLoadReport.class.getResourceAsStream("/cinnabar-jvm.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        String flag = properties.getProperty("agrona.flag");
        return flag == null || flag.isBlank() || flag.contains("${")
            ? "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED" : flag.trim();
    }

    private static void sync() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no sync command: skip
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String loadAverages() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long memTotalKib() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static void printTail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.max(0, lines.size() - 15), lines.size())) {
                System.out.println("      | " + line);
            }
        } catch (IOException e) {
            // nothing to show
        }
    }
}
