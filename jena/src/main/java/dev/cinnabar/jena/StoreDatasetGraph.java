package dev.cinnabar.jena;

import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Term;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.riot.system.PrefixMap;
import org.apache.jena.shared.AddDeniedException;
import org.apache.jena.shared.DeleteDeniedException;
import org.apache.jena.sparql.JenaTransactionException;
import org.apache.jena.sparql.core.DatasetGraphBaseFind;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.engine.main.QC;
import org.apache.jena.sys.JenaSystem;

/**
 * A Jena {@code DatasetGraph} implemented directly on a {@link QuadStore} (docs/adr/012).
 *
 * <p>Transactions: each thread has its own Jena transaction, held in a {@link ThreadLocal}; READ holds a store
 * {@link ReadTxn}, WRITE the store's {@link WriteTxn}. Every write needs a WRITE transaction (a READ_PROMOTE or
 * READ_COMMITTED_PROMOTE one is promoted first); reads outside a transaction run in a short implicit read
 * transaction and return materialized results.
 *
 * <p>Finds work on atom ids: pattern nodes become ids, the store's id cursor is filtered, and result ids become
 * nodes through {@link NodeIdCache}s. The shared cache only ever holds ids a read transaction saw or a write
 * transaction committed, because a rolled-back transaction's atom ids are reused later for other terms.
 */
final class StoreDatasetGraph extends DatasetGraphBaseFind {

    static {
        // Jena's initialisation first: when a program touches no Jena class before this one, QC.setFactory in the
        // constructor would start it from inside ARQConstants' static initialiser, and it fails ("Context key is null").
        JenaSystem.init();
    }

    private static final int SHARED_CACHE_SLOTS = 1 << 16;

    private final QuadStore store;
    private final boolean ownsStore;
    private final NodeIdCache committedIds = new NodeIdCache(SHARED_CACHE_SLOTS);
    /** ARQ's values of committed atoms, for expressions over id rows ({@link IdExprVar}). */
    private final NodeValueCache committedValues = new NodeValueCache(SHARED_CACHE_SLOTS);
    /** Pattern estimates of read transactions, shared while the commit they were made at is the latest. */
    private final CommittedEstimates estimates = new CommittedEstimates();
    private final ThreadLocal<ThreadTxn> txns = new ThreadLocal<>();
    private final StorePrefixMap prefixes = new StorePrefixMap(this);
    /** The default graph's atom id: interned when the store was created, so it never changes. 0 until read. */
    private volatile long defaultGraphId;
    private volatile boolean closed;
    /** Tests only: runs in promote() before the write transaction begins, while the read snapshot is open. */
    volatile Runnable promotionGap;

    StoreDatasetGraph(QuadStore store, boolean ownsStore) {
        this.store = Objects.requireNonNull(store, "store");
        this.ownsStore = ownsStore;
        // Basic graph patterns over this dataset run on atom ids (docs/adr/012); only this dataset's context.
        QC.setFactory(getContext(), StoreOpExecutor.FACTORY);
        // A BGP under a FILTER must reach the executor whole: it orders the patterns by cost, then places the
        // filter itself; ARQ's placement into BGPs would cut them in written order first (it still places filters
        // around and between the other operators).
        getContext().set(ARQ.optFilterPlacementBGP, false);
    }

    /** The store behind this dataset. */
    QuadStore store() {
        return store;
    }

    // ------------------------------------------------------------------------------------------------ transactions

    @Override
    public void begin(TxnType type) {
        Objects.requireNonNull(type, "transaction type");
        ThreadTxn current = txns.get();
        if (current != null && current.isActive()) {
            throw new JenaTransactionException("already in a " + current.type + " transaction on this thread;"
                + " nested transactions are not supported");
        }
        checkOpen();
        ReadWrite mode = type == TxnType.WRITE ? ReadWrite.WRITE : ReadWrite.READ;
        QuadReader reader;
        try {
            reader = mode == ReadWrite.WRITE ? store.beginWrite() : store.beginRead();
        } catch (IllegalStateException e) {
            throw new JenaTransactionException("cannot begin a " + type + " transaction: " + e.getMessage(), e);
        }
        ThreadTxn txn = new ThreadTxn(type, mode, reader);
        txn.beginSequence = reader.commitSequence();
        txns.set(txn);
    }

