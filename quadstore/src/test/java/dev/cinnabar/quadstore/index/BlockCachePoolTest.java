package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's pool of block caches: a cache given back is the next one taken, with its blocks; a cache on loan is
 * never lent twice; the pool keeps a bounded number; and no idle cache keeps a closed segment reachable.
 */
class BlockCachePoolTest {

    private static final SegmentFixture DATA = SegmentFixture.random(11, 400);

    @TempDir
    Path dir;

    private Segment write(String name) throws IOException {
        return DATA.writeAndOpen(dir.resolve(name), 512);
    }

    /** Reads every block of every order of {@code segment} through {@code cache}. */
    private static void readAll(Segment segment, BlockCache cache) {
        for (IndexOrder order : IndexOrder.values()) {
            assertEquals(DATA.sorted[order.ordinal()].length,
                SegmentFixture.drain(segment.cursor(order, null, 0, cache)).length);
        }
    }

    @Test
    void aCacheGivenBackIsTakenAgainWithItsBlocksCopiedAndChecked() throws IOException {
        BlockCachePool pool = new BlockCachePool();
        try (Segment segment = write("segment")) {
            BlockCache first = pool.take();
            long[] key = DATA.sorted[IndexOrder.SPOG.ordinal()][7];
            assertEquals(1, SegmentFixture.drain(segment.cursor(IndexOrder.SPOG, key, 4, first)).length);
            long copies = first.copies;
            assertTrue(copies > 0);
            pool.give(first);
            BlockCache second = pool.take();
            assertSame(first, second);
            assertEquals(1, SegmentFixture.drain(segment.cursor(IndexOrder.SPOG, key, 4, second)).length);
            assertEquals(copies, second.copies, "the block was read again from the copy, not from the mapping");
        }
    }

    @Test
    void aCacheOnLoanIsNeverLentAgainUntilGivenBack() {
        BlockCachePool pool = new BlockCachePool();
        pool.give(new BlockCache(BlockCache.TRANSACTION_BLOCKS));
        BlockCache a = pool.take();
        BlockCache b = pool.take();
        assertNotSame(a, b);
        assertEquals(0, pool.idleCount());
        pool.give(a);
        pool.give(b);
        assertEquals(2, pool.idleCount());
        BlockCache c = pool.take();
        BlockCache d = pool.take();
        assertNotSame(c, d);
    }

    @Test
    void thePoolKeepsAtMostItsBoundOfIdleCaches() {
        BlockCachePool pool = new BlockCachePool();
        List<BlockCache> lent = new ArrayList<>();
        for (int i = 0; i < 3 * BlockCachePool.IDLE_CACHES; i++) {
            lent.add(pool.take());
        }
        lent.forEach(pool::give);
        assertEquals(BlockCachePool.IDLE_CACHES, pool.idleCount());
        pool.clear();
        assertEquals(0, pool.idleCount());
    }

    @Test
    void anIdleCacheForgetsASegmentWhenItCloses() throws IOException {
        BlockCachePool pool = new BlockCachePool();
        try (Segment kept = write("kept")) {
            Segment closing = write("closing");
            BlockCache cache = pool.take();
            readAll(kept, cache);
            readAll(closing, cache);
            long[] key = DATA.sorted[IndexOrder.GOSP.ordinal()][3];
            assertEquals(1, SegmentFixture.drain(kept.cursor(IndexOrder.GOSP, key, 4, cache)).length);
            pool.give(cache);
            assertEquals(2, cache.segmentsHeld().size());
            closing.close();
            pool.segmentsClosed();
            assertEquals(1, cache.segmentsHeld().size(), "the closed segment is no longer reachable");
            assertTrue(cache.segmentsHeld().contains(kept));
            long copies = cache.copies;
            assertSame(cache, pool.take());
            assertEquals(1, SegmentFixture.drain(kept.cursor(IndexOrder.GOSP, key, 4, cache)).length);
            assertEquals(copies, cache.copies, "the open segment's blocks were kept");
        }
    }

    @Test
    void aCacheOnLoanWhenASegmentClosesForgetsItWhenGivenBack() throws IOException {
        BlockCachePool pool = new BlockCachePool();
        Segment closing = write("closing");
        BlockCache cache = pool.take();
        readAll(closing, cache);
        closing.close();
        pool.segmentsClosed(); // the cache is on loan: nothing to prune yet
        assertEquals(1, cache.segmentsHeld().size());
        pool.give(cache);
        assertEquals(0, cache.segmentsHeld().size());
    }

    @Test
    void aCacheMeetingManySegmentsKeepsHintsForABoundedNumber() throws IOException {
        BlockCache cache = new BlockCache(BlockCache.TRANSACTION_BLOCKS);
        Path file = dir.resolve("segment");
        DATA.write(file, 512);
        List<Segment> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * BlockCache.MAX_HINT_SEGMENTS; i++) {
                Segment segment = Segment.open(file); // a new object each time: a new segment to the cache
                open.add(segment);
                long[] key = DATA.sorted[IndexOrder.POSG.ordinal()][i];
                assertEquals(1, SegmentFixture.drain(segment.cursor(IndexOrder.POSG, key, 4, cache)).length);
                assertTrue(cache.hintedSegments() <= BlockCache.MAX_HINT_SEGMENTS, "hints " + cache.hintedSegments());
            }
        } finally {
            open.forEach(Segment::close);
        }
        cache.forgetClosedSegments();
        assertEquals(0, cache.hintedSegments());
        assertEquals(0, cache.segmentsHeld().size());
    }
}
