package dev.cinnabar.quadstore.index;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Heap copies of recently read segment blocks, each checked against its CRC-32C when it was copied, for the cursors
 * and probes of one thread (a transaction): a cursor or probe opening a block that is here neither copies nor checks
 * it again, and opening a cursor allocates no block buffer. Since segments are immutable, a copy stays valid as long
 * as its segment is open; the cache lives no longer than the transaction whose segments it reads.
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
    /** Per segment, the last block {@link #floorBlock} found in each order; a few segments, searched linearly. */
    private Segment[] hintSegments = new Segment[0];
    private int[] hints = new int[0];
    /** Blocks copied and checked, for tests. */
    long copies;

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
        hintSegments = Arrays.copyOf(known, i + 1);
        hintSegments[i] = segment;
        hints = Arrays.copyOf(hints, (i + 1) * ORDERS);
        Arrays.fill(hints, i * ORDERS, hints.length, -1);
        return i * ORDERS;
    }
}
