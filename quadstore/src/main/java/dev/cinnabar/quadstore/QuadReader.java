package dev.cinnabar.quadstore;

import java.util.SortedMap;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * What both transactions read: a {@link ReadTxn} sees the last commit as of its start; a {@link WriteTxn} sees that
 * plus its own changes. In a pattern {@code null} means any term; as graph, {@code null} is any graph including the
 * default one and {@link DefaultGraph#INSTANCE} the default graph only.
 *
 * <p>Results (streams and cursors) are valid only until the transaction is closed: using them later throws
 * {@link IllegalStateException}. A transaction and its results belong to the thread that began it.
 */
public sealed interface QuadReader extends AutoCloseable permits TxnReads {

    /** The longest metadata key, in UTF-8 bytes. */
    int MAX_METADATA_KEY_BYTES = 1024;
    /** The longest metadata value, in UTF-8 bytes. */
    int MAX_METADATA_VALUE_BYTES = 64 * 1024;
    /** The most metadata entries a store holds. */
    int MAX_METADATA_ENTRIES = 1 << 16;

    /** The quads matching the pattern, sorted by the index that answers it. */
    Stream<Quad> match(Term graph, Term subject, Term predicate, Term object);

    boolean contains(Quad quad);

    /** How many quads match the pattern. */
    long count(Term graph, Term subject, Term predicate, Term object);

    /** The atom id of {@code term}, or {@link QuadStore#NO_ID} if the store has never seen it. */
    long termId(Term term);

    /** The term of atom {@code id}. */
    Term term(long id);

    /**
     * Quads matching a pattern of atom ids, {@link QuadStore#ANY} meaning any. An id that names no atom (such as
     * {@link QuadStore#NO_ID}) matches nothing.
     */
    QuadIdCursor matchIds(long graph, long subject, long predicate, long object);

    /**
     * How many quads a pattern of atom ids ({@link QuadStore#ANY} meaning any) matches, and how many distinct values
     * its open positions take, for query planning: exact for small patterns, estimated from the indexes for large
     * ones, at a bounded cost (a few samples of about a thousand quads). An id that names no atom matches nothing.
     */
    PatternEstimate estimate(long graph, long subject, long predicate, long object);

    /**
     * The statistics of the commit this transaction reads (ADR-017): quads per graph, per predicate with its
     * distinct subjects and objects, and per class. A write transaction gets those of the commit it started from,
     * without its own changes. Exact, and free to call: they are kept with each commit.
     */
    StoreStatistics statistics();

    /**
     * The sequence number of the last commit this transaction sees (for a write transaction: the commit it started
     * from). It grows by one with every commit that changed something, so two transactions that report the same
     * number saw the same committed state.
     */
    long commitSequence();

    /**
     * The store's metadata: a small map of text keys to text values (such as namespace prefixes) that commits
     * atomically with the quads. A write transaction sees its own changes. The map is an unmodifiable snapshot.
     */
    SortedMap<String, String> metadata();

    @Override
    void close();
}
