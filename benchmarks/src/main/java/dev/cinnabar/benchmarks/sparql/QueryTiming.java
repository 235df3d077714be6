package dev.cinnabar.benchmarks.sparql;

/**
 * One store's result for one query: the row count and the median, fastest and slowest of the timed runs (ms).
 *
 * @param query  the query's name ({@code q01} ...)
 * @param rows   result rows
 * @param median median milliseconds of the timed runs
 * @param min    fastest run, milliseconds
 * @param max    slowest run, milliseconds
 */
public record QueryTiming(String query, long rows, double median, double min, double max) {
}
