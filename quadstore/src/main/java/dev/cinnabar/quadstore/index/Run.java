package dev.cinnabar.quadstore.index;

import java.util.Arrays;

/**
 * One immutable, sorted batch of changes in heap, in all six orders: keys packed four longs to a row in each
 * order's layout, with a tombstone flag per row. A memtable is a stack of runs ({@link Memtable}); being immutable,
 * a run is read by any number of threads without locking.
 */
final class Run {

    private static final int STRIDE = 4;

    private final int size;
    private final long[][] keys;
    private final byte[][] tombstones;

    private Run(int size, long[][] keys, byte[][] tombstones) {
        this.size = size;
        this.keys = keys;
        this.tombstones = tombstones;
    }

    int size() {
        return size;
    }

    /**
     * A run of {@code count} changes given as (g, s, p, o) rows sorted ascending (GSPO) without duplicates, with a
     * tombstone flag each. The arrays become the run's.
     */
    static Run ofSortedGspo(long[] gspo, byte[] tombstone, int count) {
        IndexOrder[] orders = IndexOrder.values();
        long[][] keys = new long[orders.length][];
        byte[][] flags = new byte[orders.length][];
        PerOrder.forEach(count, o -> {
            if (orders[o] == IndexOrder.GSPO) {
                keys[o] = gspo;
                flags[o] = tombstone;
                return;
            }
            long[] rows = new long[count * STRIDE];
            byte[] rowFlags = new byte[count];
            SortedRows.sortWithFlags(gspo, tombstone, count, orders[o], rows, rowFlags);
            keys[o] = rows;
            flags[o] = rowFlags;
        });
        return new Run(count, keys, flags);
    }

    /** The union of two runs, {@code newer} deciding where both hold a key. */
    static Run merge(Run newer, Run older) {
        int orders = IndexOrder.values().length;
        long[][] keys = new long[orders][];
        byte[][] flags = new byte[orders][];
        int[] sizes = new int[orders];
        PerOrder.forEach(newer.size + older.size, o -> sizes[o] = mergeOrder(newer, older, o, keys, flags));
        return new Run(sizes[0], keys, flags);
    }

    /** Merges order {@code o} of both runs into {@code keys[o]} and {@code flags[o]}; returns its row count. */
    private static int mergeOrder(Run newer, Run older, int o, long[][] keys, byte[][] flags) {
        long[] a = newer.keys[o];
        long[] b = older.keys[o];
        byte[] fa = newer.tombstones[o];
        byte[] fb = older.tombstones[o];
        long[] rows = new long[(newer.size + older.size) * STRIDE];
        byte[] rowFlags = new byte[newer.size + older.size];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < newer.size && j < older.size) {
            int c = compareRows(a, i, b, j);
            if (c <= 0) {
                System.arraycopy(a, i * STRIDE, rows, k * STRIDE, STRIDE);
                rowFlags[k++] = fa[i++];
                if (c == 0) {
                    j++;
                }
            } else {
                System.arraycopy(b, j * STRIDE, rows, k * STRIDE, STRIDE);
                rowFlags[k++] = fb[j++];
            }
        }
        while (i < newer.size) {
            System.arraycopy(a, i * STRIDE, rows, k * STRIDE, STRIDE);
            rowFlags[k++] = fa[i++];
        }
        while (j < older.size) {
            System.arraycopy(b, j * STRIDE, rows, k * STRIDE, STRIDE);
            rowFlags[k++] = fb[j++];
        }
        keys[o] = k * STRIDE == rows.length ? rows : Arrays.copyOf(rows, k * STRIDE);
        flags[o] = k == rowFlags.length ? rowFlags : Arrays.copyOf(rowFlags, k);
        return k;
    }

    /** {@link MemoryIndex#PRESENT}, {@link MemoryIndex#TOMBSTONE} or {@link MemoryIndex#ABSENT}. */
    int find(long g, long s, long p, long o) {
        long[] rows = keys[IndexOrder.GSPO.ordinal()];
        int at = lowerBound(rows, 0, size, g, s, p, o);
        if (at < size && SortedRows.compareRow(rows, at, g, s, p, o) == 0) {
            return tombstones[IndexOrder.GSPO.ordinal()][at] != 0 ? MemoryIndex.TOMBSTONE : MemoryIndex.PRESENT;
        }
        return MemoryIndex.ABSENT;
    }

    EntryCursor cursor(IndexOrder order, long[] prefix, int prefixLength) {
        return new Cursor(keys[order.ordinal()], tombstones[order.ordinal()], size, prefix, prefixLength);
    }

    private static int lowerBound(long[] rows, int from, int to, long k0, long k1, long k2, long k3) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (SortedRows.compareRow(rows, mid, k0, k1, k2, k3) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int compareRows(long[] a, int i, long[] b, int j) {
        int base = j * STRIDE;
        return SortedRows.compareRow(a, i, b[base], b[base + 1], b[base + 2], b[base + 3]);
    }

    /** A prefix scan over one order's rows. */
    private static final class Cursor implements EntryCursor {
        private final long[] rows;
        private final byte[] flags;
        private final int size;
        private final long[] prefix = new long[STRIDE];
        private final int prefixLength;
        private int next;
        private int current = -1;

        Cursor(long[] rows, byte[] flags, int size, long[] prefix, int prefixLength) {
            this.rows = rows;
            this.flags = flags;
            this.size = size;
            this.prefixLength = prefixLength;
            for (int i = 0; i < STRIDE; i++) {
                this.prefix[i] = i < prefixLength ? prefix[i] : Long.MIN_VALUE;
            }
            next = lowerBound(rows, 0, size, this.prefix[0], this.prefix[1], this.prefix[2], this.prefix[3]);
        }

        @Override
        public boolean next() {
            if (next >= size) {
                current = -1;
                return false;
            }
            int base = next * STRIDE;
            for (int i = 0; i < prefixLength; i++) {
                if (rows[base + i] != prefix[i]) {
                    next = size;
                    current = -1;
                    return false;
                }
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
            return flags[current] != 0;
        }

        @Override
        public void seek(long k0, long k1, long k2, long k3) {
            next = Math.max(next, lowerBound(rows, next, size, k0, k1, k2, k3));
        }
    }
}
