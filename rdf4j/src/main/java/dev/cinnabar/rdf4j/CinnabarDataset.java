package dev.cinnabar.rdf4j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * The committed store as RDF4J's backing dataset: every call reads the last commit through its own {@link ReadTxn}
 * (ADR-014), so one iteration sees one commit whole. The dataset itself is live, not a snapshot, because RDF4J's
 * {@code SnapshotSailStore} keeps one backing dataset open for as long as the sail runs and shares it between the
 * connections of every thread; it builds transaction isolation on top, from its in-memory changesets (ADR-019). A
 * store transaction belongs to the thread that began it, which a per-call transaction also respects.
 *
 * <p>Statement patterns go to the store's indexes as atom ids; only matches are decoded.
 */
final class CinnabarDataset implements SailDataset {

    private final QuadStore store;
    private final Values values;
    private final ValueFactory factory;
    /** Iterations not yet exhausted or closed, each holding a read transaction: closed with the dataset. */
    private final Set<Statements> open = ConcurrentHashMap.newKeySet();

    CinnabarDataset(QuadStore store, Values values, ValueFactory factory) {
        this.store = store;
        this.values = values;
        this.factory = factory;
    }

    @Override
    public void close() {
        for (Statements statements : open) {
            statements.close();
        }
    }

    @Override
    public CloseableIteration<? extends Namespace> getNamespaces() {
        List<Namespace> namespaces = new ArrayList<>();
        try (ReadTxn txn = store.beginRead()) {
            for (Map.Entry<String, String> entry : Namespaces.entries(txn.metadata()).entrySet()) {
                namespaces.add(new SimpleNamespace(Namespaces.prefix(entry.getKey()), entry.getValue()));
            }
        }
        return new CloseableIteratorIteration<>(namespaces.iterator());
    }

    @Override
    public String getNamespace(String prefix) {
        try (ReadTxn txn = store.beginRead()) {
            return txn.metadata().get(Namespaces.key(prefix));
        }
    }

    @Override
    public CloseableIteration<? extends Resource> getContextIDs() {
        List<Resource> contexts = new ArrayList<>();
        try (ReadTxn txn = store.beginRead()) {
            // The commit's statistics (ADR-017) hold every graph with its quad count: no scan of the quads.
            StoreStatistics statistics = txn.statistics();
            long defaultGraph = txn.termId(DefaultGraph.INSTANCE);
            for (long graph : statistics.graphIds()) {
                if (graph != defaultGraph && statistics.graphQuads(graph) > 0) {
                    contexts.add(values.context(txn.term(graph)));
                }
            }
        }
        return new CloseableIteratorIteration<>(contexts.iterator());
    }

    @Override
    public CloseableIteration<? extends Statement> getStatements(Resource subj, IRI pred, Value obj,
            Resource... contexts) {
        ReadTxn txn = store.beginRead();
        try {
            long s = id(txn, subj);
            long p = id(txn, pred);
            long o = id(txn, obj);
            long[] graphs = graphs(txn, contexts);
            if (s == QuadStore.NO_ID || p == QuadStore.NO_ID || o == QuadStore.NO_ID || graphs.length == 0) {
                txn.close();
                return CloseableIteration.EMPTY_STATEMENT_ITERATION;
            }
            Statements statements = new Statements(txn, graphs, s, p, o);
            open.add(statements);
            return statements;
        } catch (RuntimeException e) {
            txn.close();
            throw e;
        }
    }

    private static long[] graphs(ReadTxn txn, Resource... contexts) {
        if (contexts == null || contexts.length == 0) {
            return new long[] {QuadStore.ANY};
        }
        // A context named twice must not give its statements twice.
        Set<Long> distinct = new LinkedHashSet<>();
        for (Resource context : contexts) {
            long g = context != null && context.isTriple() ? QuadStore.NO_ID : txn.termId(Values.graph(context));
            if (g != QuadStore.NO_ID) {
                distinct.add(g);
            }
        }
        return distinct.stream().mapToLong(Long::longValue).toArray();
    }

    private static long id(ReadTxn txn, Value value) {
        if (value == null) {
            return QuadStore.ANY;
        }
        // No RDF-star triple is stored, so a pattern naming one matches nothing.
        return value.isTriple() ? QuadStore.NO_ID : txn.termId(Values.term(value));
    }

    /** The matches of one pattern in each of several graphs, decoded one at a time from one commit. */
    private final class Statements implements CloseableIteration<Statement> {

        private final ReadTxn txn;
        private final long[] graphs;
        private final long s;
        private final long p;
        private final long o;
        private int nextGraph;
        private QuadIdCursor cursor;
        private Statement next;
        private volatile boolean closed;

        Statements(ReadTxn txn, long[] graphs, long s, long p, long o) {
            this.txn = txn;
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
        public synchronized void close() {
            if (!closed) {
                closed = true;
                cursor = null;
                open.remove(this);
                txn.close();
            }
        }
    }
}
