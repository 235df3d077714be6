package dev.cinnabar.benchmarks.sparql;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;

/**
 * The child JVM of {@link LubmQueryReport}: loads one store, then runs all the queries round robin, {@code warmup}
 * rounds untimed and {@code runs} rounds timed, and prints one {@code LUBM-LOAD} line and one {@value #QUERY_PREFIX} line per query
 * on standard output (everything else goes to standard error). Exits with 1 if a query's row count changes between
 * runs.
 *
 * <pre>
 * LubmQueryChild --store NAME --dir EMPTY_DIR --data FILE.nt.gz --queries q01,q02 --warmup W --runs N --round-ms MS
 * </pre>
 */
public final class LubmQueryChild {

    /** The tag of this child's lines ({@link ChildJvm}). */
    static final String TAG = "LUBM";
    /** Prefix of a query line ({@link QueryTiming#line}). */
    static final String QUERY_PREFIX = TAG + "-QUERY";
    /** Timed runs of a query that has used its time budget. */
    static final int MIN_SAMPLES_OVER_BUDGET = 3;

    private LubmQueryChild() {
    }

    public static void main(String[] argv) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String store = null;
        Path dir = null;
        List<Path> data = new ArrayList<>();
        String queries = "";
        int warmup = 10;
        int runs = 15;
        double roundMillis = 0;
        double budgetSeconds = Double.POSITIVE_INFINITY;
        long timeoutSeconds = 0;
        for (int i = 0; i < argv.length; i++) {
            String value = i + 1 < argv.length ? argv[i + 1] : null;
            switch (argv[i]) {
                case "--store" -> store = value;
                case "--dir" -> dir = Paths.get(value);
                case "--data" -> data.add(Paths.get(value));
                case "--queries" -> queries = value;
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--round-ms" -> roundMillis = Double.parseDouble(value);
                case "--budget-s" -> budgetSeconds = Double.parseDouble(value);
                case "--timeout-s" -> timeoutSeconds = Long.parseLong(value);
                default -> throw new IllegalArgumentException("LubmQueryChild: unknown argument " + argv[i]);
            }
            i++;
        }
        if (store == null || dir == null || data.isEmpty() || runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("usage: LubmQueryChild --store NAME --dir DIR --data FILE"
                + " [--queries q01,..] [--warmup W] [--runs N>=1] [--round-ms MS] [--budget-s S] [--timeout-s S]");
        }
        Map<String, Query> parsed = LubmQueries.parse(LubmQueries.parseList(queries));
        try (QueryTarget target = QueryTarget.loadInChild(store, dir, data, TAG)) {
            boolean stable = runRounds(store, target, parsed, warmup, runs, roundMillis, budgetSeconds,
                timeoutSeconds * 1000);
            if (!stable) {
                System.exit(1);
            }
        }
    }

    /**
     * Runs every query in every round: {@code warmup} untimed rounds, then {@code runs} timed ones. Round robin, so
     * that the code all queries share is warmed before any is timed and a noisy moment hits every query alike.
     * Within a round a query runs again and again until {@code roundMillis} have passed (at least once), so a
     * query of a tenth of a millisecond is measured with the JIT as warm as a query of a second, not from its first
     * few, interpreted runs; every timed run is a sample. A query that has taken {@code budgetSeconds} in all is
     * not warmed further and is timed only until it has {@value #MIN_SAMPLES_OVER_BUDGET} samples, so one query a
     * store plans badly (seconds or minutes a run) does not stop the report; a run that takes {@code timeoutMillis}
     * (0: no limit) is stopped and the query is not run again on this store: it is reported with rows=-1 and the
     * limit as its time. Prints one line per query; false if a query's row count was not the same in every run.
     */
    private static boolean runRounds(String store, QueryTarget target, Map<String, Query> queries, int warmup,
                                     int runs, double roundMillis, double budgetSeconds, long timeoutMillis) {
        List<String> names = new ArrayList<>(queries.keySet());
        long[] rows = new long[names.size()];
        Arrays.fill(rows, -1);
        boolean[] stable = new boolean[names.size()];
        Arrays.fill(stable, true);
        List<List<Double>> millis = new ArrayList<>();
        names.forEach(name -> millis.add(new ArrayList<>()));
        double[] spentSeconds = new double[names.size()];
        boolean[] timedOut = new boolean[names.size()];
        for (int round = 0; round < warmup + runs; round++) {
            for (int q = 0; q < names.size(); q++) {
                boolean timed = round >= warmup;
                if (timedOut[q] || spentSeconds[q] > budgetSeconds && (!timed || millis.get(q).size() >= MIN_SAMPLES_OVER_BUDGET)) {
                    continue;
                }
                double spent = 0;
                do {
                    QueryRun.Outcome outcome;
                    try {
                        outcome = target.timed(queries.get(names.get(q)), timeoutMillis);
                    } catch (QueryCancelledException e) {
                        timedOut[q] = true;
                        System.err.printf("%s: %s stopped after %d s%n", store, names.get(q), timeoutMillis / 1000);
                        break;
                    } catch (RuntimeException e) {
                        // The stack trace that follows names the store's classes, not the query.
                        System.err.printf("%s: %s failed in round %d of %d: %s%n", store, names.get(q), round + 1,
                            warmup + runs, e);
                        throw e;
                    }
                    stable[q] &= rows[q] < 0 || outcome.rows() == rows[q];
                    rows[q] = outcome.rows();
                    double ms = outcome.nanos() / 1e6;
                    spent += ms;
                    spentSeconds[q] += ms / 1e3;
                    if (round >= warmup) {
                        millis.get(q).add(ms);
                    }
                } while (spent < roundMillis);
            }
            if (round + 1 == warmup) {
                System.err.printf("%s: %d warm-up rounds done%n", store, warmup);
            }
        }
        boolean allStable = true;
        for (int q = 0; q < names.size(); q++) {
            if (timedOut[q]) {
                System.out.printf("%s store=%s query=%s rows=%d median_ms=%d min_ms=%d max_ms=%d samples=0"
                        + " timeout_s=%d%n", QUERY_PREFIX, store, names.get(q), QueryTiming.TIMED_OUT, timeoutMillis,
                    timeoutMillis, timeoutMillis, timeoutMillis / 1000);
                continue;
            }
            System.out.println(QueryTiming.line(QUERY_PREFIX, store, names.get(q), rows[q], millis.get(q)));
            if (!stable[q]) {
                System.out.printf(TAG + "-ERROR store=%s query=%s: the row count changed between runs%n", store,
                    names.get(q));
            }
            allStable &= stable[q];
        }
        System.out.flush();
        return allStable;
    }
}
