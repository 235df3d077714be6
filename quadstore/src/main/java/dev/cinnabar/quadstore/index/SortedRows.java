package dev.cinnabar.quadstore.index;

import java.util.Arrays;

/**
 * Sorting of quads held as rows of four longs (g, s, p, o) into any {@link IndexOrder}, for memtable runs and the
 * bulk loader.
 *
 * <p>The fast path packs each row into one long: per quad component, the offset from the batch's smallest value,
 * in as many bits as the batch's range needs, most significant component first. When the four ranges fit in 63
 * bits (typical: the graph is constant, predicates few, subjects and objects within a few million ids) a radix sort
 * of those longs ({@link LongRadixSort}) orders the rows; otherwise a quicksort of the rows themselves does.
 */
public final class SortedRows {

    private static final int STRIDE = 4;
    private static final int INSERTION_SORT_ROWS = 16;

    private SortedRows() {
    }

    /**
     * The distinct rows among {@code count} (g, s, p, o) rows of {@code gspo}, as keys of {@code order}, ascending.
     * {@code gspo} is not changed.
     */
    public static EntryCursor sortedDistinct(long[] gspo, int count, IndexOrder order) {
        long[] min = new long[STRIDE];
        int[] bits = new int[STRIDE];
        int total = ranges(gspo, count, min, bits);
        if (total <= 63) {
            return packed(gspo, count, order, min, bits, total);
        }
        long[] rows = new long[count * STRIDE];
        for (int i = 0; i < count; i++) {
            for (int position = 0; position < STRIDE; position++) {
                rows[i * STRIDE + position] = gspo[i * STRIDE + order.component(position)];
            }
        }
        sortRows(rows, null, 0, count - 1);
        return new RowCursor(rows, count);
    }

