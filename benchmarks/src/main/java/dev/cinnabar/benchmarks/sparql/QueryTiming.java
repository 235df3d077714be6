package dev.cinnabar.benchmarks.sparql;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One store's result for one query: the row count and the median, fastest and slowest of the timed runs (ms). A
 * query that ran out of time has {@link #TIMED_OUT} rows and the time limit as its times: a lower bound.
 *
 * <p>A child JVM prints it as one line (see {@link #line}), which the report's JVM reads back ({@link #parse}).
 *
 * @param query  the query's name ({@code q01} ...)
 * @param rows   result rows, or {@link #TIMED_OUT}
 * @param median median milliseconds of the timed runs
 * @param min    fastest run, milliseconds
 * @param max    slowest run, milliseconds
 */
public record QueryTiming(String query, long rows, double median, double min, double max) {

    /** The row count of a query that ran out of time. */
    public static final long TIMED_OUT = -1;

    /** How many samples, in the order they were taken, a line lists for a reader of the log. */
    private static final int SAMPLES_LISTED = 30;

    /** A query stopped after {@code limitMillis}. */
    public static QueryTiming timedOut(String query, double limitMillis) {
        return new QueryTiming(query, TIMED_OUT, limitMillis, limitMillis, limitMillis);
    }

    /** Whether the query ran out of time (its times are then a lower bound). */
    public boolean timedOut() {
        return rows == TIMED_OUT;
    }

    /**
     * The line a child prints for a query with {@code rows} and at least one timed sample (ms, in the order taken):
     * {@code prefix store= query= rows= median_ms= min_ms= max_ms= samples= runs_ms=} (the first 30 samples).
     */
    static String line(String prefix, String store, String query, long rows, List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
        StringJoiner first = new StringJoiner(",");
        for (int i = 0; i < Math.min(sorted.length, SAMPLES_LISTED); i++) {
            first.add(String.format(Locale.ROOT, "%.3f", sorted[i]));
        }
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s store=%s query=%s rows=%d median_ms=%.3f min_ms=%.3f max_ms=%.3f"
                + " samples=%d runs_ms=%s", prefix, store, query, rows, median(sorted), sorted[0],
            sorted[sorted.length - 1], sorted.length, first);
    }

    /** The timing of a line written by {@link #line} (or a timed-out line with the same fields). */
    static QueryTiming parse(Map<String, String> fields) {
        return new QueryTiming(fields.get("query"), Long.parseLong(fields.get("rows")),
            Double.parseDouble(fields.get("median_ms")), Double.parseDouble(fields.get("min_ms")),
            Double.parseDouble(fields.get("max_ms")));
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
