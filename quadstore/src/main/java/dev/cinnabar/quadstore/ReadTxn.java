package dev.cinnabar.quadstore;

/**
 * A read transaction: a snapshot of the store as of the last commit before {@link QuadStore#beginRead()}. It never
 * waits for the writer and the writer never waits for it: it pins that commit's segments and memtable until
 * {@link #close()}, and sees exactly that state while later commits, checkpoints and compactions go on. Its streams
 * and cursors are valid only until closed. Used by the thread that began it. Close it: an open one keeps the files
 * of its commit on disk (see {@link QuadStoreStats#segmentsKeptForSnapshots()}).
 */
public final class ReadTxn extends TxnReads {

    private final QuadStore store;
    private final long beganNanos = System.nanoTime();
    private final Thread owner = Thread.currentThread();

    ReadTxn(QuadStore store, TxnView view) {
        super(view);
        this.store = store;
    }

    long beganNanos() {
        return beganNanos;
    }

    Thread owner() {
        return owner;
    }

    /** Ends the transaction and releases its snapshot. Closing again does nothing. */
    @Override
    public void close() {
        if (view.isOpen()) {
            view.markClosed();
            store.endRead(this, view);
        }
    }
}