    /**
     * Promotes a READ_PROMOTE or READ_COMMITTED_PROMOTE transaction to WRITE: begins the store's write transaction
     * (waiting for another writer) while the read snapshot stays open. With {@link Promote#ISOLATED} (READ_PROMOTE)
     * this fails, returning false, if another transaction committed since this one began; the transaction then goes
     * on reading its snapshot, as in TDB2. With {@link Promote#READ_COMMITTED} it always succeeds and from then on
     * sees the latest commit. A READ transaction is never promoted (false), as Jena documents.
     */
    @Override
    public boolean promote(Promote how) {
        ThreadTxn txn = active("promote");
        if (txn.isWrite()) {
            return true;
        }
        if (txn.type == TxnType.READ) {
            return false;
        }
        long seen = txn.beginSequence;
        Runnable gap = promotionGap;
        if (gap != null) {
            gap.run();
        }
        WriteTxn write;
        try {
            write = store.beginWrite();
        } catch (IllegalStateException e) {
            throw new JenaTransactionException("promote: cannot begin the write transaction: " + e.getMessage(), e);
        }
        if (how == Promote.ISOLATED && write.commitSequence() != seen) {
            write.close(); // lost the race: the snapshot stays, and stays readable
            return false;
        }
        txn.reader.close();
        txn.reader = write;
        txn.write = write;
        txn.mode = ReadWrite.WRITE;
        return true;
    }

    @Override
    public void commit() {
        ThreadTxn txn = active("commit");
        try {
            if (txn.isWrite()) {
                txn.write.commit();
                txn.committed = true;
                NodeIdCache seen = txn.writeCacheIfUsed();
                if (seen != null) {
                    committedIds.putAll(seen); // now committed: safe to share
                }
            } else if (txn.reader != null) {
                txn.reader.close();
            }
        } catch (IOException e) {
            throw new JenaTransactionException("commit failed and the transaction was rolled back: " + e, e);
        } finally {
            finish(txn);
        }
    }

    @Override
    public void abort() {
        ThreadTxn txn = active("abort");
        try {
            if (txn.reader != null) {
                txn.reader.close(); // a WriteTxn rolls back
            }
        } finally {
            finish(txn);
        }
    }

    /**
     * Ends the transaction. A WRITE transaction that was neither committed nor aborted is aborted, and then, as in
     * Jena's own datasets (TDB2, in-memory), a {@link JenaTransactionException} reports the missing commit.
     */
    @Override
    public void end() {
        ThreadTxn txn = txns.get();
        if (txn == null) {
            return;
        }
        txns.remove();
        if (txn.isActive()) {
            boolean write = txn.isWrite();
            try {
                if (txn.reader != null) {
                    txn.reader.close();
                }
            } finally {
                finish(txn);
            }
            if (write) {
                throw new JenaTransactionException("end() of a WRITE transaction without commit() or abort():"
                    + " it has been aborted");
            }
        }
    }

    @Override
    public ReadWrite transactionMode() {
        ThreadTxn txn = txns.get();
        return txn != null && txn.isActive() ? txn.mode : null;
    }

    @Override
    public TxnType transactionType() {
        ThreadTxn txn = txns.get();
        return txn != null && txn.isActive() ? txn.type : null;
    }

