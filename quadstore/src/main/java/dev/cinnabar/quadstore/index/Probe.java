package dev.cinnabar.quadstore.index;

import java.util.Arrays;

/**
 * Point lookups of keys in one order of a {@link Segment}, from {@link Segment#probe}. A lookup finds the block
 * through the block index and the last restart point before the key inside the block, then decodes forward to the
 * key. The probe keeps the block and the run of entries it has decoded, so a run of ascending lookups (checking a
 * sorted batch against the segment) loads each block and decodes each entry at most once; lookups in any order
 * work. Not thread-safe: one probe per thread, reusable for any number of lookups.
 */
public final class Probe {

    private final BlockReader reader;
    private final BlockIndex index;
    /** A run of consecutive decoded entries of the loaded block, four longs each, in key order. */
    private long[] keys = new long[256];
    private boolean[] tombstones = new boolean[64];
    private int decoded;
    /** The block whose entries {@link #keys} holds, or -1. */
    private int cached = -1;

    Probe(BlockReader reader) {
        this.reader = reader;
        this.index = reader.index;
    }

    /** The order this probe looks keys up in. */
    public IndexOrder order() {
        return index.order;
    }

    /**
     * The state of key (k0, k1, k2, k3) (in the order's layout) in the segment: {@link Segment#PRESENT},
     * {@link Segment#TOMBSTONE} or {@link Segment#ABSENT}.
     *
     * @throws java.io.UncheckedIOException with a {@link dev.cinnabar.storage.CorruptStoreException} if the block
     *     that would hold the key is damaged
     */
    public int find(long k0, long k1, long k2, long k3) {
        int b = cached;
        if (b < 0 || index.compareFirst(b, k0, k1, k2, k3) > 0
            || b + 1 < index.blockCount && index.compareFirst(b + 1, k0, k1, k2, k3) <= 0) {
            b = index.floorBlock(0, k0, k1, k2, k3);
            if (b < 0) {
                return Segment.ABSENT;
            }
            cached = -1; // stays unset if the block turns out damaged
            decoded = 0;
            reader.load(b);
            cached = b;
        }
        if (decoded > 0 && compareDecoded(0, k0, k1, k2, k3) <= 0) {
            if (compareDecoded(decoded - 1, k0, k1, k2, k3) >= 0) {
                return searchDecoded(k0, k1, k2, k3);
            }
            int before = reader.nextEntry();
            reader.skipTowards(k0, k1, k2, k3); // ahead of the run: go on from it, or from a later restart
            if (reader.nextEntry() != before) {
                decoded = 0;
            }
        } else {
            // Nothing decoded, or the key lies before the run (lookups out of order): start at a restart again.
            BlockReader r = reader;
            r.positionAtRestart(Math.max(0, r.restartFloor(0, k0, k1, k2, k3)));
            decoded = 0;
        }
        return decodeTo(k0, k1, k2, k3);
    }

    /** Decodes forward, appending to the run, up to the first entry at or after the key. */
    private int decodeTo(long k0, long k1, long k2, long k3) {
        BlockReader r = reader;
        long[] key = r.decoder.key;
        while (r.remaining > 0) {
            r.next();
            int i = decoded++;
            if (i == tombstones.length) {
                keys = Arrays.copyOf(keys, i * 8);
                tombstones = Arrays.copyOf(tombstones, i * 2);
            }
            long[] k = keys;
            int base = i * 4;
            k[base] = key[0];
            k[base + 1] = key[1];
            k[base + 2] = key[2];
            k[base + 3] = key[3];
            tombstones[i] = r.decoder.tombstone;
            int c = compareDecoded(i, k0, k1, k2, k3);
            if (c >= 0) {
                return c == 0 ? state(i) : Segment.ABSENT;
            }
        }
        return Segment.ABSENT;
    }

    private int searchDecoded(long k0, long k1, long k2, long k3) {
        int lo = 0;
        int hi = decoded - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareDecoded(mid, k0, k1, k2, k3);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return state(mid);
            }
        }
        return Segment.ABSENT;
    }

    /** Blocks loaded so far. */
    int blockLoads() {
        return reader.loads;
    }

    /** Entries decoded so far. */
    long entriesDecoded() {
        return reader.decoded;
    }

    private int state(int entry) {
        return tombstones[entry] ? Segment.TOMBSTONE : Segment.PRESENT;
    }

    private int compareDecoded(int entry, long k0, long k1, long k2, long k3) {
        long[] k = keys;
        int base = entry * 4;
        if (k[base] != k0) {
            return k[base] < k0 ? -1 : 1;
        }
        if (k[base + 1] != k1) {
            return k[base + 1] < k1 ? -1 : 1;
        }
        if (k[base + 2] != k2) {
            return k[base + 2] < k2 ? -1 : 1;
        }
        if (k[base + 3] != k3) {
            return k[base + 3] < k3 ? -1 : 1;
        }
        return 0;
    }
}
