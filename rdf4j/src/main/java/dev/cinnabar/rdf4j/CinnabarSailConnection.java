package dev.cinnabar.rdf4j;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.eclipse.rdf4j.collection.factory.impl.DefaultCollectionFactory;
import org.eclipse.rdf4j.common.iteration.CloseableIteration;
import org.eclipse.rdf4j.common.iteration.CloseableIteratorIteration;
import org.eclipse.rdf4j.common.transaction.IsolationLevel;
import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Namespace;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleNamespace;
import org.eclipse.rdf4j.query.BindingSet;
import org.eclipse.rdf4j.query.Dataset;
import org.eclipse.rdf4j.query.QueryEvaluationException;
import org.eclipse.rdf4j.query.algebra.QueryRoot;
import org.eclipse.rdf4j.query.algebra.TupleExpr;
import org.eclipse.rdf4j.query.algebra.evaluation.EvaluationStrategy;
import org.eclipse.rdf4j.query.algebra.evaluation.EvaluationStrategyFactory;
import org.eclipse.rdf4j.query.algebra.evaluation.TripleSource;
import org.eclipse.rdf4j.sail.SailConflictException;
import org.eclipse.rdf4j.sail.SailException;
import org.eclipse.rdf4j.sail.UpdateContext;
import org.eclipse.rdf4j.sail.helpers.AbstractNotifyingSailConnection;
import org.eclipse.rdf4j.sail.helpers.DefaultSailChangedEvent;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoader;
import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.StoreStatistics;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.WriterBusyException;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * A connection whose transactions are the store's (ADR-019): {@code begin()} takes a {@link ReadTxn} snapshot for
 * SNAPSHOT and SERIALIZABLE, the first change takes the single {@link WriteTxn}, and {@code commit()} returns only
 * after {@link WriteTxn#commit()} has made exactly this transaction's changes durable. Reads go to the write
 * transaction once there is one (it sees its own changes), else to the transaction's snapshot, else to a
 * {@link ReadTxn} of the last commit for that one read: a SPARQL query outside a transaction reads one snapshot in all
 * its lookups, held until its results close.
 *
 * <p>A SNAPSHOT or SERIALIZABLE transaction that read its snapshot and then writes must write on that same state:
 * if another transaction committed in between, its commit fails with a {@link SailConflictException}. A writing
 * transaction thus reads and writes one state while holding the only writer, which is serializable.
 *
 * <p>Every store call runs on the connection's {@link OwnerThread}, since RDF4J may use a connection from several
 * threads and store transactions belong to one. A query is evaluated there too, its results handed over in chunks.
 */
final class CinnabarSailConnection extends AbstractNotifyingSailConnection {

    /** Statements decoded per hand-off from the owner thread to the reading thread. */
    private static final int CHUNK = 256;
    /** Query results in the first chunk handed from the owner thread; later chunks double, up to 4 x CHUNK. */
    private static final int FIRST_RESULT_CHUNK = 16;
    /** The owner thread's time on one chunk of query results, at most (about; the last result is finished). */
    private static final long CHUNK_NANOS = 20_000_000L;
    /** Adds handed to the owner thread at once, after the first (which takes the writer): fewer hand-offs. */
    private static final int ADD_BATCH = 1024;

    private final CinnabarSail sail;
    private final QuadStore store;
    private final Values values;
    private final ValueFactory factory;
    private final EvaluationStrategyFactory strategies;
    private final Duration writerTimeout;
    private final OwnerThread owner;

    // Confined to the owner thread.
    private IsolationLevel level;
    private SharedRead snapshot;
    /** A SPARQL update's view of the state before it, while it runs and if it began before any change. */
    private SharedRead updateSnapshot;
    private boolean readSnapshot;
    private WriteTxn write;
    private boolean conflicted;
    private final Set<Long> graphsAdded = new HashSet<>();
    private final Set<SharedRead> openReads = new HashSet<>();

    // The calling threads' side; RDF4J serializes a connection's operations.
    private final List<Statement> pendingAdds = new ArrayList<>();
    private volatile boolean writing;
    private volatile DefaultSailChangedEvent event;

    CinnabarSailConnection(CinnabarSail sail, QuadStore store, ValueFactory factory,
            EvaluationStrategyFactory strategies, Duration writerTimeout) {
        super(sail);
        this.sail = sail;
        this.store = store;
        this.factory = factory;
        this.values = new Values(factory);
        this.strategies = strategies;
        this.writerTimeout = writerTimeout;
        this.owner = new OwnerThread("cinnabar-rdf4j-connection");
        this.event = new DefaultSailChangedEvent(sail);
    }

    // ------------------------------------------------------------------------------------------------ transactions

    @Override
    protected void startTransactionInternal() {
        IsolationLevel requested = getTransactionIsolation();
        owner.run(() -> {
            level = requested;
            if (requested.isCompatibleWith(IsolationLevels.SNAPSHOT)) {
                snapshot = share(store.beginRead());
            }
        });
    }

    @Override
    protected void prepareInternal() {
        flushAdds();
        owner.run(() -> {
            if (conflicted) {
                throw conflict();
            }
        });
    }

    @Override
    protected void commitInternal() {
        flushAdds();
        DefaultSailChangedEvent committed = event;
        event = new DefaultSailChangedEvent(sail);
        owner.run(() -> {
            try {
                if (conflicted) {
                    throw conflict();
                }
                if (write != null) {
                    WriteTxn committing = write;
                    write = null;
                    // Returns only when the commit is durable; throws with the store as it was before.
                    committing.commit();
                }
            } catch (IOException e) {
                throw new SailException("commit failed; the store is as it was before the transaction", e);
            } finally {
                endTransaction();
            }
        });
        sail.changed(committed);
    }

    private SailConflictException conflict() {
        return new SailConflictException("another transaction committed after this " + level
            + " transaction's snapshot and before its first change; its reads and writes would not be of one state");
    }

    @Override
    protected void rollbackInternal() {
        synchronized (pendingAdds) {
            pendingAdds.clear();
        }
        event = new DefaultSailChangedEvent(sail);
        owner.run(this::endTransaction);
    }

    @Override
    protected void closeInternal() {
        synchronized (pendingAdds) {
            pendingAdds.clear();
        }
        try {
            owner.run(() -> {
                endTransaction();
                for (SharedRead read : new ArrayList<>(openReads)) {
                    read.txn.close();
                }
                openReads.clear();
            });
        } finally {
            owner.shutdown();
        }
    }

    /** Owner thread: rolls back an uncommitted write transaction and releases the snapshot. */
    private void endTransaction() {
        endUpdateSnapshot();
        try {
            if (write != null) {
                WriteTxn rollingBack = write;
                write = null;
                rollingBack.close();
            }
        } finally {
            if (snapshot != null) {
                snapshot.release();
                snapshot = null;
            }
            level = null;
            readSnapshot = false;
            conflicted = false;
            writing = false;
            graphsAdded.clear();
        }
    }

    /** Owner thread: the write transaction, begun at the first change of the RDF4J transaction. */
    private WriteTxn writer() {
        if (write == null) {
            write = waitForWriter("write transaction", () -> store.beginWrite(writerTimeout));
            writing = true;
            if (readSnapshot && snapshot != null && write.commitSequence() != snapshot.txn.commitSequence()) {
                conflicted = true; // reported at commit, where RDF4J's callers expect conflicts
            }
        }
        return write;
    }

    /** Owner thread: {@code begin}, which waits at most the writer timeout for the single writer, interruptibly. */
    private <T> T waitForWriter(String what, Callable<T> begin) {
        try {
            return owner.interruptibly(begin);
        } catch (WriterBusyException e) {
            throw new SailConflictException("no " + what + " within " + writerTimeout
                + ": another transaction held the store's single writer all that time", e);
        } catch (InterruptedException e) {
            throw new SailException("interrupted while waiting for the store's single writer", e);
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new SailException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------- bulk loads

    /**
     * Whether a stream added now may go to the store's bulk loader (ADR-019): only outside a transaction, since the
     * loader commits on its own and shows nothing before, and only with nobody listening to this connection's
     * statements, which a bulk load does not report one by one.
     */
    boolean bulkLoadable() {
        return isOpen() && !isActive() && !hasConnectionListeners();
    }

    /** Runs {@code load} on the owner thread with a bulk loader, got within the writer timeout; see {@link StreamLoad}. */
    <T> Future<T> startBulkLoad(BulkTask<T> load) {
        return owner.submit(() -> {
            BulkLoader opened;
            try {
                opened = waitForWriter("bulk load", () -> store.bulkLoader(BulkLoadOptions.defaults(), writerTimeout));
            } catch (RuntimeException | Error e) {
                load.notStarted(); // the feeding thread must not wait for a load that never takes its input
                throw e;
            }
            try (BulkLoader loader = opened) {
                return load.load(loader, store);
            }
        });
    }

    /** Waits for a bulk load started by {@link #startBulkLoad}; its exceptions come back as thrown. */
    <T> T awaitBulkLoad(Future<T> loading) {
        return owner.await(loading);
    }

    /** After a bulk load committed: the sail's listeners hear that statements were added. */
    void bulkLoaded() {
        DefaultSailChangedEvent loaded = new DefaultSailChangedEvent(sail);
        loaded.setStatementsAdded(true);
        sail.bulkLoaded(loaded);
    }

    /** The owner thread's side of a bulk load. */
    interface BulkTask<T> {
        T load(BulkLoader loader, QuadStore store) throws Exception;

        /** Called instead of {@link #load} when no loader could be had (the writer stayed busy, say). */
        void notStarted() throws InterruptedException;
    }

    // ----------------------------------------------------------------------------------------------------- writes

    /**
     * A SPARQL update's changes are applied in the order the update makes them, each at once: RDF4J's notifying-store
     * suite expects a DELETE/INSERT of one statement for two solutions to be heard as removed, added, removed, added
     * (RDF4J's own buffering would apply all removals first). The update's WHERE clause meanwhile reads the state
     * before the update, if the transaction had no change yet when it began (see {@link #startUpdate}).
     */
    @Override
    public void addStatement(UpdateContext op, Resource subj, IRI pred, Value obj, Resource... contexts) {
        // Refused at once, as RDF4J's store suite expects; RDF4J's buffer would reach addStatementInternal later.
        if (contexts != null) {
            for (Resource context : contexts) {
                if (context != null && context.isTriple()) {
                    throw new SailException("context argument can not be of type Triple: " + context);
                }
            }
        }
        if (op == null) {
            super.addStatement(op, subj, pred, obj, contexts);
            return;
        }
        verifyIsOpen();
        verifyIsActive();
        addStatementInternal(subj, pred, obj, contexts);
        flushAdds();
    }

    @Override
    public void removeStatement(UpdateContext op, Resource subj, IRI pred, Value obj, Resource... contexts) {
        if (op == null) {
            super.removeStatement(op, subj, pred, obj, contexts);
            return;
        }
        verifyIsOpen();
        verifyIsActive();
        removeStatementsInternal(subj, pred, obj, contexts);
    }

    /**
     * Pins the state before the update for its WHERE clause, when the transaction has made no change yet: the
     * update's own changes, applied as it goes, must not feed back into the solutions it is still reading. A
     * transaction that already writes reads through its write transaction, which shows them (a limit of ADR-019).
     */
    @Override
    public void startUpdate(UpdateContext op) {
        super.startUpdate(op);
        flushAdds();
        owner.run(() -> {
            if (write == null && updateSnapshot == null) {
                updateSnapshot = snapshot != null ? snapshot.use() : share(store.beginRead());
            }
        });
    }

    @Override
    protected void endUpdateInternal(UpdateContext op) {
        super.endUpdateInternal(op);
        flushAdds();
        owner.run(this::endUpdateSnapshot);
    }

    /** Owner thread. */
    private void endUpdateSnapshot() {
        if (updateSnapshot != null) {
            SharedRead ending = updateSnapshot;
            updateSnapshot = null;
            ending.release();
        }
    }

    @Override
    protected void addStatementInternal(Resource subj, IRI pred, Value obj, Resource... contexts) {
        Values.checkStorable(subj, pred, obj, null);
        Resource[] graphs = contexts == null || contexts.length == 0 ? new Resource[] {null} : contexts;
        boolean flush;
        synchronized (pendingAdds) {
            for (Resource context : graphs) {
                if (context != null && context.isTriple()) {
                    throw new SailException("Cinnabar stores no RDF-star triple terms as contexts: " + context);
                }
                pendingAdds.add(factory.createStatement(subj, pred, obj, context));
            }
            // The first change that reaches here goes at once (RDF4J may have buffered it already), so that waiting
            // for the writer, or failing to get it, happens no later than needed.
            flush = !writing || pendingAdds.size() >= ADD_BATCH;
        }
        event.setStatementsAdded(true);
        if (flush) {
            flushAdds();
        }
    }

    /** Hands the buffered adds to the write transaction; every other operation calls this first. */
    private void flushAdds() {
        List<Statement> adds;
        synchronized (pendingAdds) {
            if (pendingAdds.isEmpty()) {
                return;
            }
            adds = new ArrayList<>(pendingAdds);
            pendingAdds.clear();
        }
        boolean notify = hasConnectionListeners();
        owner.run(() -> {
            WriteTxn txn = writer();
            try {
                for (Statement statement : adds) {
                    Quad quad = new Quad(Values.graph(statement.getContext()), Values.term(statement.getSubject()),
                        Values.term(statement.getPredicate()), Values.term(statement.getObject()));
                    txn.add(quad);
                    if (statement.getContext() != null) {
                        graphsAdded.add(txn.termId(quad.graph()));
                    }
                    // Every add is reported, present before or not, as RDF4J's notifying-store suite expects.
                    if (notify) {
                        notifyStatementAdded(statement);
                    }
                }
            } catch (IOException e) {
                throw new SailException(e);
            }
        });
    }

    @Override
    protected void removeStatementsInternal(Resource subj, IRI pred, Value obj, Resource... contexts) {
        flushAdds();
        event.setStatementsRemoved(true);
        boolean notify = hasConnectionListeners();
        owner.run(() -> {
            WriteTxn txn = writer();
            long s = id(txn, subj);
            long p = id(txn, pred);
            long o = id(txn, obj);
            long[] graphs = graphs(txn, contexts);
            if (s == QuadStore.NO_ID || p == QuadStore.NO_ID || o == QuadStore.NO_ID) {
                return;
            }
            // Collected before removing: the cursor reads the buffer the removals go into.
            List<long[]> matches = new ArrayList<>();
            for (long graph : graphs) {
                QuadIdCursor cursor = txn.matchIds(graph, s, p, o);
                while (cursor.next()) {
                    matches.add(new long[] {cursor.graph(), cursor.subject(), cursor.predicate(), cursor.object()});
                }
            }
            try {
                for (long[] quad : matches) {
                    Statement removed = notify ? statement(txn, quad[0], quad[1], quad[2], quad[3]) : null;
                    txn.remove(txn.term(quad[0]), txn.term(quad[1]), txn.term(quad[2]), txn.term(quad[3]));
                    if (notify) {
                        notifyStatementRemoved(removed);
                    }
                }
            } catch (IOException e) {
                throw new SailException(e);
            }
        });
    }

    @Override
    protected void clearInternal(Resource... contexts) {
        removeStatementsInternal(null, null, null, contexts);
    }

    @Override
    protected void setNamespaceInternal(String prefix, String name) {
        flushAdds();
        owner.run(() -> writer().putMetadata(Namespaces.key(prefix), name));
    }

    @Override
    protected void removeNamespaceInternal(String prefix) {
        flushAdds();
        owner.run(() -> writer().removeMetadata(Namespaces.key(prefix)));
    }

    @Override
    protected void clearNamespacesInternal() {
        flushAdds();
        owner.run(() -> {
            WriteTxn txn = writer();
            for (String key : new ArrayList<>(Namespaces.entries(txn.metadata()).keySet())) {
                txn.removeMetadata(key);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------------ reads

    /** Runs {@code read} on the owner thread against the transaction's current reader (see the class comment). */
    private <T> T read(Function<QuadReader, T> read) {
        flushAdds();
        return owner.call(() -> {
            if (updateSnapshot != null) {
                readSnapshot |= updateSnapshot == snapshot;
                return read.apply(updateSnapshot.txn);
            }
            if (write != null) {
                return read.apply(write);
            }
            if (snapshot != null) {
                readSnapshot = true;
                return read.apply(snapshot.txn);
            }
            try (ReadTxn txn = store.beginRead()) {
                return read.apply(txn);
            }
        });
    }

    @Override
    protected CloseableIteration<? extends Namespace> getNamespacesInternal() {
        List<Namespace> namespaces = read(txn -> {
            List<Namespace> found = new ArrayList<>();
            for (Map.Entry<String, String> entry : Namespaces.entries(txn.metadata()).entrySet()) {
                found.add(new SimpleNamespace(Namespaces.prefix(entry.getKey()), entry.getValue()));
            }
            return found;
        });
        return new CloseableIteratorIteration<>(namespaces.iterator());
    }

    @Override
    protected String getNamespaceInternal(String prefix) {
        return read(txn -> txn.metadata().get(Namespaces.key(prefix)));
    }

    @Override
    protected CloseableIteration<? extends Resource> getContextIDsInternal() {
        List<Resource> contexts = read(txn -> {
            // The commit's statistics (ADR-017) name every committed graph; a write transaction adds its own.
            StoreStatistics statistics = txn.statistics();
            long defaultGraph = txn.termId(DefaultGraph.INSTANCE);
            Set<Long> candidates = new LinkedHashSet<>();
            for (long graph : statistics.graphIds()) {
                if (statistics.graphQuads(graph) > 0 || txn == write) {
                    candidates.add(graph);
                }
            }
            if (txn == write) {
                candidates.addAll(graphsAdded);
            }
            List<Resource> found = new ArrayList<>();
            for (long graph : candidates) {
                if (graph == defaultGraph) {
                    continue;
                }
                // Statistics count committed quads; a write transaction may have emptied or filled a graph.
                if (txn != write || txn.matchIds(graph, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY).next()) {
                    found.add(values.context(txn.term(graph)));
                }
            }
            return found;
        });
        return new CloseableIteratorIteration<>(contexts.iterator());
    }

    @Override
    protected long sizeInternal(Resource... contexts) {
        return read(txn -> {
            long[] graphs = graphs(txn, contexts);
            long size = 0;
            for (long graph : graphs) {
                QuadIdCursor cursor = txn.matchIds(graph, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
                while (cursor.next()) {
                    size++;
                }
            }
            return size;
        });
    }

    @Override
    protected CloseableIteration<? extends Statement> getStatementsInternal(Resource subj, IRI pred, Value obj,
            boolean includeInferred, Resource... contexts) {
        return statements(null, subj, pred, obj, contexts);
    }

    /**
     * The statements matching a pattern, from {@code queryRead} when a query pinned one, else from the current reader;
     * also the {@link TripleSource} of queries.
     */
    private CloseableIteration<Statement> statements(SharedRead queryRead, Resource subj, IRI pred, Value obj,
            Resource... contexts) {
        flushAdds();
        return owner.call(() -> {
            if (queryRead == null && write != null && updateSnapshot == null) {
                // Decoded at once: later changes of this transaction must not show in an iteration already open,
                // and the write transaction's cursors read the buffer those changes go into.
                List<Statement> matches = new ArrayList<>();
                Matches cursor = matches(write, subj, pred, obj, contexts);
                if (cursor != null) {
                    cursor.fill(matches, Integer.MAX_VALUE);
                }
                return new CloseableIteratorIteration<>(matches.iterator());
            }
            SharedRead read;
            if (queryRead != null) {
                read = queryRead.use();
            } else if (updateSnapshot != null) {
                readSnapshot |= updateSnapshot == snapshot;
                read = updateSnapshot.use();
            } else if (snapshot != null) {
                read = snapshot.use();
                readSnapshot = true;
            } else {
                read = share(store.beginRead());
            }
            try {
                Matches cursor = matches(read.txn, subj, pred, obj, contexts);
                if (cursor == null) {
                    read.release();
                    return CloseableIteration.EMPTY_STATEMENT_ITERATION;
                }
                return snapshotStatements(read, cursor);
            } catch (RuntimeException e) {
                read.release();
                throw e;
            }
        });
    }

    /** The matches of a pattern in {@code txn}, or null if a term of it is not in the store. */
    private Matches matches(QuadReader txn, Resource subj, IRI pred, Value obj, Resource... contexts) {
        long s = id(txn, subj);
        long p = id(txn, pred);
        long o = id(txn, obj);
        long[] graphs = graphs(txn, contexts);
        if (s == QuadStore.NO_ID || p == QuadStore.NO_ID || o == QuadStore.NO_ID || graphs.length == 0) {
            return null;
        }
        return new Matches(txn, graphs, s, p, o);
    }

    @Override
    protected CloseableIteration<? extends BindingSet> evaluateInternal(TupleExpr tupleExpr, Dataset dataset,
            BindingSet bindings, boolean includeInferred) {
        flushAdds();
        return owner.call(() -> {
            // Outside a transaction, one snapshot for the whole query: every lookup of its joins reads one state.
            SharedRead queryRead = write == null && updateSnapshot == null && snapshot == null
                ? share(store.beginRead()) : null;
            try {
                return ownerSideBindings(evaluateOnOwner(tupleExpr, dataset, bindings, queryRead), queryRead);
            } catch (RuntimeException | Error e) {
                if (queryRead != null) {
                    queryRead.release();
                }
                throw e;
            }
        });
    }

    /** Owner thread: optimizes and starts the evaluation of a query whose lookups read {@code queryRead}. */
    private CloseableIteration<? extends BindingSet> evaluateOnOwner(TupleExpr tupleExpr, Dataset dataset,
            BindingSet bindings, SharedRead queryRead) {
        TripleSource source = new TripleSource() {
            @Override
            public CloseableIteration<? extends Statement> getStatements(Resource subj, IRI pred, Value obj,
                    Resource... contexts) throws QueryEvaluationException {
                return statements(queryRead, subj, pred, obj, contexts);
            }

            @Override
            public ValueFactory getValueFactory() {
                return factory;
            }
        };
        TupleExpr expr = tupleExpr.clone();
        if (!(expr instanceof QueryRoot)) {
            expr = new QueryRoot(expr); // the optimizers expect a root to replace the top node under
        }
        CinnabarStatistics statistics = new CinnabarStatistics(store, queryRead == null ? null : queryRead.txn);
        EvaluationStrategy strategy = strategies.createEvaluationStrategy(dataset, source, statistics);
        // Sets for DISTINCT, GROUP BY and the like; RDF4J's SailStore gives its sails this default one.
        strategy.setCollectionFactory(DefaultCollectionFactory::new);
        expr = strategy.optimize(expr, statistics, bindings);
        return strategy.evaluate(expr, bindings);
    }

    private Statement statement(QuadReader txn, long g, long s, long p, long o) {
        boolean committed = txn instanceof ReadTxn; // a write transaction's new atoms may yet be rolled back
        Term graph = txn.term(g);
        return factory.createStatement((Resource) value(txn, s, committed), (IRI) value(txn, p, committed),
            value(txn, o, committed), graph == DefaultGraph.INSTANCE ? null : (Resource) value(txn, g, committed));
    }

    /** The RDF4J value of atom {@code id}, carrying the id when it is {@code committed} ({@link StoredValues}). */
    private Value value(QuadReader txn, long id, boolean committed) {
        Term term = txn.term(id);
        if (committed && term instanceof Iri iri) {
            return new StoredValues.StoredIri(iri.value(), store, id);
        }
        if (committed && term instanceof BlankNode blank) {
            return new StoredValues.StoredBNode(blank.label(), store, id);
        }
        return values.value(term);
    }

    private static long[] graphs(QuadReader txn, Resource... contexts) {
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

    private long id(QuadReader txn, Value value) {
        if (value == null) {
            return QuadStore.ANY;
        }
        long stored = StoredValues.id(value, store);
        if (stored != StoredValues.UNKNOWN) {
            return stored;
        }
        // No RDF-star triple or directional literal is stored, so a pattern naming one matches nothing.
        return value.isTriple() || Values.hasDirection(value) ? QuadStore.NO_ID : txn.termId(Values.term(value));
    }

    private SharedRead share(ReadTxn txn) {
        SharedRead read = new SharedRead(txn);
        openReads.add(read);
        return read;
    }

    /**
     * A read transaction with its users (the RDF4J transaction, open iterations); owner thread only. An iteration
     * may outlive the transaction whose snapshot it reads, so the snapshot closes when its last user is done.
     */
    private final class SharedRead {
        final ReadTxn txn;
        private int users = 1;

        SharedRead(ReadTxn txn) {
            this.txn = txn;
        }

        SharedRead use() {
            users++;
            return this;
        }

        void release() {
            if (--users == 0) {
                openReads.remove(this);
                txn.close();
            }
        }
    }

    /** The matches of one pattern in each of several graphs, decoded on demand; owner thread only. */
    private final class Matches {
        private final QuadReader txn;
        private final long[] graphs;
        private final long s;
        private final long p;
        private final long o;
        private int nextGraph;
        private QuadIdCursor cursor;

        Matches(QuadReader txn, long[] graphs, long s, long p, long o) {
            this.txn = txn;
            this.graphs = graphs;
            this.s = s;
            this.p = p;
            this.o = o;
        }

        /** Adds up to {@code max} next matches to {@code into}; false when there are no more. */
        boolean fill(List<Statement> into, int max) {
            int added = 0;
            while (added < max) {
                if (cursor != null && cursor.next()) {
                    into.add(statement(txn, cursor.graph(), cursor.subject(), cursor.predicate(), cursor.object()));
                    added++;
                } else if (nextGraph < graphs.length) {
                    cursor = txn.matchIds(graphs[nextGraph++], s, p, o);
                } else {
                    return false;
                }
            }
            return true;
        }
    }

    /** Owner thread: adds up to {@code max} next elements to {@code into}; false when there are no more. */
    private interface Fill<T> {
        boolean fill(List<T> into, int max);
    }

    /**
     * An iteration computed on the owner thread a chunk at a time, for whichever thread reads it: the matches of a
     * pattern in a snapshot, or a query's results. A query's joins then run where the store transactions live, so
     * their many lookups take no hand-off between threads (before, three each: open, fetch, release). A query's
     * chunks start small, for a reader that wants only the first rows, and double up to {@code maxChunk}.
     */
    private final class OwnerChunks<T> implements CloseableIteration<T> {
        private final Fill<T> source;
        private final Runnable closeOnOwner;
        private final int maxChunk;
        private int chunkSize;
        private Iterator<T> chunk = List.<T>of().iterator();
        private boolean more = true;
        private boolean closed;

        OwnerChunks(Fill<T> source, Runnable closeOnOwner, int firstChunk, int maxChunk) {
            this.source = source;
            this.closeOnOwner = closeOnOwner;
            this.chunkSize = firstChunk;
            this.maxChunk = maxChunk;
        }

        @Override
        public synchronized boolean hasNext() {
            while (!chunk.hasNext()) {
                if (!more || closed) {
                    close();
                    return false;
                }
                List<T> next = new ArrayList<>(chunkSize);
                int size = chunkSize;
                more = owner.call(() -> source.fill(next, size));
                chunkSize = Math.min(chunkSize * 2, maxChunk);
                chunk = next.iterator();
            }
            return true;
        }

        @Override
        public synchronized T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return chunk.next();
        }

        @Override
        public void remove() {
            throw new UnsupportedOperationException("read only: change statements through the connection");
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                chunk = List.<T>of().iterator();
                try {
                    owner.run(closeOnOwner);
                } catch (SailException connectionClosed) {
                    // The connection closed first and closed every read transaction it had.
                }
            }
        }
    }

    /** A pattern's matches in a shared snapshot, released when the iteration closes. */
    private OwnerChunks<Statement> snapshotStatements(SharedRead read, Matches matches) {
        return new OwnerChunks<>(matches::fill, read::release, CHUNK, CHUNK);
    }

    /**
     * A query's results; a chunk also ends after {@value #CHUNK_NANOS} ns, so that the reading thread soon sees its
     * interrupt or time limit. Closing closes the evaluation and releases {@code queryRead}, if any.
     */
    private OwnerChunks<BindingSet> ownerSideBindings(CloseableIteration<? extends BindingSet> results,
            SharedRead queryRead) {
        Fill<BindingSet> fill = (into, max) -> {
            long started = System.nanoTime();
            while (results.hasNext()) {
                into.add(results.next());
                if (into.size() == max || System.nanoTime() - started > CHUNK_NANOS) {
                    return true;
                }
            }
            return false;
        };
        Runnable close = () -> {
            try {
                results.close();
            } finally {
                if (queryRead != null) {
                    queryRead.release();
                }
            }
        };
        return new OwnerChunks<>(fill, close, FIRST_RESULT_CHUNK, CHUNK * 4);
    }
}
