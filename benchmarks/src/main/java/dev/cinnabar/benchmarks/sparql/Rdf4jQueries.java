package dev.cinnabar.benchmarks.sparql;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.query.BindingSet;
import org.eclipse.rdf4j.query.GraphQuery;
import org.eclipse.rdf4j.query.GraphQueryResult;
import org.eclipse.rdf4j.query.QueryInterruptedException;
import org.eclipse.rdf4j.query.QueryLanguage;
import org.eclipse.rdf4j.query.TupleQuery;
import org.eclipse.rdf4j.query.TupleQueryResult;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.sail.Sail;

/**
 * Queries on an RDF4J sail through RDF4J's own SPARQL engine, measured as {@link QueryRun} measures ARQ: each
 * query's text (Jena's serialization of the same {@link Query}) is prepared once; a run evaluates it inside an
 * already begun {@code SNAPSHOT_READ} transaction and reads every binding's value of every row, or for a CONSTRUCT
 * or DESCRIBE every statement. Those count as distinct statements, since their result is an RDF graph, a set (ARQ
 * builds it as a graph), while RDF4J streams a statement as often as the template produces it.
 */
final class Rdf4jQueries implements AutoCloseable {

    /** Folds the values read, so that reading them cannot be optimized away. */
    private static volatile long sink;

    private final SailRepository repository;
    private final RepositoryConnection connection;
    private final Map<Query, org.eclipse.rdf4j.query.Query> prepared = new IdentityHashMap<>();

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
        org.eclipse.rdf4j.query.Query ready = prepared.computeIfAbsent(query,
            q -> q.isConstructType() || q.isDescribeType()
                ? connection.prepareGraphQuery(QueryLanguage.SPARQL, q.serialize())
                : connection.prepareTupleQuery(QueryLanguage.SPARQL, q.serialize()));
        ready.setMaxExecutionTime(timeoutMillis <= 0 ? 0 : (int) Math.max(1, timeoutMillis / 1000));
        connection.begin(IsolationLevels.SNAPSHOT_READ);
        try {
            long t0 = System.nanoTime();
            long rows = ready instanceof GraphQuery graph ? statements(graph) : rows((TupleQuery) ready);
            return new QueryRun.Outcome(rows, System.nanoTime() - t0);
        } catch (QueryInterruptedException e) {
            throw new QueryCancelledException();
        } finally {
            connection.commit();
        }
    }

    private static long rows(TupleQuery tuple) {
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
        sink += fold;
        return rows;
    }

    private static long statements(GraphQuery graph) {
        Set<Statement> distinct = new HashSet<>();
        try (GraphQueryResult result = graph.evaluate()) {
            while (result.hasNext()) {
                distinct.add(result.next());
            }
        }
        sink += distinct.hashCode();
        return distinct.size();
    }

    @Override
    public void close() {
        connection.close();
        repository.shutDown();
    }
}
