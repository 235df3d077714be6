package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.index.BlockCache;
import dev.cinnabar.quadstore.index.BlockCacheInspector;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * Verified block copies outlive their transaction (ADR-007): a later transaction reads the blocks an earlier one
 * copied without copying them again; two open transactions never share a cache; and a cache never serves, nor keeps
 * reachable, a segment that was closed: after a compaction, a rolled-back spill or an old reader's close, reads are
 * exactly the store's quads; a closed transaction's cursor cannot read through the cache another one now uses; a
 * damaged block is reported by every transaction.
 */
class BlockCacheReuseTest {

    private static final Iri P = new Iri("http://example.org/p");
    private static final Iri Q = new Iri("http://example.org/q");
    private static final QuadStoreOptions OPTIONS = QuadStoreOptions.defaults().withAutoCompaction(false);
    private static final int QUADS = 3000;

    @TempDir
    Path dir;

    private static Quad quad(int i) {
        return new Quad(DefaultGraph.INSTANCE, new Iri("http://example.org/s" + i / 10), i % 2 == 0 ? P : Q,
            Literal.of("object " + i));
    }

    private static Set<Quad> quads(int from, int to) {
        return IntStream.range(from, to).mapToObj(BlockCacheReuseTest::quad).collect(Collectors.toSet());
    }

    private static void commit(QuadStore store, Set<Quad> adds, Set<Quad> removes) throws IOException {
        try (WriteTxn w = store.beginWrite()) {
            for (Quad quad : adds) {
                w.add(quad);
            }
            for (Quad quad : removes) {
                w.remove(quad);
            }
            w.commit();
        }
    }

    /** {@code quads} committed and checkpointed into a segment, so that reads go through block caches. */
    private static void commitToSegment(QuadStore store, Set<Quad> adds, Set<Quad> removes) throws IOException {
        commit(store, adds, removes);
        store.checkpoint();
    }

    private static Set<Quad> all(QuadReader reader) {
        try (Stream<Quad> quads = reader.match(null, null, null, null)) {
            return quads.collect(Collectors.toSet());
        }
    }

    /** The quads of subject {@code n}, through the SPOG index: a small query of a block or two. */
    private static long subjectCount(QuadReader reader, int n) {
        return reader.count(null, new Iri("http://example.org/s" + n), null, null);
    }

    private static BlockCache cacheOf(TxnReads txn) {
        BlockCache cache = txn.view.blockCache();
        assertNotNull(cache, "the transaction has read a block");
        return cache;
    }

    @Test
    void laterTransactionsReadingAndWritingReadTheBlocksTheFirstReadWithoutCopyingThem() throws IOException {
        try (QuadStore store = QuadStore.open(dir, OPTIONS)) {
            commitToSegment(store, quads(0, QUADS), Set.of());
            BlockCache first;
            long copies;
            try (ReadTxn r = store.beginRead()) {
                assertEquals(10, subjectCount(r, 42));
                first = cacheOf(r);
                copies = BlockCacheInspector.copies(first);
                assertTrue(copies > 0, "the first transaction copied its blocks");
            }
            for (int again = 0; again < 4; again++) {
                try (TxnReads txn = again < 3 ? store.beginRead() : store.beginWrite()) {
                    assertEquals(10, subjectCount(txn, 42));
                    assertSame(first, cacheOf(txn), "the cache the first transaction gave back");
                    assertEquals(copies, BlockCacheInspector.copies(first), "transaction " + again + " copied blocks");
                }
            }
        }
    }

