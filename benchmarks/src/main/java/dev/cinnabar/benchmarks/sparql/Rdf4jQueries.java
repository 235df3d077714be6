package dev.cinnabar.benchmarks.sparql;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.query.BindingSet;
import org.eclipse.rdf4j.query.QueryInterruptedException;
import org.eclipse.rdf4j.query.QueryLanguage;
import org.eclipse.rdf4j.query.TupleQuery;
import org.eclipse.rdf4j.query.TupleQueryResult;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.sail.Sail;

/**
 * SELECT queries on an RDF4J sail through RDF4J's own SPARQL engine, measured as {@link QueryRun} measures ARQ:
 * each query's text (Jena's serialization of the same {@link Query}) is prepared once; a run evaluates it inside
 * an already begun {@code SNAPSHOT_READ} transaction and reads every binding's value of every row.
 */
final class Rdf4jQueries implements AutoCloseable {

    /** Folds the values read, so that reading them cannot be optimized away. */
    private static volatile long sink;

    private final SailRepository repository;
    private final RepositoryConnection connection;
    private final Map<Query, TupleQuery> prepared = new IdentityHashMap<>();

    private Rdf4jQueries(SailRepository repository) {
        this.repository = repository;
        this.connection = repository.getConnection();
    }

    static Rdf4jQueries open(Sail sail) {
        SailRepository repository = new SailRepository(sail);
        repository.init();
        return new Rdf4jQueries(repository);
    }

    /** Statements in the store. */
    long size() {
        return connection.size();
    }

    /**
     * One run, stopped after {@code timeoutMillis} (0: no limit; RDF4J counts whole seconds, at least one) with a
     * {@link QueryCancelledException}, as ARQ's timeout.
     */
    QueryRun.Outcome timed(Query query, long timeoutMillis) {
        TupleQuery tuple = prepared.computeIfAbsent(query,
            q -> connection.prepareTupleQuery(QueryLanguage.SPARQL, q.serialize()));
        tuple.setMaxExecutionTime(timeoutMillis <= 0 ? 0 : (int) Math.max(1, timeoutMillis / 1000));
        connection.begin(IsolationLevels.SNAPSHOT_READ);
        try {
            long t0 = System.nanoTime();
            long rows = 0;
            long fold = 0;
            try (TupleQueryResult result = tuple.evaluate()) {
                List<String> names = result.getBindingNames();
                while (result.hasNext()) {
                    BindingSet row = result.next();
                    for (String name : names) {
                        Value value = row.getValue(name);
                        if (value != null) {
                            fold += value.hashCode();
                        }
                    }
                    rows++;
                }
            }
            long nanos = System.nanoTime() - t0;
            sink += fold;
            return new QueryRun.Outcome(rows, nanos);
        } catch (QueryInterruptedException e) {
            throw new QueryCancelledException();
        } finally {
            connection.commit();
        }
    }

    @Override
    public void close() {
        connection.close();
        repository.shutDown();
    }
}
