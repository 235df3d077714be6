package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * Several reader threads and one writer for {@code -Dcinnabar.concurrency.seconds} (30 by default): readers must
 * only ever see whole commits, and never an error, while the writer commits, checkpoints and background compaction
 * swaps segments under them.
 *
 * <p>Every commit replaces the batch graph's quads with a new batch all tagged with the commit's number, and sets
 * the counter quad to that number. A reader that sees a batch of another size, mixed tags, or a tag other than the
 * counter has seen a torn state.
 */
class ConcurrentReadersTest {

    private static final int READERS = 3;
    private static final int BATCH = 40;
    private static final Iri BATCH_GRAPH = new Iri("http://example.org/batch");
    private static final Iri STATE_GRAPH = new Iri("http://example.org/state");
    private static final Iri TAG = new Iri("http://example.org/tag");
    private static final Iri COUNTER = new Iri("http://example.org/counter");

    @TempDir
    Path dir;

    @Test
    void readersSeeOnlyWholeCommitsWhileAWriterCommitsAndSegmentsAreCompacted() throws Exception {
        long seconds = Long.getLong("cinnabar.concurrency.seconds", 30);
        QuadStoreOptions options = QuadStoreOptions.defaults().withMemtableMaxQuads(200).withTxnBufferMaxQuads(30)
            .withAutoCompaction(true).withCompactionTriggerSegments(3).withBlockBytes(512);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong commits = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (QuadStore store = QuadStore.open(dir, options)) {
            commit(store, 0);
            List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                threads.add(new Thread(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            checkOneSnapshot(store);
                            reads.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }, "reader-" + r));
            }
            threads.add(new Thread(() -> {
                try {
                    for (long n = 1; System.nanoTime() < deadline; n++) {
                        commit(store, n);
                        commits.incrementAndGet();
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "writer"));
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            if (!errors.isEmpty()) {
                AssertionError failure = new AssertionError(errors.size() + " thread(s) failed");
                errors.forEach(failure::addSuppressed);
                throw failure;
            }
            System.out.println("ConcurrentReadersTest: " + commits.get() + " commits, " + reads.get()
                + " snapshots checked in " + seconds + " s; " + store.stats());
            assertTrue(commits.get() > 10, "writer made progress");
            assertTrue(reads.get() > 10, "readers made progress");
            try (ReadTxn read = store.beginRead()) {
                assertEquals(BATCH + 1, read.count(null, null, null, null));
            }
        }
    }

    /** Replaces the batch with commit {@code n}'s, spilling through the small transaction buffer. */
    private static void commit(QuadStore store, long n) throws IOException {
        try (WriteTxn write = store.beginWrite()) {
            write.removeAll(BATCH_GRAPH, null, null, null);
            write.removeAll(STATE_GRAPH, null, null, null);
            for (int i = 0; i < BATCH; i++) {
                write.add(BATCH_GRAPH, new Iri("http://example.org/item/" + (n * 7 + i) % 97), TAG,
                    Literal.of(Long.toString(n)));
            }
            write.add(STATE_GRAPH, STATE_GRAPH, COUNTER, Literal.of(Long.toString(n)));
            write.commit();
        }
    }

    private static void checkOneSnapshot(QuadStore store) {
        try (ReadTxn read = store.beginRead()) {
            List<Quad> counter;
            try (Stream<Quad> quads = read.match(STATE_GRAPH, null, COUNTER, null)) {
                counter = quads.toList();
            }
            assertEquals(1, counter.size(), "one counter quad");
            Term n = counter.get(0).object();
            Set<Term> tags;
            try (Stream<Quad> quads = read.match(BATCH_GRAPH, null, TAG, null)) {
                List<Quad> batch = quads.toList();
                assertEquals(BATCH, batch.size(), "a whole batch");
                tags = batch.stream().map(Quad::object).collect(Collectors.toSet());
            }
            assertEquals(Set.of(n), tags, "the batch of the counter's commit");
            assertEquals(BATCH, read.count(null, null, TAG, n));
        }
    }
}
