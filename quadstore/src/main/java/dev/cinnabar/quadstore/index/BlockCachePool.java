package dev.cinnabar.quadstore.index;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The idle {@link BlockCache}s of one store, lent to its transactions: a transaction {@link #take takes} one at its
 * first block read and {@link #give gives} it back when it ends, so the next transaction finds the hot blocks
 * already copied, checked and decoded instead of paying for them again (a small query reads a few blocks, and
 * copying and checking them was a large share of its time). A cache is used by one transaction at a time: taking
 * removes it from the pool, and a transaction gives it back only after it closed, when none of its cursors may read
 * any more.
 *
 * <p>Bounded: at most {@link #IDLE_CACHES} idle caches (a cache is up to 64 blocks of about 4 KiB plus their decoded
 * entries); a cache given back to a full pool is dropped, and a transaction finding the pool empty makes a new one.
 * Lock-free: a fixed array of slots, taken and filled by compare-and-set.
 *
 * <p>Closed segments: a cache never serves a closed segment's block (see {@link BlockCache}), but its slots would
 * keep the segment object, and with it the block index arrays, reachable. So whoever closes a segment a transaction
 * may have read calls {@link #segmentsClosed()}, which prunes the idle caches now; a cache that was out on loan
 * then is pruned when it is given back, since its prune count is behind.
 */
public final class BlockCachePool {

    /** Idle caches a store keeps. */
    public static final int IDLE_CACHES = 8;

    private final AtomicReferenceArray<BlockCache> idle = new AtomicReferenceArray<>(IDLE_CACHES);
    /** Calls of {@link #segmentsClosed()} so far; a cache pruned at an older count may name closed segments. */
    private final AtomicLong closes = new AtomicLong();

    /** An idle cache, or a new one if none is idle. The caller is its only user until it {@link #give gives} it. */
    public BlockCache take() {
        for (int i = 0; i < IDLE_CACHES; i++) {
            BlockCache cache = idle.get(i);
            if (cache != null && idle.compareAndSet(i, cache, null)) {
                return cache;
            }
        }
        BlockCache cache = new BlockCache(BlockCache.TRANSACTION_BLOCKS);
        cache.prunedAt = closes.get();
        return cache;
    }

    /**
     * Returns {@code cache}, which its user no longer reads through (nor will), pruned of closed segments; dropped if
     * the pool is full.
     */
    public void give(BlockCache cache) {
        while (true) {
            long seen = closes.get();
            if (cache.prunedAt != seen) {
                cache.forgetClosedSegments();
                cache.prunedAt = seen;
            }
            int at = park(cache);
            if (at < 0 || closes.get() == seen) {
                return;
            }
            // A segment closed meanwhile, and segmentsClosed() may have passed this slot before the cache was in it:
            // take it back and prune again, unless someone already took it (a transaction, which gives it back
            // later, or segmentsClosed(), which prunes it).
            if (!idle.compareAndSet(at, cache, null)) {
                return;
            }
        }
    }

    private int park(BlockCache cache) {
        for (int i = 0; i < IDLE_CACHES; i++) {
            if (idle.get(i) == null && idle.compareAndSet(i, null, cache)) {
                return i;
            }
        }
        return -1;
    }

    /** Some segment was closed: idle caches forget closed segments now, caches on loan when given back. */
    public void segmentsClosed() {
        closes.incrementAndGet();
        for (int i = 0; i < IDLE_CACHES; i++) {
            BlockCache cache = idle.getAndSet(i, null);
            if (cache != null) {
                give(cache); // parks it here or before (unless others filled those): the scan ends
            }
        }
    }

    /** Drops every idle cache (the store closed). */
    public void clear() {
        for (int i = 0; i < IDLE_CACHES; i++) {
            idle.set(i, null);
        }
    }

    /** Idle caches now, for tests. */
    int idleCount() {
        int count = 0;
        for (int i = 0; i < IDLE_CACHES; i++) {
            count += idle.get(i) != null ? 1 : 0;
        }
        return count;
    }
}
