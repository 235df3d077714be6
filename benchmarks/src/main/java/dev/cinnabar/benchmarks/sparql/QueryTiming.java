package dev.cinnabar.benchmarks.sparql;

/**
 * One store's result for one query: the row count and the median, fastest and slowest of the timed runs (ms). A
 * query that ran out of time has {@link #TIMED_OUT} rows and the time limit as its times: a lower bound.
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

    /** A query stopped after {@code limitMillis}. */
    public static QueryTiming timedOut(String query, double limitMillis) {
        return new QueryTiming(query, TIMED_OUT, limitMillis, limitMillis, limitMillis);
    }

    /** Whether the query ran out of time (its times are then a lower bound). */
    public boolean timedOut() {
        return rows == TIMED_OUT;
    }
}
