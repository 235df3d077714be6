package dev.cinnabar.rdf4j;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;

import org.eclipse.rdf4j.model.BNode;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.repository.RepositoryException;
import org.eclipse.rdf4j.rio.RDFHandler;
import org.eclipse.rdf4j.rio.RDFHandlerException;
import org.eclipse.rdf4j.sail.SailException;

import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.BulkLoader;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.Term;

/**
 * One stream that a {@link CinnabarRepository} connection adds outside a transaction (ADR-019). Rio parses it on the
 * calling thread into this handler, which keeps its first statements; a stream that ends before
 * {@link CinnabarSail#getBulkLoadThreshold()} of them is added in one ordinary transaction. A longer one goes to the
 * store's {@link BulkLoader} on the connection's owner thread, which interns blocks of converted quads while this
 * thread parses on: one durable commit at the end, or, on any failure (a parse error above all), nothing at all.
 *
 * <p>As with RDF4J's own inserter: given contexts replace each statement's own, none keeps it (the null context is
 * the default graph); a stream's namespaces are set where the store has none for the prefix yet; blank nodes are the
 * stream's own (Rio's per-parse ids, and with preserved ids a scope of this stream in front).
 */
final class StreamLoad implements RDFHandler {

    /** The parse of the stream into a handler: one of RDF4J's {@code RDFLoader.load} methods. */
    interface Source {
        void parse(RDFHandler handler) throws IOException;
    }

    private static final int BLOCK_STATEMENTS = 2048;
    private static final int QUEUED_BLOCKS = 8;
    private static final Block END = new Block();
    private static final Block ABORT = new Block();

    private final RepositoryConnection repository;
    private final CinnabarSailConnection connection;
    private final ValueFactory factory;
    private final Resource[] contexts;
    private final long threshold;
    /** Put in front of preserved blank node ids, so that they are this stream's; null when Rio scopes them. */
    private final String blankNodeScope;

    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final List<Statement> buffered = new ArrayList<>();
    private long statements;

    // Once the stream is found large: the blocks handed to the owner thread and its load.
    private BlockingQueue<Block> queue;
    private Future<BulkLoadResult> loading;
    private Block block;
    /** Set by the owner thread when its load failed; this thread then stops parsing. */
    private volatile boolean loadFailed;

    StreamLoad(RepositoryConnection repository, CinnabarSailConnection connection, Resource[] contexts,
            long threshold, boolean preservedBlankNodeIds) {
        this.repository = repository;
        this.connection = connection;
        this.factory = repository.getValueFactory();
        this.contexts = contexts.clone();
        this.threshold = threshold;
        this.blankNodeScope = preservedBlankNodeIds ? factory.createBNode().getID() + "-" : null;
    }

    /** Parses {@code source} into the store; returns true if it went through the bulk loader. */
    boolean run(Source source) throws IOException {
        try {
            source.parse(this);
        } catch (RDFHandlerException e) {
            abort(e);
            // As RDF4J's own add: what the store refused comes as the RepositoryException it is.
            throw e.getCause() instanceof RepositoryException refused ? refused : new RepositoryException(e);
        } catch (IOException | RuntimeException | Error e) {
            abort(e);
            throw e;
        }
        if (loading == null) {
            addInOneTransaction();
            return false;
        }
        if (block.statements > 0) {
            hand(block);
        }
        put(END);
        awaitLoad();
        connection.bulkLoaded();
        return true;
    }