    /**
     * Writes {@code count} distinct (g, s, p, o) rows of {@code gspo}, each with its flag, as keys of {@code order}
     * into {@code rows} and {@code rowFlags}, ascending. Uses the packed sort when the ranges and the flag fit.
     */
    static void sortWithFlags(long[] gspo, byte[] flags, int count, IndexOrder order, long[] rows, byte[] rowFlags) {
        long[] min = new long[STRIDE];
        int[] bits = new int[STRIDE];
        int total = 1 + ranges(gspo, count, min, bits);
        if (total <= 63) {
            int[] shift = shifts(order, bits, 1);
            long[] keys = new long[count];
            for (int i = 0; i < count; i++) {
                int base = i * STRIDE;
                keys[i] = (gspo[base] - min[0]) << shift[0] | (gspo[base + 1] - min[1]) << shift[1]
                    | (gspo[base + 2] - min[2]) << shift[2] | (gspo[base + 3] - min[3]) << shift[3] | flags[i];
            }
            keys = LongRadixSort.sort(keys, count, total);
            for (int i = 0; i < count; i++) {
                long packed = keys[i];
                for (int position = 0; position < STRIDE; position++) {
                    int c = order.component(position);
                    long mask = bits[c] == 0 ? 0 : -1L >>> (64 - bits[c]);
                    rows[i * STRIDE + position] = min[c] + (packed >>> shift[c] & mask);
                }
                rowFlags[i] = (byte) (packed & 1);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            for (int position = 0; position < STRIDE; position++) {
                rows[i * STRIDE + position] = gspo[i * STRIDE + order.component(position)];
            }
            rowFlags[i] = flags[i];
        }
        sortRows(rows, rowFlags, 0, count - 1);
    }

    /** Per quad component, the smallest value and the bits its range needs; returns the sum of the bits. */
    private static int ranges(long[] gspo, int count, long[] min, int[] bits) {
        long[] max = new long[STRIDE];
        Arrays.fill(min, Long.MAX_VALUE);
        Arrays.fill(max, Long.MIN_VALUE);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < STRIDE; c++) {
                long v = gspo[i * STRIDE + c];
                min[c] = Math.min(min[c], v);
                max[c] = Math.max(max[c], v);
            }
        }
        int total = 0;
        for (int c = 0; c < STRIDE && count > 0; c++) {
            long range = max[c] - min[c];
            bits[c] = range < 0 ? 64 : 64 - Long.numberOfLeadingZeros(range);
            total = (int) Math.min(64, (long) total + bits[c]);
        }
        return total;
    }

    /** Per quad component, its shift in a packed key of {@code order}, the last position lowest, above {@code low} bits. */
    private static int[] shifts(IndexOrder order, int[] bits, int low) {
        int[] shift = new int[STRIDE];
        int used = low;
        for (int position = STRIDE - 1; position >= 0; position--) {
            int c = order.component(position);
            shift[c] = used;
            used += bits[c];
        }
        return shift;
    }

    private static EntryCursor packed(long[] gspo, int count, IndexOrder order, long[] min, int[] bits, int total) {
        int[] shift = shifts(order, bits, 0);
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            int base = i * STRIDE;
            keys[i] = (gspo[base] - min[0]) << shift[0] | (gspo[base + 1] - min[1]) << shift[1]
                | (gspo[base + 2] - min[2]) << shift[2] | (gspo[base + 3] - min[3]) << shift[3];
        }
        return new PackedCursor(LongRadixSort.sort(keys, count, total), order, min, bits, shift);
    }

    /** Quicksort of rows [lo, hi] (inclusive) with their flags, if any, moved along. */
    static void sortRows(long[] rows, byte[] flags, int lo, int hi) {
        while (hi - lo > INSERTION_SORT_ROWS) {
            int mid = (lo + hi) >>> 1;
            if (compareRows(rows, mid, lo) < 0) {
                swap(rows, flags, mid, lo);
            }
            if (compareRows(rows, hi, lo) < 0) {
                swap(rows, flags, hi, lo);
            }
            if (compareRows(rows, mid, hi) < 0) {
                swap(rows, flags, mid, hi); // the median of the three is now at hi
            }
            int base = hi * STRIDE;
            long p0 = rows[base];
            long p1 = rows[base + 1];
            long p2 = rows[base + 2];
            long p3 = rows[base + 3];
            int store = lo;
            for (int i = lo; i < hi; i++) {
                if (compareRow(rows, i, p0, p1, p2, p3) < 0) {
                    swap(rows, flags, i, store++);
                }
            }
            swap(rows, flags, store, hi);
            // recurse into the smaller side, loop on the larger: O(log n) stack
            if (store - lo < hi - store) {
                sortRows(rows, flags, lo, store - 1);
                lo = store + 1;
            } else {
                sortRows(rows, flags, store + 1, hi);
                hi = store - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && compareRows(rows, j, j - 1) < 0; j--) {
                swap(rows, flags, j, j - 1);
            }
        }
    }

    static int compareRow(long[] rows, int row, long k0, long k1, long k2, long k3) {
        int base = row * STRIDE;
        int c = Long.compare(rows[base], k0);
        if (c == 0) {
            c = Long.compare(rows[base + 1], k1);
            if (c == 0) {
                c = Long.compare(rows[base + 2], k2);
                if (c == 0) {
                    c = Long.compare(rows[base + 3], k3);
                }
            }
        }
        return c;
    }

    private static int compareRows(long[] rows, int i, int j) {
        int base = j * STRIDE;
        return compareRow(rows, i, rows[base], rows[base + 1], rows[base + 2], rows[base + 3]);
    }

    private static void swap(long[] rows, byte[] flags, int i, int j) {
        if (i == j) {
            return;
        }
        int a = i * STRIDE;
        int b = j * STRIDE;
        for (int k = 0; k < STRIDE; k++) {
            long t = rows[a + k];
            rows[a + k] = rows[b + k];
            rows[b + k] = t;
        }
        if (flags != null) {
            byte f = flags[i];
            flags[i] = flags[j];
            flags[j] = f;
        }
    }

    /** Distinct packed keys, unpacked into the order's key positions. */
    private static final class PackedCursor implements EntryCursor {
        private final long[] keys;
        private final long[] min;
        private final long[] mask = new long[STRIDE];
        private final int[] shift;
        private final int[] componentAt = new int[STRIDE];
        private final long[] key = new long[STRIDE];
        private int next;

        PackedCursor(long[] keys, IndexOrder order, long[] min, int[] bits, int[] shift) {
            this.keys = keys;
            this.min = min;
            this.shift = shift;
            for (int c = 0; c < STRIDE; c++) {
                mask[c] = bits[c] == 0 ? 0 : -1L >>> (64 - bits[c]);
            }
            for (int position = 0; position < STRIDE; position++) {
                componentAt[position] = order.component(position);
            }
        }

        @Override
        public boolean next() {
            if (next >= keys.length) {
                return false;
            }
            long packed = keys[next++];
            while (next < keys.length && keys[next] == packed) {
                next++; // duplicate rows are one quad
            }
            for (int position = 0; position < STRIDE; position++) {
                int c = componentAt[position];
                key[position] = min[c] + (packed >>> shift[c] & mask[c]);
            }
            return true;
        }

        @Override
        public long key(int position) {
            return key[position];
        }

        @Override
        public boolean tombstone() {
            return false;
        }

        @Override
        public void seek(long k0, long k1, long k2, long k3) {
            throw new UnsupportedOperationException("a sorted batch is read once, in order");
        }
    }

    /** Distinct rows of a sorted row array. */
    private static final class RowCursor implements EntryCursor {
        private final long[] rows;
        private final int count;
        private int next;
        private int current = -1;

        RowCursor(long[] rows, int count) {
            this.rows = rows;
            this.count = count;
        }

        @Override
        public boolean next() {
            while (next < count && current >= 0 && compareRows(rows, next, current) == 0) {
                next++;
            }
            if (next >= count) {
                return false;
            }
            current = next++;
            return true;
        }

        @Override
        public long key(int position) {
            return rows[current * STRIDE + position];
        }

        @Override
        public boolean tombstone() {
            return false;
        }

        @Override
        public void seek(long k0, long k1, long k2, long k3) {
            throw new UnsupportedOperationException("a sorted batch is read once, in order");
        }
    }
}
