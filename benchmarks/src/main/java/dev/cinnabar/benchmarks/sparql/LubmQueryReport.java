package dev.cinnabar.benchmarks.sparql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.cinnabar.benchmarks.SharedData;
import dev.cinnabar.benchmarks.quads.StoreFiles;

/**
 * The LUBM SPARQL benchmark: the 14 LUBM queries ({@link LubmQueries}) on Cinnabar (through the Jena adapter), on
 * Jena TDB2 and on RDF4J's LmdbStore and NativeStore (through RDF4J's SPARQL engine), in one run. Each store runs in
 * a child JVM of its own ({@link LubmQueryChild}, same {@code -Xmx}, same Agrona flag), one after the other: it
 * bulk-loads the data set into a fresh directory, reopens it, then runs the queries round robin, {@code --warmup}
 * rounds untimed and {@code --runs} rounds timed (each run: execution plus reading every value of every row, in a
 * read transaction). This JVM prints a markdown table of the medians and the ratios peer/Cinnabar and says whether
 * the target holds ({@link LubmComparison}: no query slower than on any peer, total at least 3x faster than each).
 *
 * <p>Exit status: 0 when every store gave the same row count for every query (whether or not the speed target is
 * met), 1 when a count differs or a child failed, 2 on a usage error.
 */
public final class LubmQueryReport {

    private LubmQueryReport() {
    }

    /** The command-line options. */
    static final class Options {
        String dataset = "lubm10";
        List<String> stores = QueryTarget.NAMES;
        String queries = "";
        int warmup = 10;
        int runs = 15;
        int roundMillis = 20;
        int budgetSeconds = 60;
        int timeoutSeconds = 120;
        String xmx = "2g";
        final List<String> jvmArgs = new ArrayList<>();
        final Map<String, List<String>> jvmArgsFor = new LinkedHashMap<>();
        Path workDir = Paths.get("bench-work", "lubm-query");
        boolean keep;
        int timeoutMinutes = 30;
    }

    public static void main(String[] argv) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Options options;
        try {
            options = parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("LubmQueryReport: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(usage());
            return;
        }
        System.exit(run(options));
    }

    private static String usage() {
        return String.join("\n",
            "usage: LubmQueryReport [options]",
            "  --dataset NAME        lubm1, lubm10 (default), lubm100",
            "  --stores a,b          cinnabar,tdb2,rdf4j-lmdb,rdf4j-native (default; run order)",
            "  --queries q01,q05     default: all 14",
            "  --warmup N            untimed rounds over all the queries (default 10)",
            "  --runs N              timed rounds (default 15); each query's median is reported",
            "  --round-ms MS         in each round a query runs again until MS ms have passed (default 20)",
            "  --budget-s S          a query that has taken S s in all gets 3 timed runs, no more (default 60)",
            "  --timeout-s S         a run taking S s is stopped; the query is reported as '> S s' (default 120)",
            "  --xmx SIZE            -Xmx of each child JVM (default 2g)",
            "  --jvm-arg ARG         one more argument for every child JVM (repeatable)",
            "  --jvm-arg-for S=ARG   one more argument for store S's JVM only (repeatable), e.g. a JFR recording",
            "  --work-dir DIR        stores go here, each deleted after its run (default bench-work/lubm-query)",
            "  --keep                keep the stores",
            "  --timeout-min N       stop a child after N minutes (default 30)");
    }

    static Options parse(String[] argv) {
        Options options = new Options();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (arg.equals("--keep")) {
                options.keep = true;
                continue;
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = argv[++i];
            switch (arg) {
                case "--dataset" -> options.dataset = value;
                case "--stores" -> {
                    options.stores = List.of(value.split(","));
                    for (String store : options.stores) {
                        if (!QueryTarget.NAMES.contains(store)) {
                            throw new IllegalArgumentException("unknown store '" + store + "': expected "
                                + QueryTarget.NAMES);
                        }
                    }
                }
                case "--queries" -> {
                    LubmQueries.parseList(value);
                    options.queries = value;
                }
                case "--warmup" -> options.warmup = nonNegative(arg, value);
                case "--runs" -> options.runs = Math.max(1, nonNegative(arg, value));
                case "--round-ms" -> options.roundMillis = nonNegative(arg, value);
                case "--budget-s" -> options.budgetSeconds = nonNegative(arg, value);
                case "--timeout-s" -> options.timeoutSeconds = nonNegative(arg, value);
                case "--xmx" -> options.xmx = value;
                case "--jvm-arg" -> options.jvmArgs.add(value);
                case "--jvm-arg-for" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--jvm-arg-for expects STORE=ARG, got " + value);
                    }
                    options.jvmArgsFor.computeIfAbsent(value.substring(0, eq), k -> new ArrayList<>())
                        .add(value.substring(eq + 1));
                }
                case "--work-dir" -> options.workDir = Paths.get(value);
                case "--timeout-min" -> options.timeoutMinutes = Math.max(1, nonNegative(arg, value));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return options;
    }

