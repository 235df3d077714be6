package dev.cinnabar.benchmarks.concurrency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;

/**
 * Cinnabar's own API: {@link QuadStore#beginRead()} snapshots for the queries, {@link QuadStore#beginWrite()} for
 * the writes, every commit durable. Loaded by {@link QuadStore#bulkLoad} (LUBM's relative-IRI lines skipped).
 */
final class CinnabarNativeStore implements ConcurrentStore {

    private final QuadStore store;

    private CinnabarNativeStore(QuadStore store) {
        this.store = store;
    }

    /** Opens a new store in the empty directory {@code dir} and bulk-loads {@code data}. */
    static CinnabarNativeStore load(Path dir, Path data) throws IOException {
        QuadStore store = QuadStore.open(dir);
        try {
            store.bulkLoad(List.of(data), BulkLoadOptions.defaults().withSkipBadLines(true));
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return new CinnabarNativeStore(store);
    }

    /** The store, for serving it through the Jena adapter. */
    QuadStore store() {
        return store;
    }

    @Override
    public String name() {
        return "cinnabar";
    }

    @Override
    public String describe() {
        return "Cinnabar QuadStore, default options: ReadTxn snapshots, WriteTxn commits forced";
    }

    @Override
    public long smallQuery(String subjectIri) {
        try (ReadTxn read = store.beginRead()) {
            return count(read.match(DefaultGraph.INSTANCE, new Iri(subjectIri), null, null));
        }
    }

    @Override
    public void update(long seq) throws IOException {
        try (WriteTxn txn = store.beginWrite()) {
            txn.add(DefaultGraph.INSTANCE, new Iri(Workload.updateSubject(seq)), new Iri(Workload.UPDATE_PREDICATE),
                Literal.of(Workload.updateObject(seq)));
            txn.commit();
        }
    }

    @Override
    public long longQuery(int passes) {
        long visited = 0;
        try (ReadTxn read = store.beginRead()) {
            for (int i = 0; i < passes; i++) {
                visited += count(read.match(DefaultGraph.INSTANCE, null, null, null));
            }
        }
        return visited;
    }

    @Override
    public void write(String graphIri, long first, int count) throws IOException {
        Iri graph = new Iri(graphIri);
        try (WriteTxn txn = store.beginWrite()) {
            for (long i = first; i < first + count; i++) {
                txn.add(graph, new Iri(Workload.writeSubject(i)), new Iri(Workload.writePredicate(i)),
                    Literal.of(Workload.writeObject(i)));
            }
            txn.commit();
        }
    }

    /** Visits every decoded quad. */
    private static long count(Stream<Quad> quads) {
        try (quads) {
            return quads.count();
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
