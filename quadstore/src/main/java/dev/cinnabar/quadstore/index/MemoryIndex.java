package dev.cinnabar.quadstore.index;

import java.util.Arrays;

/**
 * Quads in heap memory, each with an add-or-tombstone state, readable as a sorted {@link EntryCursor} in every
 * {@link IndexOrder}: a write transaction's buffer of changes, before they spill to a segment or commit.
 *
 * <p>Entries live once, as (g, s, p, o) in a flat {@code long[]}; an open-addressing table finds an entry by quad,
 * so writing a quad again only changes its state. Each order keeps an {@code int[]} of entry numbers sorted by that
 * order's key. Entries appended since the last sort are merged in when a cursor asks for the order.
 *
 * <p>Open cursors stay valid while entries are added: a re-sort builds new arrays and never changes the ones a
 * cursor holds. A cursor sees state changes of the entries it holds (a quad removed during a scan is skipped if the
 * scan has not reached it yet) and does not see entries added after it was opened.
 *
 * <p>Not thread-safe: only the write transaction's own thread uses it.
 */
public final class MemoryIndex {

    /** The state of a quad that this index does not hold. */
    public static final int ABSENT = 0;
    public static final int PRESENT = 1;
    public static final int TOMBSTONE = -1;

    private static final int STRIDE = 4;

    private long[] quads = new long[STRIDE * 64];
    private byte[] states = new byte[64];
    /** Entry number + 1 per slot; 0 is empty. Capacity a power of two, at most half full. */
    private int[] table = new int[128];
    private int size;
    private final int[][] sorted = new int[IndexOrder.values().length][];
    private final int[] sortedCount = new int[IndexOrder.values().length];

    public MemoryIndex() {
        Arrays.fill(sorted, new int[0]);
    }

    /** Entries held, present and tombstones. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Records that the quad is present ({@code tombstone == false}) or removed. */
    public void put(long g, long s, long p, long o, boolean tombstone) {
        int slot = slotOf(g, s, p, o);
        int entry = table[slot] - 1;
        if (entry < 0) {
            entry = append(g, s, p, o);
            table[slot] = entry + 1;
            if (size * 2 > table.length) {
                growTable();
            }
        }
        states[entry] = (byte) (tombstone ? TOMBSTONE : PRESENT);
    }

    /** {@link #PRESENT}, {@link #TOMBSTONE} or {@link #ABSENT}. */
    public int find(long g, long s, long p, long o) {
        int entry = table[slotOf(g, s, p, o)] - 1;
        return entry < 0 ? ABSENT : states[entry];
    }

    /** Entries whose first {@code prefixLength} key positions in {@code order} equal {@code prefix}. */
    public EntryCursor cursor(IndexOrder order, long[] prefix, int prefixLength) {
        return new Cursor(order, sortedFor(order), prefix, prefixLength);
    }

