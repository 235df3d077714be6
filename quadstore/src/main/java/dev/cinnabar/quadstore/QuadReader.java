package dev.cinnabar.quadstore;

import java.util.stream.Stream;

/**
 * What both transactions read: a {@link ReadTxn} sees the last commit as of its start; a {@link WriteTxn} sees that
 * plus its own changes. In a pattern {@code null} means any term; as graph, {@code null} is any graph including the
 * default one and {@link DefaultGraph#INSTANCE} the default graph only.
 *
 * <p>Results (streams and cursors) are valid only until the transaction is closed: using them later throws
 * {@link IllegalStateException}. A transaction and its results belong to the thread that began it.
 */
public sealed interface QuadReader extends AutoCloseable permits TxnReads {

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

    @Override
    void close();
}
