package dev.cinnabar.rdf4j;

import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.query.algebra.StatementPattern;
import org.eclipse.rdf4j.query.algebra.Var;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.EvaluationStatistics;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.StoreStatistics;

/**
 * Gives RDF4J's join optimizer the store's own figures for a statement pattern: the exact per-predicate and
 * per-class counts kept with each commit (ADR-017) where the pattern is just a predicate or a class, and otherwise
 * the indexes' pattern estimate on atom ids (ADR-015), which is exact for small patterns.
 */
final class CinnabarStatistics extends EvaluationStatistics {

    private final QuadStore store;
    private final ReadTxn queryRead;

    /**
     * Figures of the snapshot {@code queryRead} reads, the one the query is evaluated on (owner thread); if null
     * (the query runs in a transaction), of the last commit, a short read transaction per pattern.
     */
    CinnabarStatistics(QuadStore store, ReadTxn queryRead) {
        this.store = store;
        this.queryRead = queryRead;
    }

    @Override
    protected CardinalityCalculator createCardinalityCalculator() {
        return new StoreCardinality();
    }

    /** The cardinality of {@code pattern} in the query's snapshot, or as the last commit holds it. */
    double cardinality(StatementPattern pattern) {
        if (queryRead != null) {
            return cardinality(queryRead, pattern);
        }
        try (ReadTxn txn = store.beginRead()) {
            return cardinality(txn, pattern);
        }
    }

    private static double cardinality(ReadTxn txn, StatementPattern pattern) {
        long s = id(txn, pattern.getSubjectVar());
        long p = id(txn, pattern.getPredicateVar());
        long o = id(txn, pattern.getObjectVar());
        long g = id(txn, pattern.getContextVar());
        if (s == QuadStore.NO_ID || p == QuadStore.NO_ID || o == QuadStore.NO_ID || g == QuadStore.NO_ID) {
            return 0;
        }
        StoreStatistics statistics = txn.statistics();
        if (g == QuadStore.ANY && s == QuadStore.ANY && p != QuadStore.ANY) {
            if (o == QuadStore.ANY) {
                return statistics.predicateQuads(p);
            }
            if (p == statistics.typeId()) {
                return statistics.classQuads(o);
            }
        }
        return txn.estimate(g, s, p, o).quads();
    }

    private static long id(ReadTxn txn, Var var) {
        if (var == null || !var.hasValue()) {
            return QuadStore.ANY;
        }
        Value value = var.getValue();
        return value.isTriple() ? QuadStore.NO_ID : txn.termId(Values.term(value));
    }

    /** Only statement patterns are ours to count; joins and the rest keep RDF4J's arithmetic. */
    private final class StoreCardinality extends CardinalityCalculator {
        @Override
        protected double getCardinality(StatementPattern pattern) {
            return cardinality(pattern);
        }
    }
}
