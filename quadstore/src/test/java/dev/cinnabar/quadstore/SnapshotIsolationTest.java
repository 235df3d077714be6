package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Quad;

/**
 * Snapshot isolation (ADR-014): a read transaction pins the last commit and neither waits for the writer nor makes
 * it wait; what the open writer interns is invisible to it; an open snapshot pins one commit, not every commit after
 * it.
 */
class SnapshotIsolationTest {

    private static final Iri S = new Iri("http://example.org/s");
    private static final Iri P = new Iri("http://example.org/p");
    private static final long FAST_MILLIS = 100;

    @TempDir
    Path dir;

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOtherThread() {
        other.shutdownNow();
    }

    private static Quad quad(int n) {
        return new Quad(DefaultGraph.INSTANCE, S, P, new Iri("http://example.org/o" + n));
    }

    private static void commit(QuadStore store, Quad... quads) throws IOException {
        try (WriteTxn w = store.beginWrite()) {
            for (Quad quad : quads) {
                w.add(quad);
            }
            w.commit();
        }
    }

    @Test
    void aReadTxnBegunWhileAWriteTxnIsOpenOnAnotherThreadReturnsAtOnceAndSeesTheOldState() throws Exception {
        try (QuadStore store = QuadStore.open(dir)) {
            commit(store, quad(1));
            try (WriteTxn w = store.beginWrite()) {
                w.add(quad(2));
                Future<List<Quad>> read = other.submit(() -> {
                    try (ReadTxn r = store.beginRead(); Stream<Quad> quads = r.match(null, null, null, null)) {
                        return quads.toList();
                    }
                });
                assertEquals(List.of(quad(1)), read.get(FAST_MILLIS, TimeUnit.MILLISECONDS),
                    "a reader must neither wait for the open writer nor see its changes");
                w.commit();
            }
        }
    }

    @Test
    void aWriteTxnBegunWhileAReadTxnIsOpenOnAnotherThreadCommitsWithoutTheReaderClosing() throws Exception {
        try (QuadStore store = QuadStore.open(dir)) {
            commit(store, quad(1));
            CountDownLatch readerOpen = new CountDownLatch(1);
            CountDownLatch writerDone = new CountDownLatch(1);
            Future<Long> reader = other.submit(() -> {
                try (ReadTxn r = store.beginRead()) {
                    readerOpen.countDown();
                    assertTrue(writerDone.await(10, TimeUnit.SECONDS), "the writer never committed");
                    return r.count(null, null, null, null);
                }
            });
            assertTrue(readerOpen.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    commit(store, quad(2), quad(3));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            write.get(10, TimeUnit.SECONDS); // would hang while the reader is open if commits waited for readers
            writerDone.countDown();
            assertEquals(1, reader.get(10, TimeUnit.SECONDS), "the open reader keeps the commit it began at");
            try (ReadTxn r = store.beginRead()) {
                assertEquals(3, r.count(null, null, null, null));
            }
        }
    }

    @Test
    void aTermInternedByTheOpenWriterHasNoIdInASnapshot() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            commit(store, quad(1));
            try (WriteTxn w = store.beginWrite()) {
                w.add(quad(2));
                assertTrue(w.termId(quad(2).object()) > 0, "the writer sees its own term");
                try (ReadTxn r = store.beginRead()) {
                    assertEquals(QuadStore.NO_ID, r.termId(quad(2).object()));
                    assertFalse(r.contains(quad(2)));
                    w.commit();
                    assertEquals(QuadStore.NO_ID, r.termId(quad(2).object()), "committed after the snapshot began");
                }
            }
            try (ReadTxn r = store.beginRead()) {
                assertTrue(r.termId(quad(2).object()) > 0);
                assertTrue(r.contains(quad(2)));
            }
        }
    }

    @Test
    void aThreadWithAnOpenReadTxnCanBeginAWriteTxnAndKeepsItsSnapshot() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            commit(store, quad(1));
            try (ReadTxn r = store.beginRead()) {
                commit(store, quad(2));
                assertEquals(1, r.count(null, null, null, null));
                try (ReadTxn now = store.beginRead()) {
                    assertEquals(r.commitSequence() + 1, now.commitSequence());
                }
            }
        }
    }

    @Test
    void beginWriteWithATimeoutFailsClearlyWhileAnotherWriterHoldsTheStore() throws Exception {
        try (QuadStore store = QuadStore.open(dir); WriteTxn w = store.beginWrite()) {
            Future<Throwable> second = other.submit(() -> {
                try {
                    store.beginWrite(Duration.ofMillis(50)).close();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Throwable thrown = second.get(10, TimeUnit.SECONDS);
            assertTrue(thrown instanceof WriterBusyException, "expected WriterBusyException, got " + thrown);
            assertTrue(thrown.getMessage().contains(dir.toString()), thrown.getMessage());
            w.commit();
            Future<Long> third = other.submit(() -> {
                try (WriteTxn again = store.beginWrite(Duration.ofSeconds(10))) {
                    return again.commitSequence();
                }
            });
            assertEquals(0L, third.get(10, TimeUnit.SECONDS), "a writer may begin once the other is done");
        }
    }

    @Test
    void anOpenSnapshotPinsOneCommitAndItsSegmentsNotTheCommitsAfterIt() throws IOException {
        QuadStoreOptions options = QuadStoreOptions.defaults().withMemtableMaxQuads(10).withAutoCompaction(false);
        try (QuadStore store = QuadStore.open(dir, options)) {
            for (int i = 0; i < 30; i++) {
                commit(store, quad(i));
            }
            store.compact();
            ReadTxn pinned = store.beginRead();
            long pinnedCount = pinned.count(null, null, null, null);
            List<Path> pinnedFiles = segmentFiles();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 25; i++) { // checkpoints every ten commits
                    commit(store, quad(100 + round * 25 + i));
                }
                store.compact(); // the pinned segment is compacted away, but kept for the snapshot
                QuadStoreStats stats = store.stats();
                assertEquals(1, stats.openReadTxns());
                assertEquals(2, stats.liveSnapshots(), "the last commit and the pinned one, none in between");
                assertEquals(1, stats.segmentsKeptForSnapshots(), "only the pinned commit's segment is kept");
                assertEquals(pinnedCount, pinned.count(null, null, null, null));
            }
            assertTrue(Files.exists(pinnedFiles.get(0)), "a segment a snapshot lists stays on disk");
            pinned.close();
            QuadStoreStats after = store.stats();
            assertEquals(0, after.openReadTxns());
            assertEquals(1, after.liveSnapshots());
            assertEquals(0, after.segmentsKeptForSnapshots());
            assertFalse(Files.exists(pinnedFiles.get(0)), "deleted when the last snapshot listing it closed");
        }
    }

    @Test
    void statsReportTheOpenSnapshotsAndTheAgeOfTheOldest() throws Exception {
        try (QuadStore store = QuadStore.open(dir)) {
            assertEquals(0, store.stats().openReadTxns());
            assertEquals(0, store.stats().oldestReadTxnMillis());
            try (ReadTxn first = store.beginRead()) {
                Thread.sleep(30);
                try (ReadTxn second = store.beginRead()) {
                    QuadStoreStats stats = store.stats();
                    assertEquals(2, stats.openReadTxns());
                    assertTrue(stats.oldestReadTxnMillis() >= 30, "oldest: " + stats.oldestReadTxnMillis());
                }
            }
        }
    }

    @Test
    void closeRefusesWhileThisThreadHoldsAReadTxn() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (ReadTxn r = store.beginRead()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, store::close);
                assertTrue(e.getMessage().contains("ReadTxn"), e.getMessage());
            }
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }
}