    @Override
    public boolean isInTransaction() {
        ThreadTxn txn = txns.get();
        return txn != null && txn.isActive();
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public boolean supportsTransactionAbort() {
        return true;
    }

    private ThreadTxn active(String operation) {
        ThreadTxn txn = txns.get();
        if (txn == null || !txn.isActive()) {
            throw new JenaTransactionException(operation + ": not in a transaction");
        }
        return txn;
    }

    private static void finish(ThreadTxn txn) {
        txn.finished = true;
        txn.reader = null;
        txn.write = null;
    }

    /** The calling thread's active transaction, or null outside one. */
    ThreadTxn currentTxn() {
        ThreadTxn txn = txns.get();
        if (txn == null || !txn.isActive()) {
            return null;
        }
        return txn;
    }

    /** The write transaction for {@code operation}, promoting a promotable read transaction first. */
    WriteTxn requireWrite(String operation) {
        ThreadTxn txn = txns.get();
        if (txn == null || !txn.isActive()) {
            throw new JenaTransactionException(operation + " outside a transaction: writes need a WRITE"
                + " transaction (for example Txn.executeWrite)");
        }
        if (txn.isWrite()) {
            return txn.write;
        }
        if (txn.type == TxnType.READ) {
            throw new JenaTransactionException(operation + " in a READ transaction: writes need a WRITE"
                + " transaction");
        }
        if (!promote()) {
            throw new JenaTransactionException(operation + ": promotion to a write transaction failed, because"
                + " another transaction committed since this " + txn.type + " transaction began (its snapshot stays"
                + " readable; end it and begin again to write)");
        }
        return txn.write;
    }

    /**
     * Runs {@code body} in the calling thread's transaction, or in a short implicit read transaction if there is
     * none; {@code body} must not return anything that reads the store lazily.
     */
    <T> T read(Function<ThreadTxn, T> body) {
        ThreadTxn txn = txns.get();
        if (txn != null && txn.isActive()) {
            return body.apply(txn);
        }
        checkOpen();
        ReadTxn implicit;
        try {
            implicit = store.beginRead();
        } catch (IllegalStateException e) {
            throw new JenaTransactionException("cannot read: " + e.getMessage(), e);
        }
        try {
            return body.apply(new ThreadTxn(TxnType.READ, ReadWrite.READ, implicit));
        } finally {
            implicit.close();
        }
    }

    /** The store's metadata as the calling thread's transaction sees it. */
    <T> T readMetadata(Function<SortedMap<String, String>, T> body) {
        return read(txn -> body.apply(txn.reader.metadata()));
    }

    // ------------------------------------------------------------------------------------------------ ids and nodes

    long defaultGraphId(ThreadTxn txn) {
        long id = defaultGraphId;
        if (id == 0) {
            id = txn.reader.termId(DefaultGraph.INSTANCE);
            defaultGraphId = id;
        }
        return id;
    }

    /** The store-wide cache of read transactions' pattern estimates ({@link JoinOrder}). */
    CommittedEstimates estimates() {
        return estimates;
    }

    /** The id of a concrete node, or {@link QuadStore#NO_ID} if the store does not hold it. */
    long idOf(ThreadTxn txn, Node node, boolean graphPosition) {
        if (graphPosition && Quad.isDefaultGraph(node)) {
            return defaultGraphId(txn);
        }
        long id = committedIds.id(node);
        if (id > 0) {
            return id;
        }
        if (txn.isWrite()) {
            id = txn.writeCache().id(node);
            if (id > 0) {
                return id;
            }
        }
        Term term = TermMapping.toPatternTerm(node, graphPosition);
        if (term == null) {
            return QuadStore.NO_ID;
        }
        id = txn.reader.termId(term);
        if (id > 0) {
            cacheFor(txn).put(id, node);
        }
        return id;
    }

    /** The pattern id of a node: {@link QuadStore#ANY} for a wildcard. */
    private long patternId(ThreadTxn txn, Node node) {
        return TermMapping.isWildcard(node) ? QuadStore.ANY : idOf(txn, node, false);
    }

    /** The shared cache of ARQ's values of committed atoms. */
    NodeValueCache committedValues() {
        return committedValues;
    }

    Node nodeOf(ThreadTxn txn, long id) {
        Node node = committedIds.node(id);
        if (node != null) {
            return node;
        }
        if (txn.isWrite()) {
            node = txn.writeCache().node(id);
            if (node != null) {
                return node;
            }
        }
        node = TermMapping.toNode(txn.reader.term(id));
        cacheFor(txn).putDecoded(id, node);
        return node;
    }

    /** Where a transaction may cache ids: the shared cache only for ids no rollback can take back. */
    private NodeIdCache cacheFor(ThreadTxn txn) {
        return txn.isWrite() ? txn.writeCache() : committedIds;
    }

    // ------------------------------------------------------------------------------------------------ find

    private enum Scope { ALL, NAMED, DEFAULT, UNION, ONE_GRAPH }

    @Override
    public Iterator<Quad> find(Node g, Node s, Node p, Node o) {
        if (TermMapping.isWildcard(g)) {
            return find(Scope.ALL, null, s, p, o);
        }
        return findInGraph(g, s, p, o);
    }

    @Override
    public Iterator<Quad> findNG(Node g, Node s, Node p, Node o) {
        if (TermMapping.isWildcard(g)) {
            return find(Scope.NAMED, null, s, p, o);
        }
        return findInGraph(g, s, p, o);
    }

    private Iterator<Quad> findInGraph(Node g, Node s, Node p, Node o) {
        if (Quad.isDefaultGraph(g)) {
            return find(Scope.DEFAULT, Quad.defaultGraphIRI, s, p, o);
        }
        if (Quad.isUnionGraph(g)) {
            return find(Scope.UNION, Quad.unionGraph, s, p, o);
        }
        return find(Scope.ONE_GRAPH, g, s, p, o);
    }

    @Override
    protected Iterator<Quad> findAny(Node s, Node p, Node o) {
        return find(Scope.ALL, null, s, p, o);
    }

    @Override
    protected Iterator<Quad> findInDftGraph(Node s, Node p, Node o) {
        return find(Scope.DEFAULT, Quad.defaultGraphIRI, s, p, o);
    }

    @Override
    protected Iterator<Quad> findInSpecificNamedGraph(Node g, Node s, Node p, Node o) {
        return findInGraph(g, s, p, o);
    }

    @Override
    protected Iterator<Quad> findInAnyNamedGraphs(Node s, Node p, Node o) {
        return find(Scope.NAMED, null, s, p, o);
    }

    @Override
    public Iterator<Quad> findQuadsInUnionGraph(Node s, Node p, Node o) {
        return find(Scope.UNION, Quad.unionGraph, s, p, o);
    }

    @Override
    public Iterator<Triple> findInUnionGraph(Node s, Node p, Node o) {
        Iterator<Quad> quads = findQuadsInUnionGraph(s, p, o);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return quads.hasNext();
            }

            @Override
            public Triple next() {
                return quads.next().asTriple();
            }
        };
    }

    /** Lazily within the thread's transaction; materialized within an implicit read transaction otherwise. */
    private Iterator<Quad> find(Scope scope, Node graph, Node s, Node p, Node o) {
        if (TermMapping.isTripleTermPattern(o)) {
            // <<( ?s :p ?o )>> stands for many triple terms, so no one id: every object, then those it matches
            Iterator<Quad> any = find(scope, graph, s, p, Node.ANY);
            return org.apache.jena.atlas.iterator.Iter.filter(any, quad -> TermMapping.matches(o, quad.getObject()));
        }
        ThreadTxn txn = txns.get();
        if (txn != null && txn.isActive()) {
            return iterate(txn, scope, graph, s, p, o);
        }
        List<Quad> quads = read(implicit -> {
            List<Quad> all = new ArrayList<>();
            iterate(implicit, scope, graph, s, p, o).forEachRemaining(all::add);
            return all;
        });
        return quads.iterator();
    }

    private Iterator<Quad> iterate(ThreadTxn txn, Scope scope, Node graph, Node s, Node p, Node o) {
        long si = patternId(txn, s);
        long pi = patternId(txn, p);
        long oi = patternId(txn, o);
        if (si < 0 || pi < 0 || oi < 0) {
            return Collections.emptyIterator();
        }
        long dg = defaultGraphId(txn);
        long gi = QuadStore.ANY;
        long skip = 0;
        switch (scope) {
            case DEFAULT:
                gi = dg;
                break;
            case ONE_GRAPH:
                gi = idOf(txn, graph, true);
                if (gi < 0) {
                    return Collections.emptyIterator();
                }
                break;
            case NAMED:
            case UNION:
                skip = dg;
                break;
            default:
                break;
        }
        QuadIdCursor cursor = txn.reader.matchIds(gi, si, pi, oi);
        return new QuadIterator(txn, cursor, graph, fixed(s), fixed(p), fixed(o), dg, skip, scope == Scope.UNION);
    }

    private static Node fixed(Node node) {
        return TermMapping.isWildcard(node) ? null : node;
    }

    /**
     * Quads of an id cursor as Jena quads. Bound pattern positions reuse the pattern's node. In the union graph,
     * duplicate triples are adjacent: every graph-unbound pattern is answered by an index with the graph last
     * (SPOG, POSG, OSPG), so comparing with the previous triple removes them.
     */
    private final class QuadIterator implements Iterator<Quad> {
        private final ThreadTxn txn;
        private final QuadIdCursor cursor;
        private final Node graph;
        private final Node subject;
        private final Node predicate;
        private final Node object;
        private final long defaultGraph;
        private final long skipGraph;
        private final boolean distinctTriples;
        private long lastS = -1;
        private long lastP = -1;
        private long lastO = -1;
        private Quad next;

        QuadIterator(ThreadTxn txn, QuadIdCursor cursor, Node graph, Node subject, Node predicate, Node object,
                     long defaultGraph, long skipGraph, boolean distinctTriples) {
            this.txn = txn;
            this.cursor = cursor;
            this.graph = graph;
            this.subject = subject;
            this.predicate = predicate;
            this.object = object;
            this.defaultGraph = defaultGraph;
            this.skipGraph = skipGraph;
            this.distinctTriples = distinctTriples;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            while (cursor.next()) {
                long g = cursor.graph();
                if (g == skipGraph) {
                    continue;
                }
                long s = cursor.subject();
                long p = cursor.predicate();
                long o = cursor.object();
                if (distinctTriples) {
                    if (s == lastS && p == lastP && o == lastO) {
                        continue;
                    }
                    lastS = s;
                    lastP = p;
                    lastO = o;
                }
                Node gn = graph != null ? graph : g == defaultGraph ? Quad.defaultGraphIRI : nodeOf(txn, g);
                next = Quad.create(gn,
                    subject != null ? subject : nodeOf(txn, s),
                    predicate != null ? predicate : nodeOf(txn, p),
                    object != null ? object : nodeOf(txn, o));
                return true;
            }
            return false;
        }

        @Override
        public Quad next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Quad quad = next;
            next = null;
            return quad;
        }
    }

    @Override
    public boolean contains(Node g, Node s, Node p, Node o) {
        return read(txn -> TermMapping.isWildcard(g) ? iterate(txn, Scope.ALL, null, s, p, o).hasNext()
            : Quad.isDefaultGraph(g) ? iterate(txn, Scope.DEFAULT, Quad.defaultGraphIRI, s, p, o).hasNext()
            : Quad.isUnionGraph(g) ? iterate(txn, Scope.UNION, Quad.unionGraph, s, p, o).hasNext()
            : iterate(txn, Scope.ONE_GRAPH, g, s, p, o).hasNext());
    }

    @Override
    public boolean isEmpty() {
        return read(txn -> !txn.reader.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY).next());
    }

    /** The named graphs: a scan of every quad (the store has no graph-only index), so O(quads). */
    @Override
    public Iterator<Node> listGraphNodes() {
        return graphNodes().iterator();
    }

    /** The number of named graphs, as Jena defines {@code size()}. */
    @Override
    public long size() {
        return graphNodes().size();
    }

    private List<Node> graphNodes() {
        return read(txn -> {
            long dg = defaultGraphId(txn);
            Set<Long> seen = new HashSet<>();
            List<Node> graphs = new ArrayList<>();
            QuadIdCursor quads = txn.reader.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
            while (quads.next()) {
                long g = quads.graph();
                if (g != dg && seen.add(g)) {
                    graphs.add(nodeOf(txn, g));
                }
            }
            return graphs;
        });
    }

    @Override
    public boolean containsGraph(Node graphNode) {
        if (Quad.isDefaultGraph(graphNode) || Quad.isUnionGraph(graphNode)) {
            return true;
        }
        if (TermMapping.isWildcard(graphNode)) {
            return false;
        }
        return read(txn -> {
            long g = idOf(txn, graphNode, true);
            return g > 0 && txn.reader.matchIds(g, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY).next();
        });
    }

    // ------------------------------------------------------------------------------------------------ graphs

    @Override
    public Graph getDefaultGraph() {
        return GraphView.createDefaultGraph(this);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        if (Quad.isDefaultGraph(graphNode)) {
            return getDefaultGraph();
        }
        if (Quad.isUnionGraph(graphNode)) {
            return getUnionGraph();
        }
        return GraphView.createNamedGraph(this, graphNode);
    }

    @Override
    public Graph getUnionGraph() {
        return GraphView.createUnionGraph(this);
    }

    /** Replaces the graph's contents with {@code graph}'s triples (read first, so a view of itself is safe). */
    @Override
    public void addGraph(Node graphNode, Graph graph) {
        requireWrite("addGraph");
        if (Quad.isUnionGraph(graphNode)) {
            throw new AddDeniedException("cannot add a graph as the union graph " + graphNode);
        }
        List<Triple> triples = graph.find().toList();
        removeGraph(graphNode);
        for (Triple triple : triples) {
            add(graphNode, triple.getSubject(), triple.getPredicate(), triple.getObject());
        }
    }

    @Override
    public void removeGraph(Node graphNode) {
        requireWrite("removeGraph");
        if (Quad.isUnionGraph(graphNode)) {
            throw new DeleteDeniedException("cannot remove the union graph " + graphNode);
        }
        deleteAny(graphNode, Node.ANY, Node.ANY, Node.ANY);
    }

    // ------------------------------------------------------------------------------------------------ changes

    @Override
    public void add(Quad quad) {
        add(quad.getGraph(), quad.getSubject(), quad.getPredicate(), quad.getObject());
    }

    @Override
    public void delete(Quad quad) {
        delete(quad.getGraph(), quad.getSubject(), quad.getPredicate(), quad.getObject());
    }

    /** Adds a quad; a null graph means the default graph, as in Jena's {@code Quad.create(null, ...)}. */
    @Override
    public void add(Node g, Node s, Node p, Node o) {
        WriteTxn write = requireWrite("add");
        if (g != null && Quad.isUnionGraph(g)) {
            throw new AddDeniedException("cannot add to the union graph: " + Quad.create(g, s, p, o));
        }
        dev.cinnabar.quadstore.term.Quad quad = storeQuad(g == null ? Quad.defaultGraphIRI : g, s, p, o);
        try {
            write.add(quad);
        } catch (IOException e) {
            throw new UncheckedIOException("add " + quad + " to " + store, e);
        }
    }

    @Override
    public void delete(Node g, Node s, Node p, Node o) {
        WriteTxn write = requireWrite("delete");
        if (g != null && Quad.isUnionGraph(g)) {
            throw new DeleteDeniedException("cannot delete from the union graph: " + Quad.create(g, s, p, o));
        }
        if (g == Node.ANY || g != null && g.isVariable() || TermMapping.isWildcard(s) || TermMapping.isWildcard(p)
            || TermMapping.isWildcard(o)) {
            throw new UnsupportedTermException("delete needs a concrete quad (use deleteAny for patterns): "
                + g + " " + s + " " + p + " " + o);
        }
        Term gt = TermMapping.toPatternTerm(g == null ? Quad.defaultGraphIRI : g, true);
        Term st = TermMapping.toPatternTerm(s, false);
        Term pt = TermMapping.toPatternTerm(p, false);
        Term ot = TermMapping.toPatternTerm(o, false);
        if (gt == null || st == null || pt == null || ot == null) {
            return; // a term the store cannot hold is not in it
        }
        try {
            write.remove(gt, st, pt, ot);
        } catch (IllegalArgumentException e) {
            return; // not a well-formed quad (a literal subject, say): it cannot be in the store
        } catch (IOException e) {
            throw new UncheckedIOException("delete from " + store, e);
        }
    }

    @Override
    public void deleteAny(Node g, Node s, Node p, Node o) {
        WriteTxn write = requireWrite("deleteAny");
        if (g != null && Quad.isUnionGraph(g)) {
            throw new DeleteDeniedException("cannot delete from the union graph");
        }
        Term gt = null;
        Term st = null;
        Term pt = null;
        Term ot = null;
        boolean objectPattern = TermMapping.isTripleTermPattern(o);
        if (!TermMapping.isWildcard(g) && (gt = TermMapping.toPatternTerm(g, true)) == null
            || !TermMapping.isWildcard(s) && (st = TermMapping.toPatternTerm(s, false)) == null
            || !TermMapping.isWildcard(p) && (pt = TermMapping.toPatternTerm(p, false)) == null
            || !objectPattern && !TermMapping.isWildcard(o) && (ot = TermMapping.toPatternTerm(o, false)) == null) {
            return; // a pattern term the store cannot hold matches nothing
        }
        try {
            if (objectPattern) {
                // <<( ?x :q ?y )>> stands for many triple terms, so no one id: every object, then those it matches,
                // collected first so that the removals do not change what is being enumerated
                List<dev.cinnabar.quadstore.term.Quad> matching = new ArrayList<>();
                write.match(gt, st, pt, null).filter(quad -> TermMapping.matches(o, quad.object()))
                    .forEach(matching::add);
                for (dev.cinnabar.quadstore.term.Quad quad : matching) {
                    write.remove(quad);
                }
                return;
            }
            write.removeAll(gt, st, pt, ot);
        } catch (IOException e) {
            throw new UncheckedIOException("deleteAny in " + store, e);
        }
    }

    /** Removes every quad, in the default graph and all named graphs. Prefixes stay. */
    @Override
    public void clear() {
        deleteAny(Node.ANY, Node.ANY, Node.ANY, Node.ANY);
    }

    private static dev.cinnabar.quadstore.term.Quad storeQuad(Node g, Node s, Node p, Node o) {
        Term graph = TermMapping.toGraphTerm(g);
        Term subject = TermMapping.toTerm(s);
        Term predicate = TermMapping.toTerm(p);
        Term object = TermMapping.toTerm(o);
        try {
            return new dev.cinnabar.quadstore.term.Quad(graph, subject, predicate, object);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedTermException(e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ the rest

    @Override
    public PrefixMap prefixes() {
        return prefixes;
    }

    /**
     * Ends the calling thread's transaction (aborting a write) and, if this dataset opened the store, closes the
     * store, which waits for other threads' transactions. Closing again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        ThreadTxn txn = txns.get();
        if (txn != null) {
            txns.remove();
            if (txn.isActive() && txn.reader != null) {
                txn.reader.close();
            }
            finish(txn);
        }
        closed = true;
        if (ownsStore) {
            try {
                store.close();
            } catch (IOException e) {
                throw new UncheckedIOException("close " + store, e);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this dataset over " + store.directory() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "CinnabarDatasetGraph[" + store.directory() + "]";
    }
}
