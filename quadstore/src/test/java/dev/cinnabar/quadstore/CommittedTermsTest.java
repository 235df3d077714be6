package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;

/**
 * The committed-term cache (ADR-014): reads of committed terms read before take no atom lock, so they do not wait
 * for the writer's interns; the open writer's atoms never enter it.
 */
class CommittedTermsTest {

    private static final Quad QUAD = new Quad(DefaultGraph.INSTANCE, new Iri("http://example.org/s"),
        new Iri("http://example.org/p"), Literal.lang("o", "en"));

    @TempDir
    Path dir;

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOtherThread() {
        other.shutdownNow();
    }

    @Test
    void aCommittedTermReadBeforeIsReadAgainWhileTheAtomWriteLockIsHeld() throws Exception {
        try (QuadStore store = QuadStore.open(dir)) {
            commit(store);
            try (ReadTxn warm = store.beginRead()) {
                assertEquals(List.of(QUAD), warm.match(null, QUAD.subject(), null, null).toList());
            }
            Lock write = store.atomLock().writeLock();
            write.lock(); // as the writer holds it for an intern
            try {
                List<Quad> seen = CompletableFuture.supplyAsync(() -> {
                    try (ReadTxn read = store.beginRead()) {
                        return read.match(null, QUAD.subject(), null, null).toList();
                    }
                }, other).get(10, TimeUnit.SECONDS);
                assertEquals(List.of(QUAD), seen);
            } finally {
                write.unlock();
            }
        }
    }

    @Test
    void aTermTheOpenWriterInternedIsNotCachedForSnapshots() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            Iri fresh = new Iri("http://example.org/new");
            try (WriteTxn w = store.beginWrite()) {
                w.add(new Quad(DefaultGraph.INSTANCE, fresh, fresh, fresh));
                long id = w.termId(fresh);
                assertEquals(fresh, w.term(id)); // the writer reads its own atom: must not cache it
                try (ReadTxn read = store.beginRead()) {
                    assertEquals(QuadStore.NO_ID, read.termId(fresh));
                }
            } // closed without commit: rolled back
            try (ReadTxn read = store.beginRead()) {
                assertEquals(QuadStore.NO_ID, read.termId(fresh), "rolled back: still not there");
            }
        }
    }

    @Test
    void aNewEntryReplacesTheOneSharingItsSlot() {
        CommittedTerms cache = new CommittedTerms();
        Iri first = new Iri("http://example.org/a");
        Iri second = new Iri("http://example.org/b");
        cache.put(7, first);
        cache.put(7 + CommittedTerms.SLOTS, second); // same id slot
        assertNull(cache.term(7));
        assertEquals(second, cache.term(7 + CommittedTerms.SLOTS));
        assertEquals(7 + CommittedTerms.SLOTS, cache.id(second));
        assertEquals(7, cache.id(first), "its term slot is still its own");
    }

    @Test
    void aScanFillsTheCacheWithAtMostItsTransactionsShareOfTerms() throws IOException {
        int quads = 3 * TxnView.SHARED_CACHE_FILLS_PER_TXN;
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                Iri p = new Iri("http://example.org/p");
                for (int i = 0; i < quads; i++) {
                    w.add(new Quad(DefaultGraph.INSTANCE, new Iri("http://example.org/s" + i), p, Literal.of("o" + i)));
                }
                w.commit();
            }
            try (ReadTxn scan = store.beginRead()) {
                assertEquals(quads, scan.match(null, null, null, null).count(), "every quad decoded");
            }
            int cached = store.termIds().committedTerms().cachedIds();
            assertTrue(cached <= TxnView.SHARED_CACHE_FILLS_PER_TXN,
                cached + " terms cached by one scan of " + quads + " quads with distinct subjects and objects");
            try (ReadTxn next = store.beginRead()) {
                assertEquals(1, next.count(null, new Iri("http://example.org/s" + (quads - 1)), null, null));
            }
            assertTrue(store.termIds().committedTerms().cachedIds() > cached, "the next transaction fills again");
        }
    }

    private static void commit(QuadStore store) throws IOException {
        try (WriteTxn w = store.beginWrite()) {
            w.add(QUAD);
            w.commit();
        }
    }
}
