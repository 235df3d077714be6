package dev.cinnabar.quadstore;

/**
 * How many quads a pattern of atom ids matches, and how many distinct values each of its open positions takes
 * among them, as {@link QuadReader#estimate} found them from the indexes: exact when the pattern matches few quads,
 * estimated from a sample and the segments' block indexes otherwise. For query planning, not for answers.
 *
 * @param quads    the matches (exact if {@code exact})
 * @param exact    whether every figure was counted over all the matches
 * @param distinct per component ({@code IndexOrder.G, S, P, O}): 1 for a bound position, the estimated number of
 *                 distinct values for an open one, or {@link #UNKNOWN} when no index could sample it
 */
public record PatternEstimate(long quads, boolean exact, long[] distinct) {

    /** A distinct count the indexes could not estimate. */
    public static final long UNKNOWN = -1;

    /** A pattern that matches nothing (such as one with a term the store does not hold). */
    public static final PatternEstimate NONE = new PatternEstimate(0, true, new long[] {0, 0, 0, 0});

    public PatternEstimate {
        if (distinct.length != 4) {
            throw new IllegalArgumentException("distinct needs 4 components, not " + distinct.length);
        }
        distinct = distinct.clone();
    }

    /** Distinct values of component {@code component} ({@code IndexOrder.G, S, P, O}), or {@link #UNKNOWN}. */
    public long distinct(int component) {
        return distinct[component];
    }

    @Override
    public long[] distinct() {
        return distinct.clone();
    }
}
