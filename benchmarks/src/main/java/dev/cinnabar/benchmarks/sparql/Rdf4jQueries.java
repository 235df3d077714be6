package dev.cinnabar.benchmarks.sparql;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
 *
 * <p>A run stopped by its time limit leaves the store reopened. RDF4J's limit ({@code setMaxExecutionTime}) closes
 * the query's iterations from a timer thread while the query's own thread may still be in them, and LmdbStore's
 * are not safe for that (RDF4J issue 4817): on lubm100 the run after a stopped q09v, or the stopped run itself,
 * failed inside {@code mdb_cursor_open} with {@code IOException: Invalid argument} (LMDB's answer for a read
 * transaction already ended), which ended the whole child. So a run that fails once its limit has passed counts as
 * stopped, and the repository is shut down and opened again before the next run.
 */
final class Rdf4jQueries implements AutoCloseable {

    /** Folds the values read, so that reading them cannot be optimized away. */
    private static volatile long sink;

    private final Supplier<Sail> sails;
    private final Map<Query, org.eclipse.rdf4j.query.Query> prepared = new IdentityHashMap<>();
    private SailRepository repository;
    private RepositoryConnection connection;

    private Rdf4jQueries(Supplier<Sail> sails) {
        this.sails = sails;
        openRepository();
    }

    /** Opens the store that {@code sails} makes (again, after a stopped run: see the class comment). */
    static Rdf4jQueries open(Supplier<Sail> sails) {
        return new Rdf4jQueries(sails);
    }

    private void openRepository() {
        repository = new SailRepository(sails.get());
        repository.init();
        connection = repository.getConnection();
        prepared.clear();
    }

    /** Shuts the repository down and opens it again; what the stopped run left behind may throw on the way. */
    private void reopen() {
        try {
            connection.close();
        } catch (RuntimeException e) {
            System.err.println("rdf4j: closing the connection after a stopped run: " + e);
        }
        try {
            repository.shutDown();
        } catch (RuntimeException e) {
            System.err.println("rdf4j: shutting the store down after a stopped run: " + e);
        }
        openRepository();
        System.err.println("rdf4j: store reopened after a stopped run");
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
        long t0 = System.nanoTime();
        boolean stopped = false;
        try {
            long rows = ready instanceof GraphQuery graph ? statements(graph) : rows((TupleQuery) ready);
            return new QueryRun.Outcome(rows, System.nanoTime() - t0);
        } catch (QueryInterruptedException e) {
            stopped = true;
        } catch (RuntimeException e) {
            if (timeoutMillis <= 0 || System.nanoTime() - t0 < timeoutMillis * 1_000_000L) {
                throw e;
            }
            System.err.println("rdf4j: a run failed after its time limit, counted as stopped: " + e);
            stopped = true;
        } finally {
            if (stopped) {
                reopen();
            } else {
                connection.commit();
            }
        }
        throw new QueryCancelledException();
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
