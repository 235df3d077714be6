package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Quad;

/**
 * Under {@code -ea}, every write asserts that the thread holds the store's writer lock (and every AtomStore mutation
 * the atom write lock, which the store takes around it), and every enumeration entry point that the transaction's
 * snapshot is pinned and used by the thread that began it (ADR-014). A transaction used from another thread holds
 * neither, so each entry point must trip its assertion there.
 */
class LockAssertionTest {

    @TempDir
    Path dir;

    private static final Iri S = new Iri("http://example.org/s");
    private static final Iri P = new Iri("http://example.org/p");

    @BeforeAll
    static void assertionsAreEnabled() {
        boolean enabled = false;
        assert enabled = true;
        assertTrue(enabled, "these tests need -ea (the build's surefire configuration sets it)");
    }

    /** Runs {@code action} on another thread and expects an AssertionError naming the lock. */
    private static void tripsOnAnotherThread(Executable action) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                action.execute();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        thread.join();
        Throwable t = thrown.get();
        assertTrue(t instanceof AssertionError, "expected an AssertionError, got " + t);
        assertTrue(t.getMessage().contains("lock") || t.getMessage().contains("thread that did not begin it"),
            t.getMessage());
    }

    @Test
    void internWithoutTheWriteLockTrips() throws Exception {
        try (QuadStore store = QuadStore.open(dir); WriteTxn w = store.beginWrite()) {
            tripsOnAnotherThread(() -> w.add(DefaultGraph.INSTANCE, S, P, new Iri("http://example.org/new")));
        }
    }

    @Test
    void writingABufferWithoutTheWriteLockTrips() throws Exception {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, S, P, S);
                w.commit();
            }
            try (WriteTxn w = store.beginWrite()) {
                tripsOnAnotherThread(() -> w.remove(new Quad(DefaultGraph.INSTANCE, S, P, S)));
            }
        }
    }

    @Test
    void everyEnumerationEntryPointWithoutALockTrips() throws Exception {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, S, P, S);
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                QuadIdCursor cursor = r.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
                tripsOnAnotherThread(() -> r.match(null, null, null, null));
                tripsOnAnotherThread(() -> r.count(null, null, null, null));
                tripsOnAnotherThread(() -> r.contains(new Quad(DefaultGraph.INSTANCE, S, P, S)));
                tripsOnAnotherThread(() -> r.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY));
                tripsOnAnotherThread(cursor::next);
                tripsOnAnotherThread(() -> r.termId(S));
                tripsOnAnotherThread(() -> r.term(1));
            }
        }
    }

    @Test
    void aTransactionOnItsOwnThreadDoesNotTrip() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, S, P, S);
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                assertTrue(r.contains(new Quad(DefaultGraph.INSTANCE, S, P, S)));
            }
        }
    }

    @Test
    void aSecondWriteTxnOnTheSameThreadIsRefused() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                assertThrows(IllegalStateException.class, store::beginWrite);
            }
        }
    }
}
