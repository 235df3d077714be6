package dev.cinnabar.benchmarks.sparql;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.jena.query.Query;

/**
 * The child JVM of {@link LubmQueryReport}: loads one store, then runs each query {@code warmup} times untimed and
 * {@code runs} times timed, and prints one {@value #LOAD_PREFIX} line and one {@value #QUERY_PREFIX} line per query
 * on standard output (everything else goes to standard error). Exits with 1 if a query's row count changes between
 * runs.
 *
 * <pre>
 * LubmQueryChild --store cinnabar|tdb2 --dir EMPTY_DIR --data FILE.nt.gz --queries q01,q02 --warmup W --runs N
 * </pre>
 */
public final class LubmQueryChild {

    /** Prefix of the load line: {@code store=, quads=, load_s=}. */
    static final String LOAD_PREFIX = "LUBM-LOAD";
    /** Prefix of a query line: {@code store=, query=, rows=, median_ms=, min_ms=, max_ms=, runs_ms=a,b,...}. */
    static final String QUERY_PREFIX = "LUBM-QUERY";

    private LubmQueryChild() {
    }

    public static void main(String[] argv) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String store = null;
        Path dir = null;
        List<Path> data = new ArrayList<>();
        String queries = "";
        int warmup = 5;
        int runs = 10;
        for (int i = 0; i < argv.length; i++) {
            String value = i + 1 < argv.length ? argv[i + 1] : null;
            switch (argv[i]) {
                case "--store" -> store = value;
                case "--dir" -> dir = Paths.get(value);
                case "--data" -> data.add(Paths.get(value));
                case "--queries" -> queries = value;
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("LubmQueryChild: unknown argument " + argv[i]);
            }
            i++;
        }
        if (store == null || dir == null || data.isEmpty() || runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("usage: LubmQueryChild --store NAME --dir DIR --data FILE"
                + " [--queries q01,..] [--warmup W] [--runs N>=1]");
        }
        Map<String, Query> parsed = LubmQueries.parse(LubmQueries.parseList(queries));
        System.err.printf("%s: loading %s%n", store, data);
        try (QueryTarget target = QueryTarget.load(store, dir.toAbsolutePath(), data)) {
            System.err.printf("%s: %s%n", store, target);
            System.out.printf("%s store=%s quads=%d load_s=%.3f%n", LOAD_PREFIX, store, target.quads(),
                target.loadSeconds());
            System.out.flush();
            boolean stable = true;
            for (Map.Entry<String, Query> entry : parsed.entrySet()) {
                stable &= runQuery(store, target, entry.getKey(), entry.getValue(), warmup, runs);
            }
            if (!stable) {
                System.exit(1);
            }
        }
    }

    /** Runs one query; prints its line; false if its row count was not the same in every run. */
    private static boolean runQuery(String store, QueryTarget target, String name, Query query, int warmup, int runs) {
        long rows = -1;
        boolean stable = true;
        for (int i = 0; i < warmup; i++) {
            long n = QueryRun.timed(target.dataset(), query).rows();
            stable &= rows < 0 || n == rows;
            rows = n;
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            QueryRun.Outcome outcome = QueryRun.timed(target.dataset(), query);
            stable &= rows < 0 || outcome.rows() == rows;
            rows = outcome.rows();
            millis[i] = outcome.nanos() / 1e6;
        }
        StringJoiner all = new StringJoiner(",");
        for (double ms : millis) {
            all.add(String.format("%.3f", ms));
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("%s store=%s query=%s rows=%d median_ms=%.3f min_ms=%.3f max_ms=%.3f runs_ms=%s%n",
            QUERY_PREFIX, store, name, rows, median(sorted), sorted[0], sorted[sorted.length - 1], all);
        System.out.flush();
        if (!stable) {
            System.out.printf("LUBM-ERROR store=%s query=%s: the row count changed between runs%n", store, name);
        }
        return stable;
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