    private static int nonNegative(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number >= 0, got " + value);
        }
    }

    /** Runs every store's child and prints the report; the exit status. */
    static int run(Options options) throws Exception {
        Path data = SharedData.dataset(options.dataset);
        List<String> queries = LubmQueries.parseList(options.queries);
        System.out.printf("# LUBM queries on %s (%s)%n%n", options.dataset, data);
        System.out.printf("%s; %d cores; JDK %s; child JVMs -Xmx%s; %d warm-up + %d timed rounds over the queries, each"
                + " query run again within a round until %d ms passed (median of the timed runs per query);"
                + " stores run one after the other: %s%n%n",
            LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), Runtime.getRuntime()
                .availableProcessors(), System.getProperty("java.version"), options.xmx, options.warmup,
            options.runs, options.roundMillis, String.join(", ", options.stores));
        Map<String, Map<String, QueryTiming>> results = new LinkedHashMap<>();
        boolean failed = false;
        for (String store : options.stores) {
            Map<String, QueryTiming> timings = new LinkedHashMap<>();
            failed |= !runChild(store, data, queries, options, timings);
            results.put(store, timings);
        }
        System.out.println();
        if (results.containsKey(LubmComparison.CINNABAR) && results.size() > 1) {
            LubmComparison comparison = new LubmComparison(results);
            System.out.print(comparison.table());
            System.out.println();
            System.out.println(comparison.verdict());
            List<String> mismatches = comparison.countMismatches();
            if (!mismatches.isEmpty()) {
                System.out.println();
                System.out.println("!!!!!!!!!! RESULT COUNTS DIFFER BETWEEN THE STORES: THE RUN FAILED !!!!!!!!!!");
                mismatches.forEach(m -> System.out.println("!!! " + m));
                System.err.println("LubmQueryReport: result counts differ: " + mismatches);
                failed = true;
            }
        } else {
            for (Map.Entry<String, Map<String, QueryTiming>> entry : results.entrySet()) {
                System.out.println("| query | results | " + entry.getKey() + " ms | min | max |");
                System.out.println("|---|---:|---:|---:|---:|");
                entry.getValue().values().forEach(t -> System.out.printf("| %s | %,d | %.2f | %.2f | %.2f |%n",
                    t.query(), t.rows(), t.median(), t.min(), t.max()));
            }
        }
        if (failed) {
            System.out.println("FAILED (see above)");
        }
        return failed ? 1 : 0;
    }

    /** Runs one store's child JVM, collecting its timings; false if it failed. */
    private static boolean runChild(String store, Path data, List<String> queries, Options options,
                                    Map<String, QueryTiming> timings) throws IOException, InterruptedException {
        Path dir = options.workDir.resolve(options.dataset + "-" + store).toAbsolutePath();
        StoreFiles.deleteRecursively(dir);
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + options.xmx);
        command.add(agronaFlag());
        command.addAll(options.jvmArgs);
        command.addAll(options.jvmArgsFor.getOrDefault(store, List.of()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LubmQueryChild.class.getName());
        command.addAll(List.of("--store", store, "--dir", dir.toString(), "--data", data.toString(),
            "--queries", String.join(",", queries), "--warmup", String.valueOf(options.warmup),
            "--runs", String.valueOf(options.runs),
            "--round-ms", String.valueOf(options.roundMillis), "--budget-s", String.valueOf(options.budgetSeconds),
            "--timeout-s", String.valueOf(options.timeoutSeconds)));
        System.out.printf("%s: load average %s before; %s%n", store, loadAverage(), String.join(" ", command));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> errors = new ArrayList<>();
        Thread reader = new Thread(() -> read(child.getInputStream(), store, timings, errors), store + "-stdout");
        reader.start();
        boolean finished = child.waitFor(options.timeoutMinutes, TimeUnit.MINUTES);
        if (!finished) {
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
        reader.join(10_000);
        System.out.printf("%s: load average %s after%n", store, loadAverage());
        if (!options.keep) {
            StoreFiles.deleteRecursively(dir);
        }
        if (!finished) {
            System.out.printf("%s: FAILED: stopped after %d minutes%n", store, options.timeoutMinutes);
            return false;
        }
        if (child.exitValue() != 0 || !errors.isEmpty()) {
            System.out.printf("%s: FAILED: exit status %d %s%n", store, child.exitValue(), errors);
            return false;
        }
        if (timings.size() != queries.size()) {
            System.out.printf("%s: FAILED: %d of %d queries reported%n", store, timings.size(), queries.size());
            return false;
        }
        return true;
    }

    private static void read(InputStream in, String store, Map<String, QueryTiming> timings, List<String> errors) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("  " + line);
                if (line.startsWith(LubmQueryChild.QUERY_PREFIX + " ")) {
                    Map<String, String> fields = fields(line);
                    QueryTiming timing = new QueryTiming(fields.get("query"), Long.parseLong(fields.get("rows")),
                        Double.parseDouble(fields.get("median_ms")), Double.parseDouble(fields.get("min_ms")),
                        Double.parseDouble(fields.get("max_ms")));
                    synchronized (timings) {
                        timings.put(timing.query(), timing);
                    }
                } else if (line.startsWith("LUBM-ERROR")) {
                    synchronized (errors) {
                        errors.add(line);
                    }
                }
            }
        } catch (IOException e) {
            synchronized (errors) {
                errors.add(store + ": reading its output failed: " + e);
            }
        }
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** The Agrona flag from {@code cinnabar-jvm.properties} (filtered from the parent pom's property). */
    static String agronaFlag() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = LubmQueryReport.class.getResourceAsStream("/cinnabar-jvm.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        String flag = properties.getProperty("agrona.flag");
        if (flag == null || flag.isBlank() || flag.contains("${")) {
            throw new IllegalStateException("cinnabar-jvm.properties has no filtered agrona.flag: build the"
                + " benchmarks with Maven, which fills it from the parent pom property cinnabar.agrona.flag");
        }
        return flag.trim();
    }
}
