package dev.cinnabar.quadstore.index;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs one task per index order. Sorting and merging a commit's changes in six orders was most of a large commit's
 * CPU on one core (JFR, lubm10 in 100,000-quad transactions), and the orders are independent: with enough rows they
 * run on the common fork-join pool and the calling thread together.
 */
final class PerOrder {

    /** Below this many rows a task is too short to be worth handing to another thread. */
    static final int PARALLEL_MIN_ROWS = 16_384;

    private PerOrder() {
    }

    /** Calls {@code task} once with each order's ordinal, in parallel if {@code rows} reaches the threshold. */
    static void forEach(int rows, IntConsumer task) {
        IntStream ordinals = IntStream.range(0, IndexOrder.values().length);
        (rows >= PARALLEL_MIN_ROWS ? ordinals.parallel() : ordinals).forEach(task);
    }
}
