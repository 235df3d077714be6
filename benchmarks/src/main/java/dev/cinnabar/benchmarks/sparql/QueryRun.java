package dev.cinnabar.benchmarks.sparql;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecBuilder;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.system.Txn;

/**
 * One execution of a query ({@link QueryExec}, ARQ's execution on a {@link DatasetGraph}) with every result
 * consumed: for a SELECT each row fetched and each projected variable's value read from it ({@link Binding#get}),
 * since stores may decode values lazily (TDB2 turns node ids into nodes only then); for a CONSTRUCT or DESCRIBE
 * the result graph built and each of its triples read, its size counting as the rows. The timed part is the
 * execution and that consumption, inside an already begun read transaction.
 */
public final class QueryRun {

    /** Folds the values read, so that reading them cannot be optimized away. */
    private static volatile long sink;

    private QueryRun() {
    }

    /** The result of one run: the number of rows and the nanoseconds taken. */
    public record Outcome(long rows, long nanos) {
    }

    /** Runs {@code query} on {@code dataset} in a read transaction; the clock runs inside the transaction only. */
    public static Outcome timed(DatasetGraph dataset, Query query) {
        return timed(dataset, query, 0);
    }

    /**
     * As {@link #timed(DatasetGraph, Query)}, stopped after {@code timeoutMillis} (0: no limit) with a
     * {@link QueryCancelledException}.
     */
    public static Outcome timed(DatasetGraph dataset, Query query, long timeoutMillis) {
        return Txn.calculateRead(dataset, () -> {
            long t0 = System.nanoTime();
            long rows = consume(dataset, query, timeoutMillis);
            return new Outcome(rows, System.nanoTime() - t0);
        });
    }

    /** The number of result rows of {@code query} on {@code dataset}, counted in a read transaction. */
    public static long count(DatasetGraph dataset, Query query) {
        return Txn.calculateRead(dataset, () -> consume(dataset, query, 0));
    }

    private static long consume(DatasetGraph dataset, Query query, long timeoutMillis) {
        QueryExecBuilder builder = QueryExec.dataset(dataset).query(query);
        if (timeoutMillis > 0) {
            builder.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        try (QueryExec execution = builder.build()) {
            if (query.isConstructType() || query.isDescribeType()) {
                return consume(query.isConstructType() ? execution.construct() : execution.describe());
            }
            RowSet results = execution.select();
            List<Var> vars = results.getResultVars();
            long rows = 0;
            long fold = 0;
            while (results.hasNext()) {
                Binding row = results.next();
                for (Var var : vars) {
                    Node value = row.get(var);
                    if (value != null) {
                        fold += value.hashCode();
                    }
                }
                rows++;
            }
            sink += fold;
            return rows;
        }
    }

    /** The number of triples of {@code graph}, each read. */
    private static long consume(Graph graph) {
        long triples = 0;
        long fold = 0;
        for (Iterator<Triple> it = graph.find(); it.hasNext(); ) {
            fold += it.next().hashCode();
            triples++;
        }
        sink += fold;
        return triples;
    }
}