    private int[] sortedFor(IndexOrder order) {
        int o = order.ordinal();
        if (sortedCount[o] == size) {
            return sorted[o];
        }
        int from = sortedCount[o];
        int[] tail = new int[size - from];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = from + i;
        }
        int[] permutation = permutation(order);
        sort(tail, permutation);
        int[] old = sorted[o];
        int[] merged = new int[size];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < old.length && j < tail.length) {
            merged[k++] = compare(old[i], tail[j], permutation) <= 0 ? old[i++] : tail[j++];
        }
        while (i < old.length) {
            merged[k++] = old[i++];
        }
        while (j < tail.length) {
            merged[k++] = tail[j++];
        }
        sorted[o] = merged; // a new array: cursors on the old one keep working
        sortedCount[o] = size;
        return merged;
    }

    private static int[] permutation(IndexOrder order) {
        int[] permutation = new int[4];
        for (int i = 0; i < 4; i++) {
            permutation[i] = order.component(i);
        }
        return permutation;
    }

    private int compare(int a, int b, int[] permutation) {
        long[] q = quads;
        for (int i = 0; i < 4; i++) {
            int c = Long.compare(q[a * STRIDE + permutation[i]], q[b * STRIDE + permutation[i]]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Merge sort of entry numbers by key (no boxing; entries are distinct quads so stability does not matter). */
    private void sort(int[] entries, int[] permutation) {
        if (entries.length < 2) {
            return;
        }
        int[] buffer = new int[entries.length];
        for (int width = 1; width < entries.length; width *= 2) {
            for (int lo = 0; lo < entries.length; lo += 2 * width) {
                int mid = Math.min(lo + width, entries.length);
                int hi = Math.min(lo + 2 * width, entries.length);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    buffer[k++] = compare(entries[i], entries[j], permutation) <= 0 ? entries[i++] : entries[j++];
                }
                while (i < mid) {
                    buffer[k++] = entries[i++];
                }
                while (j < hi) {
                    buffer[k++] = entries[j++];
                }
            }
            System.arraycopy(buffer, 0, entries, 0, entries.length);
        }
    }

    private int append(long g, long s, long p, long o) {
        if (size == states.length) {
            int capacity = states.length * 2;
            quads = Arrays.copyOf(quads, capacity * STRIDE);
            states = Arrays.copyOf(states, capacity);
        }
        int entry = size++;
        int base = entry * STRIDE;
        quads[base] = g;
        quads[base + 1] = s;
        quads[base + 2] = p;
        quads[base + 3] = o;
        return entry;
    }

    private int slotOf(long g, long s, long p, long o) {
        int mask = table.length - 1;
        int slot = hash(g, s, p, o) & mask;
        while (true) {
            int entry = table[slot] - 1;
            if (entry < 0) {
                return slot;
            }
            int base = entry * STRIDE;
            if (quads[base + 3] == o && quads[base + 1] == s && quads[base + 2] == p && quads[base] == g) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void growTable() {
        int[] fresh = new int[table.length * 2];
        int mask = fresh.length - 1;
        for (int entry = 0; entry < size; entry++) {
            int base = entry * STRIDE;
            int slot = hash(quads[base], quads[base + 1], quads[base + 2], quads[base + 3]) & mask;
            while (fresh[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            fresh[slot] = entry + 1;
        }
        table = fresh;
    }

    private static int hash(long g, long s, long p, long o) {
        long h = g * 0x9E3779B97F4A7C15L;
        h = (h ^ s) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ p) * 0x165667B19E3779F9L;
        h = (h ^ o) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** A prefix scan over one order's sorted entry numbers. */
    private final class Cursor implements EntryCursor {
        private final int[] entries;
        private final int[] permutation;
        private final long[] prefix;
        private final int prefixLength;
        private final long[] quadsAtOpen;
        private int next;
        private int current = -1;

        Cursor(IndexOrder order, int[] entries, long[] prefix, int prefixLength) {
            this.entries = entries;
            this.permutation = permutation(order);
            this.prefix = Arrays.copyOf(prefix, 4);
            this.prefixLength = prefixLength;
            this.quadsAtOpen = quads;
            for (int i = prefixLength; i < 4; i++) {
                this.prefix[i] = Long.MIN_VALUE;
            }
            this.next = lowerBound(0, this.prefix[0], this.prefix[1], this.prefix[2], this.prefix[3]);
        }

        @Override
        public boolean next() {
            if (next >= entries.length) {
                current = -1;
                return false;
            }
            int entry = entries[next];
            for (int i = 0; i < prefixLength; i++) {
                if (quadsAtOpen[entry * STRIDE + permutation[i]] != prefix[i]) {
                    next = entries.length;
                    current = -1;
                    return false;
                }
            }
            next++;
            current = entry;
            return true;
        }

        @Override
        public long key(int position) {
            return quadsAtOpen[current * STRIDE + permutation[position]];
        }

        @Override
        public boolean tombstone() {
            return states[current] == TOMBSTONE;
        }

        @Override
        public void seek(long k0, long k1, long k2, long k3) {
            next = Math.max(next, lowerBound(next, k0, k1, k2, k3));
        }

        /** The first position at or after {@code from} whose key is >= (k0, k1, k2, k3). */
        private int lowerBound(int from, long k0, long k1, long k2, long k3) {
            int lo = from;
            int hi = entries.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compareTo(entries[mid], k0, k1, k2, k3) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private int compareTo(int entry, long k0, long k1, long k2, long k3) {
            int base = entry * STRIDE;
            int c = Long.compare(quadsAtOpen[base + permutation[0]], k0);
            if (c == 0) {
                c = Long.compare(quadsAtOpen[base + permutation[1]], k1);
                if (c == 0) {
                    c = Long.compare(quadsAtOpen[base + permutation[2]], k2);
                    if (c == 0) {
                        c = Long.compare(quadsAtOpen[base + permutation[3]], k3);
                    }
                }
            }
            return c;
        }
    }
}
