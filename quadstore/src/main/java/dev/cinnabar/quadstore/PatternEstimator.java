package dev.cinnabar.quadstore;

import java.util.Arrays;
import java.util.List;

import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.Segment;

/**
 * Estimates a pattern's matches from the indexes (ADR-015): counts them exactly up to {@link #SAMPLE_QUADS}; past
 * that, adds up the segments' block-index estimates and the memtable's matches, and estimates each open position's
 * distinct values from the runs in a sample of an index that sorts that position right after the bound ones. Costs
 * at most a few samples of {@value #SAMPLE_QUADS} entries, whatever the store's size.
 *
 * <p>A large pattern that binds only its predicate, or is {@code (?, rdf:type, class)}, takes its figures from the
 * commit's statistics instead (ADR-017): exact quads and distinct subjects and objects, where a sample of a large
 * predicate sees only its first subjects.
 */
final class PatternEstimator {

    /** Matches counted exactly, and the size of each sample past that. */
    static final int SAMPLE_QUADS = 1024;
    /** Memtable matches counted before the rest is taken as this many. */
    private static final int MEMTABLE_COUNT_LIMIT = 1 << 16;

    private final TxnView view;

    PatternEstimator(TxnView view) {
        this.view = view;
    }

    PatternEstimate estimate(long[] ids) {
        for (long id : ids) {
            if (id < 0) {
                return PatternEstimate.NONE;
            }
        }
        IndexOrder main = orderFor(ids, -1);
        Sample sample = sample(main, ids);
        if (!sample.exhausted && view.readsOnlySnapshot()) {
            PatternEstimate fromStatistics = fromStatistics(ids, view.statistics());
            if (fromStatistics != null) {
                return fromStatistics;
            }
        }
        long[] distinct = new long[4];
        if (sample.exhausted) {
            for (int c = 0; c < 4; c++) {
                distinct[c] = ids[c] != QuadStore.ANY ? 1 : sample.distinct(c);
            }
            return new PatternEstimate(sample.count, true, distinct);
        }
        long quads = Math.max(sample.count, largeCount(main, ids));
        for (int c = 0; c < 4; c++) {
            if (ids[c] != QuadStore.ANY) {
                distinct[c] = 1;
                continue;
            }
            IndexOrder leading = orderFor(ids, c);
            if (leading == null) {
                distinct[c] = PatternEstimate.UNKNOWN;
                continue;
            }
            Sample runs = leading == main ? sample : sample(leading, ids);
            // The sorted position's runs in the sample stand for its runs over all the matches.
            distinct[c] = Math.max(runs.distinct(c), Math.round((double) quads * runs.distinct(c) / runs.count));
        }
        return new PatternEstimate(quads, false, distinct);
    }

    /**
     * The estimate of a pattern binding only its predicate, or of {@code (?, rdf:type, class)}, from the statistics;
     * null for any other pattern. A graph position is sampled unless the store has one graph.
     */
    private PatternEstimate fromStatistics(long[] ids, StoreStatistics statistics) {
        boolean predicateOnly = ids[IndexOrder.P] != QuadStore.ANY && ids[IndexOrder.G] == QuadStore.ANY
            && ids[IndexOrder.S] == QuadStore.ANY;
        if (!predicateOnly) {
            return null;
        }
        long p = ids[IndexOrder.P];
        long[] distinct = new long[4];
        long quads;
        distinct[IndexOrder.P] = 1;
        if (ids[IndexOrder.O] == QuadStore.ANY) {
            quads = statistics.predicateQuads(p);
            distinct[IndexOrder.S] = statistics.distinctSubjects(p);
            distinct[IndexOrder.O] = statistics.distinctObjects(p);
        } else if (p == statistics.typeId() && statistics.graphCount() == 1) {
            // With one graph, each instance has one quad (s, rdf:type, class).
            quads = statistics.classQuads(ids[IndexOrder.O]);
            distinct[IndexOrder.S] = quads;
            distinct[IndexOrder.O] = 1;
        } else {
            return null;
        }
        if (statistics.graphCount() == 1) {
            distinct[IndexOrder.G] = 1;
        } else {
            IndexOrder leading = orderFor(ids, IndexOrder.G);
            if (leading == null) {
                distinct[IndexOrder.G] = PatternEstimate.UNKNOWN;
            } else {
                Sample runs = sample(leading, ids);
                distinct[IndexOrder.G] = runs.count == 0 ? 0
                    : Math.max(runs.distinct(IndexOrder.G),
                        Math.round((double) quads * runs.distinct(IndexOrder.G) / runs.count));
            }
        }
        return new PatternEstimate(quads, statistics.graphCount() == 1, distinct);
    }

    /**
     * An order whose first positions are exactly the bound components and, if {@code next} is not -1, whose
     * following position is {@code next}; for {@code next} -1 the order that answers the pattern.
     */
    private static IndexOrder orderFor(long[] ids, int next) {
        boolean[] bound = new boolean[4];
        int boundCount = 0;
        for (int c = 0; c < 4; c++) {
            bound[c] = ids[c] != QuadStore.ANY;
            boundCount += bound[c] ? 1 : 0;
        }
        if (next < 0) {
            return IndexOrder.forPattern(bound[0], bound[1], bound[2], bound[3]);
        }
        for (IndexOrder order : IndexOrder.values()) {
            boolean fits = order.component(boundCount) == next;
            for (int position = 0; position < boundCount && fits; position++) {
                fits = bound[order.component(position)];
            }
            if (fits) {
                return order;
            }
        }
        return null;
    }

    private static int prefix(IndexOrder order, long[] ids, long[] prefix) {
        int length = 0;
        while (length < 4 && ids[order.component(length)] != QuadStore.ANY) {
            prefix[length] = ids[order.component(length)];
            length++;
        }
        return length;
    }

    private Sample sample(IndexOrder order, long[] ids) {
        long[] prefix = new long[4];
        int prefixLength = prefix(order, ids, prefix);
        EntryCursor cursor = view.cursor(order, prefix, prefixLength, true);
        long[][] values = new long[4][SAMPLE_QUADS];
        int count = 0;
        while (count < SAMPLE_QUADS && cursor.next()) {
            for (int c = 0; c < 4; c++) {
                values[c][count] = cursor.key(order.position(c));
            }
            count++;
        }
        return new Sample(values, count, count < SAMPLE_QUADS || !cursor.next());
    }

    /** The matches of a pattern with more than a sample's: block-index estimates plus the memtable's count. */
    private long largeCount(IndexOrder order, long[] ids) {
        long[] prefix = new long[4];
        int prefixLength = prefix(order, ids, prefix);
        long total = 0;
        List<Segment> segments = view.segmentsForEstimate();
        for (Segment segment : segments) {
            total += segment.estimateEntries(order, prefix, prefixLength);
        }
        EntryCursor recent = view.recentCursor(order, prefix, prefixLength);
        int counted = 0;
        while (counted < MEMTABLE_COUNT_LIMIT && recent.next()) {
            counted++;
        }
        return total + counted;
    }

    /** Up to {@link #SAMPLE_QUADS} matches, by component. */
    private static final class Sample {
        final long[][] values;
        final int count;
        final boolean exhausted;

        Sample(long[][] values, int count, boolean exhausted) {
            this.values = values;
            this.count = count;
            this.exhausted = exhausted;
        }

        long distinct(int component) {
            if (count == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values[component], count);
            Arrays.sort(sorted);
            long distinct = 1;
            for (int i = 1; i < count; i++) {
                distinct += sorted[i] != sorted[i - 1] ? 1 : 0;
            }
            return distinct;
        }
    }
}
