package dev.cinnabar.rdf4j;

import java.io.IOException;
import java.util.ArrayList;

import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.sail.SailException;
import org.eclipse.rdf4j.sail.base.SailSink;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.WriteTxn;

/**
 * Writes one RDF4J flush into one {@link WriteTxn}: begun at the first change, committed by {@link #flush()}, so the
 * quads and namespaces of a flush commit atomically or not at all. RDF4J's branch above this sink already holds the
 * transaction's changes and checks SERIALIZABLE observations; here {@link #observe} has nothing left to record.
 */
final class CinnabarSink implements SailSink {

    private final QuadStore store;
    private WriteTxn txn;

    CinnabarSink(QuadStore store) {
        this.store = store;
    }

    /**
     * The write transaction, begun at the first change. The wait for the single writer is not interruptible on
     * purpose: RDF4J may run this flush on whichever thread closes the sail's last open dataset (ADR-019), such as
     * an interrupted query thread, and when a flush fails RDF4J drops the changes it carries, which connections have
     * already committed.
     */
    private WriteTxn txn() {
        if (txn == null) {
            txn = store.beginWrite();
        }
        return txn;
    }

    @Override
    public void prepare() {
        // Nothing to check: conflicts are RDF4J's branch's to find, and the writer lock is taken at the first change.
    }

    @Override
    public void flush() {
        if (txn != null) {
            WriteTxn committing = txn;
            txn = null;
            try {
                committing.commit();
            } catch (IOException e) {
                throw new SailException("commit failed; the store is as before the transaction", e);
            }
        }
    }

    @Override
    public void close() {
        if (txn != null) {
            WriteTxn rollingBack = txn;
            txn = null;
            rollingBack.close();
        }
    }

    @Override
    public void setNamespace(String prefix, String name) {
        txn().putMetadata(Namespaces.key(prefix), name);
    }

    @Override
    public void removeNamespace(String prefix) {
        txn().removeMetadata(Namespaces.key(prefix));
    }

    @Override
    public void clearNamespaces() {
        WriteTxn write = txn();
        for (String key : new ArrayList<>(Namespaces.entries(write.metadata()).keySet())) {
            write.removeMetadata(key);
        }
    }

    @Override
    public void clear(Resource... contexts) {
        try {
            if (contexts == null || contexts.length == 0) {
                txn().removeAll(null, null, null, null);
            } else {
                for (Resource context : contexts) {
                    txn().removeAll(Values.graph(context), null, null, null);
                }
            }
        } catch (IOException e) {
            throw new SailException(e);
        }
    }

    @Override
    public void observe(Resource subj, IRI pred, Value obj, Resource... contexts) {
        // SERIALIZABLE is checked by the SailSourceBranch that feeds this sink (see the class comment).
    }

    @Override
    public void approve(Resource subj, IRI pred, Value obj, Resource ctx) {
        try {
            txn().add(Values.graph(ctx), Values.term(subj), Values.term(pred), Values.term(obj));
        } catch (IOException e) {
            throw new SailException(e);
        }
    }

    @Override
    public void deprecate(Statement statement) {
        try {
            txn().remove(Values.graph(statement.getContext()), Values.term(statement.getSubject()),
                Values.term(statement.getPredicate()), Values.term(statement.getObject()));
        } catch (IOException e) {
            throw new SailException(e);
        }
    }
}
