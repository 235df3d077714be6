package dev.cinnabar.benchmarks.quads;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One quad store in the benchmark, driven through its users' API. Quads are named by their position {@code i} in
 * the {@link QuadData} given to {@link #prepare}; each implementation converts that data once into its own term
 * objects there, so that {@link #load} and the reads time only the store.
 *
 * <p>Life cycle, as {@link QuadStoreLoadReport} calls it: {@code open(dir)}, {@code prepare(data)},
 * {@code load(txnSize)} (timed), {@code bytesOnDisk()}, then any number of {@code beginRead()} views (timed
 * inside), then {@code close()}. The directory is fresh and empty, and deleted by the caller after {@code close()}.
 */
public interface StoreUnderTest extends AutoCloseable {

    /** What a store is in the comparison: ratios are taken against the best {@link #PEER}. */
    enum Role {
        /** Another quad store (Jena TDB2, RDF4J). */
        PEER,
        /** An in-heap ceiling, not a store. */
        BASELINE,
        /** Cinnabar itself. */
        SUBJECT
    }

    /** Short name used on the command line and in tables, e.g. {@code tdb2}. */
    String name();

    Role role();

    /** One line on the configuration (indexes, sync, isolation), printed with the results. */
    String describe();

    /** Opens (creates) the store in {@code dir}, an empty directory. */
    void open(Path dir) throws Exception;

    /** Converts {@code data} into the store's own term objects (not timed). */
    void prepare(QuadData data) throws Exception;

    /**
     * Adds every quad of the prepared data in order, in write transactions of {@code txnSize} quads, committing
     * each (the last one may be smaller). Timed.
     */
    void load(int txnSize) throws Exception;

    /**
     * Bytes on disk of the store's files per file kind (for example one kind per index): allocated bytes, see
     * {@link StoreFiles#bytesByKind}. An in-heap store reports its heap use under a kind such as
     * {@code heap (estimate)} instead.
     */
    Map<String, Long> bytesOnDisk() throws IOException;

    /** A read transaction (or connection) in which the caller runs a batch of reads; close it after the batch. */
    ReadView beginRead() throws Exception;

    /** Releases everything the store holds (files, caches, maps); the directory may then be deleted. */
    @Override
    void close() throws IOException;

    /** Reads inside one read transaction, by quad position in the prepared data. */
    interface ReadView extends AutoCloseable {

        /** Whether the {@code i}-th quad (its graph, subject, predicate and object) is in the store. */
        boolean contains(int i) throws Exception;

        /** The number of quads matching {@code (?g, s_i, ?p, ?o)}, counted by iterating the matches. */
        long scanSubject(int i) throws Exception;

        /** The number of quads matching {@code (?g, ?s, p_i, o_i)}, counted by iterating the matches. */
        long scanPredicateObject(int i) throws Exception;

        /** The number of quads in the store, in every graph, counted by iterating all quads. */
        long countAll() throws Exception;

        @Override
        void close() throws IOException;
    }
}
