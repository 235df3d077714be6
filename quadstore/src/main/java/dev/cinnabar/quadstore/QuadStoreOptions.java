package dev.cinnabar.quadstore;

import java.util.Objects;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.storage.StorageIo;

/**
 * How a {@link QuadStore} is opened: memory bounds, file sizes and compaction. Immutable; each {@code with} method
 * returns a changed copy. {@link #defaults()} suits stores of up to billions of quads in a heap of 512 MiB.
 */
public final class QuadStoreOptions {

    /** Committed changes held in heap (about 200 bytes each) before a checkpoint writes them into a segment. */
    public static final int DEFAULT_MEMTABLE_MAX_QUADS = 1 << 18;
    /** A write transaction's changes held in heap before they spill to a segment file. */
    public static final int DEFAULT_TXN_BUFFER_MAX_QUADS = 1 << 19;
    /** A commit log file this large is folded into a segment at the next commit. */
    public static final long DEFAULT_LOG_MAX_BYTES = 64L << 20;
    /** Background compaction starts when there are more segments than this. */
    public static final int DEFAULT_COMPACTION_TRIGGER_SEGMENTS = 8;
    public static final int DEFAULT_BLOCK_BYTES = 4096;

    private final AtomStoreOptions atomStoreOptions;
    private final int memtableMaxQuads;
    private final int txnBufferMaxQuads;
    private final long logMaxBytes;
    private final boolean autoCompaction;
    private final int compactionTriggerSegments;
    private final int blockBytes;

    private QuadStoreOptions(AtomStoreOptions atomStoreOptions, int memtableMaxQuads, int txnBufferMaxQuads,
        long logMaxBytes, boolean autoCompaction, int compactionTriggerSegments, int blockBytes) {
        this.atomStoreOptions = atomStoreOptions;
        this.memtableMaxQuads = memtableMaxQuads;
        this.txnBufferMaxQuads = txnBufferMaxQuads;
        this.logMaxBytes = logMaxBytes;
        this.autoCompaction = autoCompaction;
        this.compactionTriggerSegments = compactionTriggerSegments;
        this.blockBytes = blockBytes;
    }

    public static QuadStoreOptions defaults() {
        return new QuadStoreOptions(AtomStoreOptions.defaults(), DEFAULT_MEMTABLE_MAX_QUADS,
            DEFAULT_TXN_BUFFER_MAX_QUADS, DEFAULT_LOG_MAX_BYTES, true, DEFAULT_COMPACTION_TRIGGER_SEGMENTS,
            DEFAULT_BLOCK_BYTES);
    }

    /** Options of the store's atom store (its lock contract and storage I/O are set by the quad store). */
    public QuadStoreOptions withAtomStoreOptions(AtomStoreOptions options) {
        return new QuadStoreOptions(Objects.requireNonNull(options), memtableMaxQuads, txnBufferMaxQuads,
            logMaxBytes, autoCompaction, compactionTriggerSegments, blockBytes);
    }

    public QuadStoreOptions withMemtableMaxQuads(int quads) {
        requirePositive(quads, "memtable max quads");
        return new QuadStoreOptions(atomStoreOptions, quads, txnBufferMaxQuads, logMaxBytes, autoCompaction,
            compactionTriggerSegments, blockBytes);
    }

    public QuadStoreOptions withTxnBufferMaxQuads(int quads) {
        requirePositive(quads, "transaction buffer max quads");
        return new QuadStoreOptions(atomStoreOptions, memtableMaxQuads, quads, logMaxBytes, autoCompaction,
            compactionTriggerSegments, blockBytes);
    }

    public QuadStoreOptions withLogMaxBytes(long bytes) {
        requirePositive(bytes, "log max bytes");
        return new QuadStoreOptions(atomStoreOptions, memtableMaxQuads, txnBufferMaxQuads, bytes, autoCompaction,
            compactionTriggerSegments, blockBytes);
    }

    /** Whether segments are merged in a background thread; without it only {@link QuadStore#compact()} merges. */
    public QuadStoreOptions withAutoCompaction(boolean enabled) {
        return new QuadStoreOptions(atomStoreOptions, memtableMaxQuads, txnBufferMaxQuads, logMaxBytes, enabled,
            compactionTriggerSegments, blockBytes);
    }

    public QuadStoreOptions withCompactionTriggerSegments(int segments) {
        if (segments < 2) {
            throw new IllegalArgumentException("compaction trigger must be at least 2 segments, not " + segments);
        }
        return new QuadStoreOptions(atomStoreOptions, memtableMaxQuads, txnBufferMaxQuads, logMaxBytes,
            autoCompaction, segments, blockBytes);
    }

    /** Target size of a segment's compressed blocks (smaller: faster point reads; larger: denser). */
    public QuadStoreOptions withBlockBytes(int bytes) {
        if (bytes < 256 || bytes > (1 << 16)) {
            throw new IllegalArgumentException("block size must be 256 bytes .. 64 KiB, not " + bytes);
        }
        return new QuadStoreOptions(atomStoreOptions, memtableMaxQuads, txnBufferMaxQuads, logMaxBytes,
            autoCompaction, compactionTriggerSegments, bytes);
    }

    /** The I/O layer of every file of the store (tests inject faults and record writes through it). */
    public QuadStoreOptions withStorageIo(StorageIo io) {
        return withAtomStoreOptions(atomStoreOptions.withStorageIo(Objects.requireNonNull(io)));
    }

    public AtomStoreOptions atomStoreOptions() {
        return atomStoreOptions;
    }

    public StorageIo storageIo() {
        return atomStoreOptions.storageIo();
    }

    public int memtableMaxQuads() {
        return memtableMaxQuads;
    }

    public int txnBufferMaxQuads() {
        return txnBufferMaxQuads;
    }

    public long logMaxBytes() {
        return logMaxBytes;
    }

    public boolean autoCompaction() {
        return autoCompaction;
    }

    public int compactionTriggerSegments() {
        return compactionTriggerSegments;
    }

    public int blockBytes() {
        return blockBytes;
    }

    private static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
