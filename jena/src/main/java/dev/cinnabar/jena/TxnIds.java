package dev.cinnabar.jena;

import dev.cinnabar.quadstore.term.Term;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.JenaTransactionException;

/**
 * The dataset and transaction whose atom ids an {@link IdBinding} holds. Ids decode in that transaction while it is
 * open on its own thread; afterwards (a result copied out of the transaction, read by another thread) they decode in
 * whatever transaction the reading thread has, or a short read transaction, which is right because a read
 * transaction's or a committed write transaction's ids are committed atoms and never change. Ids of a write
 * transaction that did not commit may name other terms later, so reading them then fails.
 */
final class TxnIds {

    final StoreDatasetGraph dataset;
    final ThreadTxn txn;
    private final Thread owner;
    private final boolean write;

    TxnIds(StoreDatasetGraph dataset, ThreadTxn txn) {
        this.dataset = dataset;
        this.txn = txn;
        this.owner = Thread.currentThread();
        this.write = txn.isWrite();
    }

    /** Whether ids of {@code other} may be used as ids here: same dataset, same transaction. */
    boolean sameAs(TxnIds other) {
        return other == this || other.dataset == dataset && other.txn == txn;
    }

    Node node(long id) {
        return onOwnThread() ? dataset.nodeOf(txn, id) : dataset.read(reader -> dataset.nodeOf(reader, id));
    }

    /** The store term of {@code id}, read as {@link #node} reads it, without making a Jena node. */
    Term term(long id) {
        return onOwnThread() ? txn.reader.term(id) : dataset.read(reader -> reader.reader.term(id));
    }

    /**
     * Whether ids decode in this transaction (open, on its own thread); if not, they decode in the reading thread's
     * transaction or a short read transaction, unless they are ids of a write transaction that did not commit.
     */
    private boolean onOwnThread() {
        if (txn.isActive() && Thread.currentThread() == owner) {
            return true;
        }
        if (write && !txn.committed) {
            throw new JenaTransactionException("a query result of a write transaction that did not commit was read"
                + " after the transaction ended or from another thread: its atom ids may now name other terms;"
                + " read results inside the transaction");
        }
        return false;
    }
}
