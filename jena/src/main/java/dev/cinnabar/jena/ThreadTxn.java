package dev.cinnabar.jena;

import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.WriteTxn;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;

/** One thread's Jena transaction over the store: its type, current mode and the store transaction behind it. */
final class ThreadTxn {

    /** Ids a write transaction met that may not be committed yet; merged into the shared cache on commit. */
    private static final int WRITE_CACHE_SLOTS = 4096;

    final TxnType type;
    ReadWrite mode;
    /** The store transaction: a ReadTxn, or {@link #write} once in WRITE mode; null once finished. */
    QuadReader reader;
    WriteTxn write;
    /** The commit the transaction started from, for READ_PROMOTE's check. */
    long beginSequence;
    /** A write transaction whose commit succeeded: its atom ids can no longer be taken back. */
    boolean committed;
    /** Committed or aborted: only end() is left. */
    boolean finished;
    private NodeIdCache writeCache;
    private java.util.Map<java.util.List<Long>, dev.cinnabar.quadstore.PatternEstimate> estimates;

    ThreadTxn(TxnType type, ReadWrite mode, QuadReader reader) {
        this.type = type;
        this.mode = mode;
        this.reader = reader;
        if (reader instanceof WriteTxn) {
            this.write = (WriteTxn) reader;
        }
    }

    boolean isActive() {
        return !finished;
    }

    boolean isWrite() {
        return write != null;
    }

    /** The cache for ids seen in this write transaction (created on first use). */
    NodeIdCache writeCache() {
        if (writeCache == null) {
            writeCache = new NodeIdCache(WRITE_CACHE_SLOTS);
        }
        return writeCache;
    }

    /** Pattern estimates of this transaction's query planning ({@link JoinOrder}), created on first use. */
    java.util.Map<java.util.List<Long>, dev.cinnabar.quadstore.PatternEstimate> estimates() {
        if (estimates == null) {
            estimates = JoinOrder.boundedCache();
        }
        return estimates;
    }

    /** The write cache if any entries were put, else null. */
    NodeIdCache writeCacheIfUsed() {
        return writeCache;
    }
}
