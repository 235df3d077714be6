package dev.cinnabar.benchmarks.sparql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.cinnabar.benchmarks.SharedData;

/**
 * The BSBM explore benchmark: the 12 queries of the BSBM V3 explore use case ({@link BsbmExploreQueries}) as query
 * mixes on Cinnabar (through the Jena adapter), Jena TDB2 and RDF4J's LmdbStore and NativeStore, each store in a
 * child JVM of its own ({@link BsbmQueryChild}), one after the other. This JVM draws the parameters from the data
 * set with {@code --seed} ({@link BsbmParameters}), writes {@code 2 × --mixes} instantiated mixes to one file, and
 * every child runs exactly those: the first {@code --mixes} untimed, the other {@code --mixes} timed. It prints the
 * table of {@link QueryComparison}: per query the rows summed over the timed mixes (which must agree), each store's
 * median ms per execution and the ratios peer/Cinnabar, the total of the medians, and whether the targets hold.
 *
 * <p>Exit status: 0 when every store gave the same count for every query (whether or not the speed target is
 * met), 1 when a count differs or a child failed, 2 on a usage error.
 */
public final class BsbmQueryReport {

    private BsbmQueryReport() {
    }

    /** The command-line options. */
    static final class Options {
        String dataset = "bsbm-1m";
        int mixes = 50;
        long seed = 42;
        String mix = BsbmExploreQueries.SPEC_MIX;
        final ReportOptions common = new ReportOptions(Paths.get("bench-work", "bsbm-query"));
    }

    public static void main(String[] argv) throws Exception {
        ReportOptions.main("BsbmQueryReport", usage(), argv, BsbmQueryReport::parse, BsbmQueryReport::run);
    }

    private static String usage() {
        return String.join("\n",
            "usage: BsbmQueryReport [options]",
            "  --dataset NAME        bsbm-1m (default)",
            "  --mixes N             N untimed warm-up mixes, then N timed ones (default 50)",
            "  --seed N              seed of the parameter drawing (default 42)",
            "  --mix \"1 2 2 ...\"     the query sequence of one mix (default: " + BsbmExploreQueries.SPEC_MIX + ")",
            new Options().common.usage());
    }

    static Options parse(String[] argv) {
        Options options = new Options();
        boolean run = options.common.parse(argv, (arg, value) -> {
            switch (arg) {
                case "--dataset" -> options.dataset = value;
                case "--mixes" -> options.mixes = Math.max(1, ReportOptions.nonNegative(arg, value));
                case "--seed" -> {
                    try {
                        options.seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed expects a number, got " + value);
                    }
                }
                case "--mix" -> {
                    BsbmExploreQueries.parseMix(value);
                    options.mix = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        });
        return run ? options : null;
    }

    /** Draws the mixes, runs every store's child and prints the report; the exit status. */
    static int run(Options options) throws Exception {
        Path data = SharedData.dataset(options.dataset);
        ReportOptions common = options.common;
        List<Integer> mix = BsbmExploreQueries.parseMix(options.mix);
        System.out.printf("# BSBM explore mixes on %s (%s)%n%n", options.dataset, data);
        System.out.printf("%s; %d cores; JDK %s; child JVMs -Xmx%s; mix: %s; %d warm-up + %d timed mixes, parameters"
                + " drawn from the data with seed %d (the same queries for every store); median ms per execution;"
                + " rows summed over the timed mixes; stores run one after the other: %s%n%n",
            LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), Runtime.getRuntime()
                .availableProcessors(), System.getProperty("java.version"), common.xmx, options.mix, options.mixes,
            options.mixes, options.seed, String.join(", ", common.stores));
        Files.createDirectories(common.workDir);
        Path queries = common.workDir.resolve(options.dataset + "-seed" + options.seed + "-mixes" + options.mixes
            + ".queries").toAbsolutePath();
        BsbmExploreQueries.write(BsbmExploreQueries.mixes(BsbmParameters.read(data), mix, 2 * options.mixes,
            options.seed), queries);
        System.out.printf("queries of all %d mixes: %s%n", 2 * options.mixes, queries);
        int names = (int) mix.stream().distinct().count();
        return ChildJvm.runAll("BsbmQueryReport", common, options.dataset, BsbmQueryChild.class,
            BsbmQueryChild.TAG, names, (store, dir) -> List.of("--store", store, "--dir", dir.toString(),
                "--data", data.toString(), "--queries", queries.toString(),
                "--warmup-mixes", String.valueOf(options.mixes)));
    }
}
