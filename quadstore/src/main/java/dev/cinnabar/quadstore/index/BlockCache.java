package dev.cinnabar.quadstore.index;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Heap copies of recently read segment blocks, each checked against its CRC-32C when it was copied, for the cursors
 * and probes of one thread (a transaction): a cursor or probe opening a block that is here neither copies nor checks
 * it again, and opening a cursor allocates no block buffer.
 *
 * <p>A cache outlives the transaction that filled it: a store lends its transactions caches from a
 * {@link BlockCachePool}, so the blocks that every small query meets (index roots, the blocks of a hot predicate)
 * stay copied, checked and decoded across transactions. That is safe because segments are immutable and a slot
 * serves a block only to a reader of the very {@link Segment} object it was copied from (identity, not file name or
 * id): a transaction reads only segments its snapshot pins, which are open, so a slot of a segment closed since, or
 * of a segment the transaction does not list, is never matched, only evicted. {@link #forgetClosedSegments()} drops
 * the slots and hints of closed segments, so that a pooled cache does not keep a retired segment's block index
 * reachable; it never holds a mapping, since it reads only heap copies.
 *
 * <p>A slot also keeps what readers learned of its block: the keys of its restart entries, and, for a block read more
 * than once, its decoded entries (each restart interval from its restart entry up to where a reader stopped), so
 * that the lookups of a join, which meet the same blocks again and again, binary search plain longs instead of
 * decoding varints.
 *
 * <p>Two-way set associative, least recently opened block evicted. Any number of readers may use one cache: a
 * reader whose block was evicted (its slot reused) notices by the slot's stamp and opens the block again, at the same
 * byte position, since the block's bytes are the same. Not thread-safe.
 */
public final class BlockCache {

    /** Blocks a transaction's cache holds: 64 blocks of about 4 KiB, allocated as they are first filled. */
    public static final int TRANSACTION_BLOCKS = 64;

    /** Segments whose block hints a cache keeps before it forgets them all and starts over. */
    static final int MAX_HINT_SEGMENTS = 32;

    private static final byte[] NO_BYTES = new byte[0];
    private static final int ORDERS = IndexOrder.values().length;

    /** A cache slot: a verified copy of one block, or nothing ({@code segment == null}). */
    static final class Slot {
        Segment segment;
        int order;
        int block = -1;
        byte[] bytes = NO_BYTES;
        /** Changes whenever {@link #bytes} or what they hold change, so readers of the old content notice. */
        int stamp;
        long lastUse;
        /**
         * Keys of the block's restart entries decoded so far, four longs each: restart {@code r}'s is there when
         * {@code restartStamps[r] == stamp} (stamps start at 1, so a zero never matches).
         */
        long[] restartKeys = new long[0];
        int[] restartStamps = new int[0];

        void growRestarts(int restarts) {
            int n = Math.max(restarts, 2 * restartStamps.length);
            restartKeys = Arrays.copyOf(restartKeys, n * 4);
            restartStamps = Arrays.copyOf(restartStamps, n);
        }

        /** Acquisitions since the slot was filled: the entries of blocks read more than once are recorded. */
        int uses;
        /**
         * Recorded entries per restart interval, four longs and a tombstone flag each, allocated as intervals are first
         * recorded: of interval {@code r}, the first {@code intervalRecorded[r]} entries are there when
         * {@code intervalStamps[r] == stamp}, and the entry after them starts at byte {@code intervalEnds[r]}.
         */
        long[][] intervalKeys = new long[0][];
        boolean[][] intervalTombstones = new boolean[0][];
        int[] intervalStamps = new int[0];
        int[] intervalRecorded = new int[0];
        int[] intervalEnds = new int[0];

        /** Entries of interval {@code restart} recorded in this fill (0 if none). */
        int recorded(int restart, int currentStamp) {
            return restart < intervalStamps.length && intervalStamps[restart] == currentStamp
                ? intervalRecorded[restart] : 0;
        }

        void prepareIntervals(int intervals) {
            if (intervalStamps.length < intervals) {
                intervalKeys = Arrays.copyOf(intervalKeys, intervals);
                intervalTombstones = Arrays.copyOf(intervalTombstones, intervals);
                intervalStamps = Arrays.copyOf(intervalStamps, intervals);
                intervalRecorded = Arrays.copyOf(intervalRecorded, intervals);
                intervalEnds = Arrays.copyOf(intervalEnds, intervals);
            }
        }

        /** Room for {@code entries} entries of interval {@code restart}, before its first entry is recorded. */
        void prepareInterval(int restart, int entries) {
            if (intervalTombstones[restart] == null || intervalTombstones[restart].length < entries) {
                intervalKeys[restart] = new long[entries * 4];
                intervalTombstones[restart] = new boolean[entries];
            }
        }
    }

    private final Slot[] slots;
    private final int ways;
    private final int setMask;
    private final CRC32C crc = new CRC32C();
    /** Decodes restart entries for the readers of this cache (one thread), without disturbing their own decoders. */
    final EntryDecoder restartDecoder = new EntryDecoder(null);
    private long clock;
    /**
     * Per segment, the last block {@link #floorBlock} found in each order; a few segments, searched linearly, at
     * most {@link #MAX_HINT_SEGMENTS} (then they start over: a cache used by many transactions meets many segments).
     */
    private Segment[] hintSegments = new Segment[0];
    private int[] hints = new int[0];
    /** Blocks copied and checked, for tests. */
    long copies;
    /** The {@link BlockCachePool}'s count of closed segments when this cache last forgot closed segments. */
    long prunedAt;

    /**
     * A cache of {@code blocks} blocks (1, or a power of two).
     *
     * @throws IllegalArgumentException for any other number
     */
    public BlockCache(int blocks) {
        if (blocks < 1 || Integer.bitCount(blocks) != 1) {
            throw new IllegalArgumentException("a block cache holds 1 or a power of two blocks, not " + blocks);
        }
        this.slots = new Slot[blocks];
        for (int i = 0; i < blocks; i++) {
            slots[i] = new Slot();
        }
        this.ways = Math.min(2, blocks);
        this.setMask = blocks / ways - 1;
    }

    /**
     * The slot holding block {@code b} of {@code index} of {@code segment}, verified; on a miss the least recently
     * used slot of its set is refilled (copy, then checksum). {@code null} if the block's checksum does not match:
     * nothing is kept of it then, so it is checked (and reported) again on the next read.
     */
    Slot acquire(Segment segment, BlockIndex index, int b) {
        int order = index.order.ordinal();
        int base = (hash(segment.id, order, b) & setMask) * ways;
        Slot victim = slots[base];
        for (int w = 0; w < ways; w++) {
            Slot slot = slots[base + w];
            if (slot.block == b && slot.order == order && slot.segment == segment) {
                slot.lastUse = ++clock;
                slot.uses++;
                return slot;
            }
            if (slot.lastUse < victim.lastUse) {
                victim = slot;
            }
        }
        Slot slot = victim;
        slot.stamp++; // readers of the old content reacquire their block
        slot.segment = null;
        slot.block = -1;
        int length = index.length(b);
        if (slot.bytes.length < length) {
            slot.bytes = new byte[Math.max(length, segment.maxBlockLength())];
        }
        byte[] bytes = slot.bytes;
        segment.copy(index.offset(b), bytes, length);
        copies++;
        crc.reset();
        crc.update(bytes, SegmentFormat.BLOCK_CRC_BYTES, length - SegmentFormat.BLOCK_CRC_BYTES);
        if ((int) crc.getValue() != SegmentFormat.getIntLE(bytes, 0)) {
            slot.lastUse = 0;
            return null;
        }
        slot.segment = segment;
        slot.order = order;
        slot.block = b;
        slot.uses = 0;
        slot.lastUse = ++clock;
        return slot;
    }

    /** Consecutive blocks of one order fall in consecutive sets; orders and segments start at scattered sets. */
    private static int hash(int segment, int order, int block) {
        int base = segment * 0x9E3779B9 + order * 0x632BE5AB;
        return block + (base ^ (base >>> 16));
    }

    /**
     * {@link BlockIndex#floorBlock}{@code (0, key)}, answered without a binary search when the key lies in the block
     * the previous search of this segment and order found (lookups of nearby keys, a join's inner loop in key order).
     */
    int floorBlock(Segment segment, BlockIndex index, long k0, long k1, long k2, long k3) {
        int at = hintIndex(segment) + index.order.ordinal();
        int hint = hints[at];
        if (hint >= 0 && index.compareFirst(hint, k0, k1, k2, k3) <= 0
            && (hint + 1 == index.blockCount || index.compareFirst(hint + 1, k0, k1, k2, k3) > 0)) {
            return hint;
        }
        int found = index.floorBlock(0, k0, k1, k2, k3);
        hints[at] = found;
        return found;
    }

    private int hintIndex(Segment segment) {
        Segment[] known = hintSegments;
        for (int i = 0; i < known.length; i++) {
            if (known[i] == segment) {
                return i * ORDERS;
            }
        }
        int i = known.length;
        if (i == MAX_HINT_SEGMENTS) {
            known = new Segment[0];
            hints = new int[0];
            i = 0;
        }
        hintSegments = Arrays.copyOf(known, i + 1);
        hintSegments[i] = segment;
        hints = Arrays.copyOf(hints, (i + 1) * ORDERS);
        Arrays.fill(hints, i * ORDERS, hints.length, -1);
        return i * ORDERS;
    }

    /**
     * Forgets the blocks and hints of segments that are closed now, keeping the slots' buffers for later fills. Only
     * for memory: correctness never depends on it, since no reader passes a closed segment to {@link #acquire}. Called
     * by the cache's one user, or by a pool that holds it idle.
     */
    void forgetClosedSegments() {
        for (Slot slot : slots) {
            if (slot.segment != null && slot.segment.isClosed()) {
                slot.stamp++;
                slot.segment = null;
                slot.block = -1;
                slot.uses = 0;
                slot.lastUse = 0;
            }
        }
        Segment[] known = hintSegments;
        int kept = 0;
        for (int i = 0; i < known.length; i++) {
            if (!known[i].isClosed()) {
                known[kept] = known[i];
                System.arraycopy(hints, i * ORDERS, hints, kept * ORDERS, ORDERS);
                kept++;
            }
        }
        if (kept < known.length) {
            hintSegments = Arrays.copyOf(known, kept);
            hints = Arrays.copyOf(hints, kept * ORDERS);
        }
    }

    /** The segments that slots or hints refer to, for tests. */
    Set<Segment> segmentsHeld() {
        Set<Segment> held = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Slot slot : slots) {
            if (slot.segment != null) {
                held.add(slot.segment);
            }
        }
        held.addAll(Arrays.asList(hintSegments));
        return held;
    }

    /** Segments with block hints, for tests. */
    int hintedSegments() {
        return hintSegments.length;
    }
}
