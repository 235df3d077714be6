package dev.cinnabar.quadstore.index;

/**
 * One order's block index, loaded from the footer into heap arrays: per block its first key, file offset and
 * length. 44 bytes of heap per block (about 1% of the data with 4 KiB blocks). Immutable, so shared by all
 * readers of a segment.
 */
final class BlockIndex {

    final IndexOrder order;
    final int blockCount;
    final long entryCount;
    final long tombstoneCount;
    /** Bytes of this order's blocks, the chunk padding before them, and its section of the footer. */
    final long bytes;
    /** First keys, four longs per block, interleaved so that a binary search step touches one cache line. */
    private final long[] firstKeys;
    private final long[] offsets;
    private final int[] lengths;

    BlockIndex(IndexOrder order, long entryCount, long tombstoneCount, long bytes, long[] firstKeys,
        long[] offsets, int[] lengths) {
        this.order = order;
        this.blockCount = offsets.length;
        this.entryCount = entryCount;
        this.tombstoneCount = tombstoneCount;
        this.bytes = bytes;
        this.firstKeys = firstKeys;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    long offset(int block) {
        return offsets[block];
    }

    int length(int block) {
        return lengths[block];
    }

    long firstKey(int block, int position) {
        return firstKeys[block * 4 + position];
    }

    /** Compares block {@code block}'s first key with (k0, k1, k2, k3). */
    int compareFirst(int block, long k0, long k1, long k2, long k3) {
        int base = block * 4;
        long[] f = firstKeys;
        if (f[base] != k0) {
            return f[base] < k0 ? -1 : 1;
        }
        if (f[base + 1] != k1) {
            return f[base + 1] < k1 ? -1 : 1;
        }
        if (f[base + 2] != k2) {
            return f[base + 2] < k2 ? -1 : 1;
        }
        if (f[base + 3] != k3) {
            return f[base + 3] < k3 ? -1 : 1;
        }
        return 0;
    }

    /**
     * The last block in {@code [from, blockCount)} whose first key is at most (k0, k1, k2, k3), which is the only
     * block there that can hold that key; {@code from - 1} if there is none.
     */
    int floorBlock(int from, long k0, long k1, long k2, long k3) {
        int lo = from;
        int hi = blockCount - 1;
        int found = from - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compareFirst(mid, k0, k1, k2, k3) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * About how many entries start with {@code prefix[0 .. prefixLength)}: the blocks between the prefix's first
     * and last possible keys, times the mean entries per block; within a block, half a block.
     */
    long estimateEntries(long[] prefix, int prefixLength) {
        if (prefixLength == 0 || blockCount == 0) {
            return entryCount;
        }
        long[] from = new long[4];
        long[] to = new long[4];
        System.arraycopy(prefix, 0, from, 0, prefixLength);
        System.arraycopy(prefix, 0, to, 0, prefixLength);
        to[prefixLength - 1]++;
        int first = Math.max(0, floorBlock(0, from[0], from[1], from[2], from[3]));
        int last = floorBlock(0, to[0], to[1], to[2], to[3]);
        if (last >= 0 && compareFirst(last, to[0], to[1], to[2], to[3]) == 0) {
            last--; // that block starts past the prefix
        }
        double perBlock = (double) entryCount / blockCount;
        int blocks = last - first + 1;
        return blocks <= 1 ? Math.round(perBlock / 2) : Math.round((blocks - 1) * perBlock);
    }
}