    @Test
    void twoTransactionsOpenAtOnceReadThroughDifferentCaches() throws IOException {
        try (QuadStore store = QuadStore.open(dir, OPTIONS)) {
            commitToSegment(store, quads(0, QUADS), Set.of());
            try (ReadTxn warm = store.beginRead()) {
                subjectCount(warm, 1); // leaves a warm cache in the pool
            }
            try (ReadTxn a = store.beginRead(); ReadTxn b = store.beginRead(); WriteTxn w = store.beginWrite()) {
                assertEquals(10, subjectCount(a, 1));
                assertEquals(10, subjectCount(b, 2));
                assertEquals(10, subjectCount(w, 3));
                Set<BlockCache> caches = Collections.newSetFromMap(new IdentityHashMap<>()); // by identity
                caches.addAll(List.of(cacheOf(a), cacheOf(b), cacheOf(w)));
                assertEquals(3, caches.size(), "each open transaction has a cache of its own");
            }
        }
    }

    @Test
    void afterACompactionReadsAreTheStoresQuadsAndNoCacheKeepsTheMergedSegments() throws IOException {
        try (QuadStore store = QuadStore.open(dir, OPTIONS)) {
            Set<Quad> model = new HashSet<>(quads(0, QUADS));
            commitToSegment(store, model, Set.of());
            Set<Quad> removed = quads(0, QUADS / 2).stream().filter(q -> q.object().hashCode() % 3 == 0)
                .collect(Collectors.toSet());
            Set<Quad> added = quads(QUADS, QUADS + 500);
            commitToSegment(store, added, removed);
            model.removeAll(removed);
            model.addAll(added);

            BlockCache idle;
            try (ReadTxn r = store.beginRead()) {
                assertEquals(model, all(r));
                idle = cacheOf(r);
            }
            BlockCache busy;
            ReadTxn old = store.beginRead(); // pins the two segments across the compaction
            try (ReadTxn warm = store.beginRead()) {
                assertEquals(model, all(warm)); // takes the idle cache, and gives it back below
                assertSame(idle, cacheOf(warm));
                assertEquals(model, all(old));
                busy = cacheOf(old);
                assertNotSame(idle, busy);
            }
            assertEquals(2, BlockCacheInspector.segmentsHeld(busy));

            store.compact();
            assertEquals(2, BlockCacheInspector.segmentsHeld(idle), "the segments the old reader pins stay cached");
            old.close(); // the last snapshot listing them: they close, and its cache is pruned as it is given back
            assertEquals(0, BlockCacheInspector.closedSegmentsHeld(busy), "the old reader's cache keeps closed segments");
            assertEquals(0, BlockCacheInspector.closedSegmentsHeld(idle), "an idle cache keeps closed segments");
            assertEquals(0, BlockCacheInspector.segmentsHeld(idle));

            for (int again = 0; again < 2; again++) {
                try (ReadTxn r = store.beginRead()) {
                    assertEquals(model, all(r), "read " + again + " after the compaction");
                    assertEquals(1, BlockCacheInspector.segmentsHeld(cacheOf(r)), "only the merged segment");
                }
            }
        }
    }

    @Test
    void aCompactionWithNoReaderOpenPrunesTheIdleCachesAtOnce() throws IOException {
        try (QuadStore store = QuadStore.open(dir, OPTIONS)) {
            commitToSegment(store, quads(0, QUADS / 2), Set.of());
            commitToSegment(store, quads(QUADS / 2, QUADS), Set.of());
            BlockCache idle;
            try (ReadTxn r = store.beginRead()) {
                assertEquals(quads(0, QUADS), all(r));
                idle = cacheOf(r);
            }
            assertEquals(2, BlockCacheInspector.segmentsHeld(idle));
            store.compact();
            assertEquals(0, BlockCacheInspector.segmentsHeld(idle), "the idle cache still refers to merged segments");
            try (ReadTxn r = store.beginRead()) {
                assertEquals(quads(0, QUADS), all(r));
                assertSame(idle, cacheOf(r));
            }
        }
    }

