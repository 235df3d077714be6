package dev.cinnabar.quadstore.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import dev.cinnabar.storage.StorageIo;

/**
 * Test data and a reference model: a set of distinct quads with tombstone flags, the sorted keys of each order,
 * and helpers to write them as a segment and to compute expected scan results.
 */
final class SegmentFixture {

    /** Quads as (g, s, p, o, tombstone 0/1). */
    final long[][] quads;
    /** Per order ordinal, the sorted keys, each {k0, k1, k2, k3, tombstone}. */
    final long[][][] sorted = new long[6][][];

    SegmentFixture(long[][] quads) {
        this.quads = quads;
        for (IndexOrder order : IndexOrder.values()) {
            long[][] keys = new long[quads.length][];
            long[] key = new long[4];
            for (int i = 0; i < quads.length; i++) {
                long[] q = quads[i];
                order.toKey(q[0], q[1], q[2], q[3], key);
                keys[i] = new long[] {key[0], key[1], key[2], key[3], q[4]};
            }
            Arrays.sort(keys, KEY_ORDER);
            sorted[order.ordinal()] = keys;
        }
    }

    static final Comparator<long[]> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < 4; i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    /**
     * Random quads mixing small ids, ids near 2^40 and near Long.MAX_VALUE, with subjects that have several
     * predicates and objects (so keys share prefixes of every length), a few graphs (most subjects in the first)
     * and about 15% tombstones.
     */
    static SegmentFixture random(long seed, int subjects) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<List<Long>> seen = new HashSet<>();
        long[] graphs = {1, 2, 7, (1L << 40) - 3};
        long[][] buffer = new long[subjects * 12][];
        int n = 0;
        for (int i = 0; i < subjects; i++) {
            long s = id(random);
            // Most subjects are in the first graph only, which gives runs of entries sharing k3 in the ...G orders.
            boolean oneGraph = random.nextInt(20) < 18;
            int predicates = 1 + random.nextInt(4);
            for (int j = 0; j < predicates; j++) {
                long p = 1 + random.nextInt(12);
                int objects = 1 + random.nextInt(3);
                for (int k = 0; k < objects; k++) {
                    long o = id(random);
                    long g = oneGraph ? graphs[0] : graphs[random.nextInt(graphs.length)];
                    if (seen.add(List.of(g, s, p, o))) {
                        buffer[n++] = new long[] {g, s, p, o, random.nextInt(100) < 15 ? 1 : 0};
                    }
                }
            }
        }
        return new SegmentFixture(Arrays.copyOf(buffer, n));
    }

    private static long id(SplittableRandom random) {
        switch (random.nextInt(10)) {
            case 0:
                return 1 + random.nextInt(40);
            case 1:
                return (1L << 40) - 1 - random.nextInt(5000);
            case 2:
                return Long.MAX_VALUE - random.nextInt(50);
            default:
                return 1 + random.nextInt(200_000);
        }
    }

    /** Writes every order, in sorted order, and finishes. */
    long write(Path file, int blockBytes, int chunkBytes, int restartInterval) throws IOException {
        try (SegmentWriter writer = SegmentWriter.create(StorageIo.system(), file, blockBytes, chunkBytes,
            restartInterval)) {
            for (IndexOrder order : IndexOrder.values()) {
                writer.beginOrder(order);
                for (long[] k : sorted[order.ordinal()]) {
                    writer.append(k[0], k[1], k[2], k[3], k[4] != 0);
                }
                writer.endOrder();
            }
            return writer.finish();
        }
    }

    long write(Path file, int blockBytes) throws IOException {
        return write(file, blockBytes, SegmentWriter.DEFAULT_CHUNK_BYTES, SegmentWriter.DEFAULT_RESTART_INTERVAL);
    }

    /** {@link #write(Path, int)} with blocks of {@code blockBytes}, then the segment opened. */
    Segment writeAndOpen(Path file, int blockBytes) throws IOException {
        write(file, blockBytes);
        return Segment.open(file);
    }

    long tombstoneCount() {
        long count = 0;
        for (long[] q : quads) {
            count += q[4];
        }
        return count;
    }

    /** The index of the first key of {@code order} at or after {@code target}. */
    int ceiling(IndexOrder order, long[] target) {
        long[][] keys = sorted[order.ordinal()];
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (KEY_ORDER.compare(keys[mid], target) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static boolean hasPrefix(long[] key, long[] prefix, int prefixLength) {
        for (int i = 0; i < prefixLength; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a cursor to its end as {k0, k1, k2, k3, tombstone} rows. */
    static long[][] drain(EntryCursor cursor) {
        long[][] rows = new long[16][];
        int n = 0;
        while (cursor.next()) {
            if (n == rows.length) {
                rows = Arrays.copyOf(rows, n * 2);
            }
            rows[n++] = row(cursor);
        }
        assert !cursor.next() : "an exhausted cursor stays exhausted";
        return Arrays.copyOf(rows, n);
    }

    static long[] row(EntryCursor cursor) {
        return new long[] {cursor.key(0), cursor.key(1), cursor.key(2), cursor.key(3), cursor.tombstone() ? 1 : 0};
    }
}
