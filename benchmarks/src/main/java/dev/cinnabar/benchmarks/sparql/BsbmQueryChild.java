package dev.cinnabar.benchmarks.sparql;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;

import dev.cinnabar.jena.SymmetricDescribeHandler;

/**
 * The child JVM of {@link BsbmQueryReport}: loads one store, then runs the BSBM explore mixes of a file written by
 * {@link BsbmExploreQueries#write}, one after the other, each query of a mix once: the first
 * {@code --warmup-mixes} untimed, the rest timed. Prints a {@code BSBM-LOAD} line, one {@value #QUERY_PREFIX} line
 * per query ({@link QueryTiming#line}: the rows summed over the timed mixes, triples for DESCRIBE and CONSTRUCT; the
 * median, fastest and slowest execution) and a {@code BSBM-MIX} line (the timed mixes' total and median time, and
 * query mixes per hour, BSBM's own metric), on standard output; everything else goes to standard error. A query
 * that throws is reported on a {@code BSBM-ERROR} line, not run again, and makes the exit status 1. ARQ's
 * DESCRIBE is replaced by RDF4J's ({@link SymmetricDescribeHandler}), so that Q9 has one answer on every store.
 *
 * <pre>
 * BsbmQueryChild --store NAME --dir EMPTY_DIR --data FILE.nt.gz --queries MIXES_FILE --warmup-mixes W
 * </pre>
 */
public final class BsbmQueryChild {

    /** The tag of this child's lines ({@link ChildJvm}). */
    static final String TAG = "BSBM";
    /** Prefix of a query line. */
    static final String QUERY_PREFIX = TAG + "-QUERY";

    private BsbmQueryChild() {
    }

    public static void main(String[] argv) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String store = null;
        Path dir = null;
        Path data = null;
        Path queries = null;
        int warmupMixes = -1;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            String value = argv[i + 1];
            switch (argv[i]) {
                case "--store" -> store = value;
                case "--dir" -> dir = Paths.get(value);
                case "--data" -> data = Paths.get(value);
                case "--queries" -> queries = Paths.get(value);
                case "--warmup-mixes" -> warmupMixes = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("BsbmQueryChild: unknown argument " + argv[i]);
            }
        }
        if (store == null || dir == null || data == null || queries == null || warmupMixes < 0
            || argv.length % 2 != 0) {
            throw new IllegalArgumentException("usage: BsbmQueryChild --store NAME --dir DIR --data FILE"
                + " --queries MIXES_FILE --warmup-mixes W");
        }
        List<List<Query>> mixes = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        for (List<BsbmExploreQueries.Execution> mix : BsbmExploreQueries.read(queries)) {
            mixes.add(mix.stream().map(e -> QueryFactory.create(e.text())).toList());
            names.add(mix.stream().map(BsbmExploreQueries.Execution::name).toList());
        }
        // Q9's DESCRIBE as RDF4J's engine answers it, for Cinnabar (on ids) and TDB2 (through find) alike.
        SymmetricDescribeHandler.install();
        try (QueryTarget target = QueryTarget.loadInChild(store, dir, List.of(data), TAG)) {
            if (!runMixes(store, target, mixes, names, warmupMixes)) {
                System.exit(1);
            }
        }
    }

    /** Runs the mixes and prints the lines; false if a query threw. */
    private static boolean runMixes(String store, QueryTarget target, List<List<Query>> mixes,
                                    List<List<String>> names, int warmupMixes) {
        Map<String, List<Double>> millis = new TreeMap<>();
        Map<String, Long> rows = new TreeMap<>();
        Map<String, String> failed = new TreeMap<>();
        List<Double> mixMillis = new ArrayList<>();
        for (int m = 0; m < mixes.size(); m++) {
            boolean timed = m >= warmupMixes;
            double mixTotal = 0;
            for (int q = 0; q < mixes.get(m).size(); q++) {
                String name = names.get(m).get(q);
                if (failed.containsKey(name)) {
                    continue;
                }
                QueryRun.Outcome outcome;
                try {
                    outcome = target.timed(mixes.get(m).get(q));
                } catch (RuntimeException e) {
                    System.err.printf("%s: %s of mix %d failed:%n", store, name, m);
                    e.printStackTrace();
                    failed.put(name, e.toString().replace('\n', ' '));
                    continue;
                }
                double ms = outcome.nanos() / 1e6;
                mixTotal += ms;
                if (timed) {
                    millis.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
                    rows.merge(name, outcome.rows(), Long::sum);
                }
            }
            if (timed) {
                mixMillis.add(mixTotal);
            }
            if (m + 1 == warmupMixes) {
                System.err.printf("%s: %d warm-up mixes done%n", store, warmupMixes);
            }
        }
        millis.forEach((name, samples) -> {
            if (!failed.containsKey(name)) {
                System.out.println(QueryTiming.line(QUERY_PREFIX, store, name, rows.get(name), samples));
            }
        });
        if (!mixMillis.isEmpty()) {
            double total = mixMillis.stream().mapToDouble(Double::doubleValue).sum();
            double[] sorted = mixMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%s-MIX store=%s mixes=%d total_ms=%.3f median_mix_ms=%.3f qmph=%.1f%n", TAG, store,
                sorted.length, total, QueryTiming.median(sorted), sorted.length * 3_600_000.0 / total);
        }
        failed.forEach((name, error) -> System.out.printf("%s-ERROR store=%s query=%s: %s%n", TAG, store, name,
            error));
        System.out.flush();
        return failed.isEmpty();
    }
}