    @Test
    void aRolledBackTransactionsSpillsAreForgottenAndNeverReadAgain() throws IOException {
        try (QuadStore store = QuadStore.open(dir, OPTIONS.withTxnBufferMaxQuads(200))) {
            commitToSegment(store, quads(0, 1000), Set.of());
            int storeSegments = store.stats().segments();
            BlockCache cache;
            try (WriteTxn w = store.beginWrite()) {
                for (Quad quad : quads(1000, 2000)) {
                    w.add(quad);
                }
                assertFalse(w.view.spills.isEmpty(), "the transaction spilled");
                assertTrue(w.contains(quad(1500)));
                assertEquals(quads(0, 2000), all(w));
                cache = cacheOf(w);
                assertTrue(BlockCacheInspector.segmentsHeld(cache) > storeSegments, "the cache holds spilled blocks");
            } // rolled back: the spills are deleted
            assertEquals(0, BlockCacheInspector.closedSegmentsHeld(cache), "the rolled-back spills are still held");
            assertTrue(BlockCacheInspector.segmentsHeld(cache) <= storeSegments, "only store segments");
            try (ReadTxn r = store.beginRead()) {
                assertEquals(quads(0, 1000), all(r));
                assertFalse(r.contains(quad(1500)));
                assertSame(cache, cacheOf(r));
            }
            try (WriteTxn w = store.beginWrite()) {
                assertEquals(quads(0, 1000), all(w));
            }
        }
    }

    @Test
    void aCursorUsedAfterItsTransactionClosedThrowsAndLeavesTheNextTransactionsReadsAlone() throws IOException {
        try (QuadStore store = QuadStore.open(dir, OPTIONS)) {
            commitToSegment(store, quads(0, QUADS), Set.of());
            ReadTxn first = store.beginRead();
            QuadIdCursor ids = first.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
            assertTrue(ids.next());
            Stream<Quad> stream = first.match(null, null, P, null);
            Iterator<Quad> quads = stream.iterator();
            assertTrue(quads.hasNext());
            quads.next();
            BlockCache cache = cacheOf(first);
            first.close();
            try (ReadTxn second = store.beginRead()) {
                QuadIdCursor mine = second.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
                assertTrue(mine.next());
                assertSame(cache, cacheOf(second), "the second transaction reads through the first one's cache");
                long copies = BlockCacheInspector.copies(cache);
                assertThrows(IllegalStateException.class, ids::next);
                assertThrows(IllegalStateException.class, () -> {
                    while (quads.hasNext()) {
                        quads.next();
                    }
                });
                assertEquals(copies, BlockCacheInspector.copies(cache), "the closed cursors read blocks");
                long count = 1;
                while (mine.next()) {
                    count++;
                }
                assertEquals(QUADS, count);
                assertEquals(quads(0, QUADS), all(second));
            }
            stream.close();
        }
    }

    @Test
    void aDamagedBlockIsReportedByEveryTransactionAndTheRestStillReads() throws IOException {
        Path store = dir.resolve("store");
        try (QuadStore quads = QuadStore.open(store, OPTIONS)) {
            commitToSegment(quads, quads(0, QUADS), Set.of());
            quads.compact();
        }
        Path segment;
        try (Stream<Path> files = Files.list(store)) {
            List<Path> segments = files.filter(f -> f.toString().endsWith(QuadStore.SEGMENT_SUFFIX)).toList();
            assertEquals(1, segments.size());
            segment = segments.get(0);
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 20] ^= 0x10; // in the first order's blocks (SPOG), far from the footer
        Files.write(segment, bytes);
        try (QuadStore quads = QuadStore.open(store, OPTIONS)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                try (ReadTxn r = quads.beginRead()) {
                    UncheckedIOException e = assertThrows(UncheckedIOException.class,
                        () -> r.count(null, null, null, null), "attempt " + attempt);
                    assertInstanceOf(CorruptStoreException.class, e.getCause());
                    assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
                    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
                }
            }
            try (ReadTxn r = quads.beginRead()) {
                assertEquals(QUADS, r.count(DefaultGraph.INSTANCE, null, null, null), "GSPO is undamaged");
            }
        }
    }
}
