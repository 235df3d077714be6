package dev.cinnabar.rdf4j;

import org.eclipse.rdf4j.common.iteration.CloseableIteration;
import org.eclipse.rdf4j.common.iteration.EmptyIteration;
import org.eclipse.rdf4j.common.transaction.IsolationLevel;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Namespace;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.EvaluationStatistics;
import org.eclipse.rdf4j.sail.SailException;
import org.eclipse.rdf4j.sail.base.BackingSailSource;
import org.eclipse.rdf4j.sail.base.SailDataset;
import org.eclipse.rdf4j.sail.base.SailSink;
import org.eclipse.rdf4j.sail.base.SailSource;
import org.eclipse.rdf4j.sail.base.SailStore;

import dev.cinnabar.quadstore.QuadStore;

/**
 * The store as RDF4J's {@link SailStore}: explicit statements are the store's quads, read from a snapshot per
 * dataset and written by one write transaction per flush. Cinnabar keeps no inferred statements, so the inferred
 * source is empty and refuses writes.
 */
final class CinnabarSailStore implements SailStore {

    private final QuadStore store;
    private final ValueFactory factory;
    private final Values values;

    CinnabarSailStore(QuadStore store, ValueFactory factory) {
        this.store = store;
        this.factory = factory;
        this.values = new Values(factory);
    }

    @Override
    public ValueFactory getValueFactory() {
        return factory;
    }

    @Override
    public EvaluationStatistics getEvaluationStatistics() {
        return new CinnabarStatistics(store);
    }

    @Override
    public SailSource getExplicitSailSource() {
        return new BackingSailSource() {
            @Override
            public SailSink sink(IsolationLevel level) {
                return new CinnabarSink(store);
            }

            @Override
            public SailDataset dataset(IsolationLevel level) {
                return new CinnabarDataset(store, values, factory);
            }
        };
    }

    @Override
    public SailSource getInferredSailSource() {
        return new BackingSailSource() {
            @Override
            public SailSink sink(IsolationLevel level) {
                return new NoInferredSink();
            }

            @Override
            public SailDataset dataset(IsolationLevel level) {
                return new NoInferredDataset();
            }
        };
    }

    @Override
    public void close() {
        // The sail closes the QuadStore: it opened it.
    }

    /** Accepts an empty flush (RDF4J flushes the inferred branch with every commit) and refuses any statement. */
    private static final class NoInferredSink implements SailSink {
        @Override
        public void prepare() {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public void setNamespace(String prefix, String name) {
            throw refused();
        }

        @Override
        public void removeNamespace(String prefix) {
            throw refused();
        }

        @Override
        public void clearNamespaces() {
            throw refused();
        }

        @Override
        public void clear(Resource... contexts) {
            // Clearing inferred statements that cannot exist leaves nothing to do.
        }

        @Override
        public void observe(Resource subj, IRI pred, Value obj, Resource... contexts) {
        }

        @Override
        public void approve(Resource subj, IRI pred, Value obj, Resource ctx) {
            throw refused();
        }

        @Override
        public void deprecate(Statement statement) {
            // An inferred statement that cannot exist is already gone.
        }

        private static SailException refused() {
            return new SailException("Cinnabar keeps no inferred statements");
        }
    }

    /** No inferred statements, and no namespaces of their own (the explicit source has them). */
    private static final class NoInferredDataset implements SailDataset {
        @Override
        public void close() {
        }

        @Override
        public CloseableIteration<? extends Namespace> getNamespaces() {
            return new EmptyIteration<>();
        }

        @Override
        public String getNamespace(String prefix) {
            return null;
        }

        @Override
        public CloseableIteration<? extends Resource> getContextIDs() {
            return new EmptyIteration<>();
        }

        @Override
        public CloseableIteration<? extends Statement> getStatements(Resource subj, IRI pred, Value obj,
                Resource... contexts) {
            return CloseableIteration.EMPTY_STATEMENT_ITERATION;
        }
    }
}
