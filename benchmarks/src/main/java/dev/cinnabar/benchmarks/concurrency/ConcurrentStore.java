package dev.cinnabar.benchmarks.concurrency;

/**
 * One store as the concurrency report drives it: each method is one transaction (or one HTTP request), begun and
 * ended on the calling thread, so any method may run on several threads at once. The operations are the same for
 * every store; {@link Workload} defines their terms.
 */
interface ConcurrentStore extends AutoCloseable {

    /** Short name for tables, e.g. {@code cinnabar} or {@code tdb2/fuseki}. */
    String name();

    /** One line on the configuration. */
    String describe();

    /** The small query: the number of default-graph quads of subject {@code subjectIri}, in one read transaction. */
    long smallQuery(String subjectIri) throws Exception;

    /** One write transaction adding the single quad {@link Workload#updateQuad}{@code (seq)}, committed durably. */
    void update(long seq) throws Exception;

    /**
     * The long query: in one read transaction (one SPARQL query), {@code passes} full scans of the default graph,
     * every quad visited; returns the quads visited.
     */
    long longQuery(int passes) throws Exception;

    /**
     * One write transaction adding the generated quads {@code first .. first + count - 1} of
     * {@link Workload#writeTriple} into the named graph {@code graphIri}, committed durably.
     */
    void write(String graphIri, long first, int count) throws Exception;

    @Override
    void close() throws Exception;
}
