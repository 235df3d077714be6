package dev.cinnabar.benchmarks.sparql;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.cinnabar.benchmarks.SharedData;

/**
 * The LUBM SPARQL benchmark: the 14 LUBM queries ({@link LubmQueries}) on Cinnabar (through the Jena adapter), on
 * Jena TDB2 and on RDF4J's LmdbStore and NativeStore (through RDF4J's SPARQL engine), in one run. Each store runs in
 * a child JVM of its own ({@link LubmQueryChild}, same {@code -Xmx}, same Agrona flag), one after the other: it
 * bulk-loads the data set into a fresh directory, reopens it, then runs the queries round robin, {@code --warmup}
 * rounds untimed and {@code --runs} rounds timed (each run: execution plus reading every value of every row, in a
 * read transaction). This JVM prints a markdown table of the medians and the ratios peer/Cinnabar and says whether
 * the target holds ({@link QueryComparison}: no query slower than on any peer, total at least 3x faster than each).
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
        String queries = "";
        int warmup = 10;
        int runs = 15;
        int roundMillis = 20;
        int budgetSeconds = 60;
        int timeoutSeconds = 120;
        final ReportOptions common = new ReportOptions(Paths.get("bench-work", "lubm-query"));
    }

    public static void main(String[] argv) throws Exception {
        ReportOptions.main("LubmQueryReport", usage(), argv, LubmQueryReport::parse, LubmQueryReport::run);
    }

    private static String usage() {
        return String.join("\n",
            "usage: LubmQueryReport [options]",
            "  --dataset NAME        lubm1, lubm10 (default), lubm100",
            "  --queries q01,q05     default: all 14",
            "  --warmup N            untimed rounds over all the queries (default 10)",
            "  --runs N              timed rounds (default 15); each query's median is reported",
            "  --round-ms MS         in each round a query runs again until MS ms have passed (default 20)",
            "  --budget-s S          a query that has taken S s in all gets 3 timed runs, no more (default 60)",
            "  --timeout-s S         a run taking S s is stopped; the query is reported as '> S s' (default 120)",
            new Options().common.usage());
    }

    static Options parse(String[] argv) {
        Options options = new Options();
        boolean run = options.common.parse(argv, (arg, value) -> {
            switch (arg) {
                case "--dataset" -> options.dataset = value;
                case "--queries" -> {
                    LubmQueries.parseList(value);
                    options.queries = value;
                }
                case "--warmup" -> options.warmup = ReportOptions.nonNegative(arg, value);
                case "--runs" -> options.runs = Math.max(1, ReportOptions.nonNegative(arg, value));
                case "--round-ms" -> options.roundMillis = ReportOptions.nonNegative(arg, value);
                case "--budget-s" -> options.budgetSeconds = ReportOptions.nonNegative(arg, value);
                case "--timeout-s" -> options.timeoutSeconds = ReportOptions.nonNegative(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        });
        return run ? options : null;
    }

    /** Runs every store's child and prints the report; the exit status. */
    static int run(Options options) throws Exception {
        Path data = SharedData.dataset(options.dataset);
        List<String> queries = LubmQueries.parseList(options.queries);
        ReportOptions common = options.common;
        System.out.printf("# LUBM queries on %s (%s)%n%n", options.dataset, data);
        System.out.printf("%s; %d cores; JDK %s; child JVMs -Xmx%s; %d warm-up + %d timed rounds over the queries, each"
                + " query run again within a round until %d ms passed (median of the timed runs per query);"
                + " stores run one after the other: %s%n%n",
            LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), Runtime.getRuntime()
                .availableProcessors(), System.getProperty("java.version"), common.xmx, options.warmup,
            options.runs, options.roundMillis, String.join(", ", common.stores));
        return ChildJvm.runAll("LubmQueryReport", common, options.dataset, LubmQueryChild.class,
            LubmQueryChild.TAG, queries.size(), (store, dir) -> List.of("--store", store, "--dir", dir.toString(),
                "--data", data.toString(), "--queries", String.join(",", queries),
                "--warmup", String.valueOf(options.warmup), "--runs", String.valueOf(options.runs),
                "--round-ms", String.valueOf(options.roundMillis), "--budget-s", String.valueOf(options.budgetSeconds),
                "--timeout-s", String.valueOf(options.timeoutSeconds)));
    }
}