    private void awaitLoad() {
        try {
            connection.awaitBulkLoad(loading);
        } catch (SailException e) {
            throw new RepositoryException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------- the parser's side

    @Override
    public void startRDF() {
    }

    @Override
    public void endRDF() {
    }

    @Override
    public void handleNamespace(String prefix, String uri) {
        namespaces.putIfAbsent(prefix, uri); // the first binding of a prefix, as RDF4J's inserter keeps
    }

    @Override
    public void handleComment(String comment) {
    }

    @Override
    public void handleStatement(Statement statement) {
        Resource subject = scoped(statement.getSubject());
        Value object = scoped(statement.getObject());
        if (contexts.length == 0) {
            add(subject, statement.getPredicate(), object, scoped(statement.getContext()));
        } else {
            for (Resource context : contexts) {
                add(subject, statement.getPredicate(), object, context);
            }
        }
    }

    private void add(Resource subject, IRI predicate, Value object, Resource context) {
        statements++;
        try {
            Values.checkStorable(subject, predicate, object, context);
        } catch (SailException e) {
            throw refused(e.getMessage());
        }
        if (loading == null) {
            buffered.add(factory.createStatement(subject, predicate, object, context));
            if (buffered.size() >= threshold) {
                startBulkLoad();
            }
            return;
        }
        int at = block.statements * 4;
        block.terms[at] = Values.graph(context);
        block.terms[at + 1] = Values.term(subject);
        block.terms[at + 2] = Values.term(predicate);
        block.terms[at + 3] = Values.term(object);
        if (++block.statements == BLOCK_STATEMENTS) {
            hand(block);
            block = new Block();
        }
    }

    private RDFHandlerException refused(String why) {
        return new RDFHandlerException(new RepositoryException("statement " + statements + " of the stream: " + why));
    }

    private <T extends Value> T scoped(T value) {
        if (blankNodeScope == null || !(value instanceof BNode blank)) {
            return value;
        }
        @SuppressWarnings("unchecked")
        T scoped = (T) factory.createBNode(blankNodeScope + blank.getID());
        return scoped;
    }

    /** The stream is large: the bulk load starts with what was kept so far. */
    private void startBulkLoad() {
        queue = new ArrayBlockingQueue<>(QUEUED_BLOCKS);
        loading = connection.startBulkLoad(new CinnabarSailConnection.BulkTask<>() {
            @Override
            public BulkLoadResult load(BulkLoader loader, QuadStore store) throws Exception {
                return StreamLoad.this.load(loader, store);
            }

            @Override
            public void notStarted() throws InterruptedException {
                drainAfterFailure();
            }
        });
        block = new Block();
        List<Statement> kept = new ArrayList<>(buffered);
        buffered.clear();
        long counted = statements;
        statements -= kept.size();
        for (Statement statement : kept) {
            add(statement.getSubject(), statement.getPredicate(), statement.getObject(), statement.getContext());
        }
        assert statements == counted;
    }

    private void hand(Block full) {
        if (loadFailed) {
            throw new LoadFailed();
        }
        put(full);
    }

    /** Hands a block to the owner thread, which takes every block until END or ABORT, even after it failed. */
    private void put(Block next) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(next);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // a block given up on half way would leave the owner thread waiting
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** After a failure on this side: the bulk load, if any, ends without commit before the failure is thrown. */
    private void abort(Throwable failure) {
        if (loading == null) {
            return;
        }
        put(ABORT);
        try {
            awaitLoad();
        } catch (RuntimeException | Error loadFailure) {
            if (failure instanceof LoadFailed || loadFailed) {
                throw loadFailure; // the parse only stopped because the load had failed
            }
            failure.addSuppressed(loadFailure);
        }
    }

    /** A small stream: RDF4J's own path, in one transaction of this connection. */
    private void addInOneTransaction() {
        repository.begin();
        try {
            for (Statement statement : buffered) {
                repository.add(statement);
            }
            for (Map.Entry<String, String> namespace : namespaces.entrySet()) {
                if (repository.getNamespace(namespace.getKey()) == null) {
                    repository.setNamespace(namespace.getKey(), namespace.getValue());
                }
            }
            repository.commit();
        } finally {
            if (repository.isActive()) {
                repository.rollback();
            }
        }
    }

    // ------------------------------------------------------------------------------------- the owner thread's side

    /** Quads of the stream, converted; the last block of a stream may be shorter. */
    private static final class Block {
        final Term[] terms = new Term[BLOCK_STATEMENTS * 4];
        int statements;
    }

    /** Owner thread: adds every block to the loader and commits at END; returns without commit at ABORT. */
    private BulkLoadResult load(BulkLoader loader, QuadStore store) throws Exception {
        boolean ended = false;
        try {
            long added = 0;
            for (Block next = queue.take(); ; next = queue.take()) {
                if (next == END || next == ABORT) {
                    ended = true;
                    if (next == ABORT) {
                        return null; // the loader closes uncommitted: the store stays as it was
                    }
                    break;
                }
                Term[] terms = next.terms;
                for (int i = 0; i < next.statements * 4; i += 4) {
                    added++;
                    try {
                        loader.add(terms[i], terms[i + 1], terms[i + 2], terms[i + 3]);
                    } catch (IllegalArgumentException e) {
                        throw new RepositoryException("statement " + added + " of the stream: " + e.getMessage(), e);
                    }
                }
            }
            try (ReadTxn committed = store.beginRead()) { // the writer is ours: nobody changes them meanwhile
                for (Map.Entry<String, String> namespace : namespaces.entrySet()) {
                    if (committed.metadata().get(Namespaces.key(namespace.getKey())) == null) {
                        loader.putMetadata(Namespaces.key(namespace.getKey()), namespace.getValue());
                    }
                }
            }
            return loader.commit();
        } catch (IOException e) {
            throw new RepositoryException("bulk load failed; the store is as it was before it: " + e.getMessage(), e);
        } finally {
            if (!ended) {
                drainAfterFailure();
            }
        }
    }

    /** Owner thread, after its load failed: the parsing thread stops at its next block; take until it gave up. */
    private void drainAfterFailure() throws InterruptedException {
        loadFailed = true;
        for (Block next = queue.take(); next != END && next != ABORT; next = queue.take()) {
            // dropped
        }
    }

    /** Thrown into the parser when the owner thread's load failed; {@link #abort} throws that failure instead. */
    private static final class LoadFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoadFailed() {
            super("bulk load failed", null, false, false);
        }
    }
}
