package dev.cinnabar.quadstore;

/**
 * A read transaction: the store as of the last commit before {@link QuadStore#beginRead()}. It holds the store's
 * read lock until {@link #close()}, so writers wait for it and other readers do not; its streams and cursors are
 * valid only until then. Used by the thread that began it.
 */
public final class ReadTxn extends TxnReads {

    private final QuadStore store;

    ReadTxn(QuadStore store, TxnView view) {
        super(view);
        this.store = store;
    }

    /** Ends the transaction and releases the read lock. Closing again does nothing. */
    @Override
    public void close() {
        if (view.isOpen()) {
            view.markClosed();
            store.endRead();
        }
    }
}
