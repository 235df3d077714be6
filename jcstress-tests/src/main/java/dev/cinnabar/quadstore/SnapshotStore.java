package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Path;

import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Quad;

/**
 * The quad store shared by the states of one jcstress generation ({@code dev.cinnabar.atomstore.Generations}): no
 * background compaction, a memtable large enough that only the test's own checkpoints write segments. It starts with
 * one committed quad in one segment.
 */
final class SnapshotStore implements AutoCloseable {

    static final long STATES_PER_GENERATION = 256;
    static final Iri P = new Iri("http://example.org/p");
    static final Iri A = new Iri("http://example.org/a");
    static final Iri B = new Iri("http://example.org/b");

    final QuadStore store;

    private SnapshotStore(QuadStore store) {
        this.store = store;
    }

    static SnapshotStore create(Path directory, int generation) throws IOException {
        QuadStore store = QuadStore.open(directory, QuadStoreOptions.defaults().withAutoCompaction(false)
            .withMemtableMaxQuads(1 << 20));
        try (WriteTxn w = store.beginWrite()) {
            w.add(quad("http://example.org/start", A));
            w.commit();
        }
        store.checkpoint();
        return new SnapshotStore(store);
    }

    static Quad quad(String subject, Iri object) {
        return new Quad(DefaultGraph.INSTANCE, new Iri(subject), P, object);
    }

    /** The segments the snapshot of an open read transaction lists (package access to its view). */
    static int segmentsOf(ReadTxn txn) {
        return txn.view.snapshot().segments.size();
    }

    static long quadCountOf(ReadTxn txn) {
        return txn.view.snapshot().quadCount;
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
