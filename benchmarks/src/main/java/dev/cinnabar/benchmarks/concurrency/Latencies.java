package dev.cinnabar.benchmarks.concurrency;

import java.util.Arrays;

/**
 * The latencies of one thread's operations in one phase: each operation's start ({@link System#nanoTime()}) and
 * duration. Not thread-safe: one recorder per measuring thread. Percentiles are nearest-rank: the smallest value
 * with at least {@code p} percent of the values at or below it.
 */
public final class Latencies {

    private long[] starts = new long[1024];
    private long[] nanos = new long[1024];
    private int size;

    /** Records one operation that started at {@code startNanos} and ended at {@code endNanos}. */
    public void record(long startNanos, long endNanos) {
        if (size == nanos.length) {
            starts = Arrays.copyOf(starts, size * 2);
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        starts[size] = startNanos;
        nanos[size] = endNanos - startNanos;
        size++;
    }

    /** The number of operations recorded. */
    public int count() {
        return size;
    }

    /** The start of the {@code i}-th operation, nanoTime. */
    public long start(int i) {
        return starts[i];
    }

    /** The end of the {@code i}-th operation, nanoTime. */
    public long end(int i) {
        return starts[i] + nanos[i];
    }

    /**
     * The nearest-rank {@code p}-th percentile in nanoseconds, {@code 0 < p <= 100}.
     *
     * @throws IllegalStateException if nothing was recorded
     */
    public long percentileNanos(double p) {
        if (size == 0) {
            throw new IllegalStateException("no latencies recorded");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The largest latency, ns. */
    public long maxNanos() {
        return percentileNanos(100);
    }

    /** p50, p99 and max in milliseconds. */
    public Summary summary() {
        return new Summary(size, percentileNanos(50) / 1e6, percentileNanos(99) / 1e6, maxNanos() / 1e6);
    }

    /** The recordings of several threads as one. */
    public static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.size; i++) {
                all.record(part.starts[i], part.end(i));
            }
        }
        return all;
    }

    /** Operation count and latencies in ms. */
    public record Summary(int count, double p50, double p99, double max) {
    }
}
