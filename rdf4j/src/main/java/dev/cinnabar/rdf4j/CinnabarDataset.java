package dev.cinnabar.rdf4j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.eclipse.rdf4j.common.iteration.CloseableIteration;
import org.eclipse.rdf4j.common.iteration.CloseableIteratorIteration;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Namespace;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleNamespace;
import org.eclipse.rdf4j.sail.base.SailDataset;

import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.StoreStatistics;
import dev.cinnabar.quadstore.term.DefaultGraph;

/**
 * One read of the store: a {@link ReadTxn} snapshot (ADR-014) that every call of this dataset sees, until closed.
 * Statement patterns go to the store's indexes as atom ids; only matches are decoded.
 */
final class CinnabarDataset implements SailDataset {

    private final ReadTxn txn;
    private final Values values;
    private final ValueFactory factory;

    CinnabarDataset(ReadTxn txn, Values values, ValueFactory factory) {
        this.txn = txn;
        this.values = values;
        this.factory = factory;
    }

    @Override
    public void close() {
        txn.close();
    }

    @Override
    public CloseableIteration<? extends Namespace> getNamespaces() {
        List<Namespace> namespaces = new ArrayList<>();
        for (Map.Entry<String, String> entry : Namespaces.entries(txn.metadata()).entrySet()) {
            namespaces.add(new SimpleNamespace(Namespaces.prefix(entry.getKey()), entry.getValue()));
        }
        return new CloseableIteratorIteration<>(namespaces.iterator());
    }

    @Override
    public String getNamespace(String prefix) {
        return txn.metadata().get(Namespaces.key(prefix));
    }

    @Override
    public CloseableIteration<? extends Resource> getContextIDs() {
        // The commit's statistics (ADR-017) hold every graph with its quad count: no scan of the quads.
        StoreStatistics statistics = txn.statistics();
        long defaultGraph = txn.termId(DefaultGraph.INSTANCE);
        List<Resource> contexts = new ArrayList<>();
        for (long graph : statistics.graphIds()) {
            if (graph != defaultGraph && statistics.graphQuads(graph) > 0) {
                contexts.add(values.context(txn.term(graph)));
            }
        }
        return new CloseableIteratorIteration<>(contexts.iterator());
    }

    @Override
    public CloseableIteration<? extends Statement> getStatements(Resource subj, IRI pred, Value obj,
            Resource... contexts) {
        long s = id(subj);
        long p = id(pred);
        long o = id(obj);
        if (s == QuadStore.NO_ID || p == QuadStore.NO_ID || o == QuadStore.NO_ID) {
            return CloseableIteration.EMPTY_STATEMENT_ITERATION;
        }
        long[] graphs;
        if (contexts == null || contexts.length == 0) {
            graphs = new long[] {QuadStore.ANY};
        } else {
            // A context named twice must not give its statements twice.
            Set<Long> distinct = new LinkedHashSet<>();
            for (Resource context : contexts) {
                long g = context != null && context.isTriple() ? QuadStore.NO_ID
                    : txn.termId(Values.graph(context));
                if (g != QuadStore.NO_ID) {
                    distinct.add(g);
                }
            }
            graphs = distinct.stream().mapToLong(Long::longValue).toArray();
        }
        return new Statements(graphs, s, p, o);
    }

    private long id(Value value) {
        if (value == null) {
            return QuadStore.ANY;
        }
        // No RDF-star triple is stored, so a pattern naming one matches nothing.
        return value.isTriple() ? QuadStore.NO_ID : txn.termId(Values.term(value));
    }

    /** The matches of one pattern in each of several graphs, decoded one at a time. */
    private final class Statements implements CloseableIteration<Statement> {

        private final long[] graphs;
        private final long s;
        private final long p;
        private final long o;
        private int nextGraph;
        private QuadIdCursor cursor;
        private Statement next;
        private boolean closed;

        Statements(long[] graphs, long s, long p, long o) {
            this.graphs = graphs;
            this.s = s;
            this.p = p;
            this.o = o;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (closed) {
                return false;
            }
            while (true) {
                if (cursor != null && cursor.next()) {
                    next = statement(cursor);
                    return true;
                }
                if (nextGraph == graphs.length) {
                    close();
                    return false;
                }
                cursor = txn.matchIds(graphs[nextGraph++], s, p, o);
            }
        }

        private Statement statement(QuadIdCursor quad) {
            return factory.createStatement((Resource) values.value(txn.term(quad.subject())),
                values.iri(txn.term(quad.predicate())), values.value(txn.term(quad.object())),
                values.context(txn.term(quad.graph())));
        }

        @Override
        public Statement next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Statement result = next;
            next = null;
            return result;
        }

        @Override
        public void remove() {
            throw new UnsupportedOperationException("remove statements through the connection");
        }

        @Override
        public void close() {
            closed = true;
            cursor = null;
        }
    }
}
