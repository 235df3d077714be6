package dev.cinnabar.atomstore;

import java.util.Objects;

import dev.cinnabar.storage.StorageIo;

/**
 * Options of an {@link AtomStore}: an immutable value; each {@code with...} method returns a changed copy.
 * Start from {@link #defaults()}.
 */
public final class AtomStoreOptions {

    /** Default largest term: 16 MiB. */
    public static final int DEFAULT_MAX_ATOM_BYTES = 16 << 20;
    /** Default mapping chunk: 1 GiB (one mapping must stay below 2 GiB). */
    public static final int DEFAULT_CHUNK_SIZE_BYTES = 1 << 30;
    /** Default hash load factor; see ADR-005. */
    public static final double DEFAULT_HASH_LOAD_FACTOR = 0.75;

    private final long initialDataBytes;
    private final long initialHashCapacity;
    private final int chunkSizeBytes;
    private final int maxAtomBytes;
    private final double hashLoadFactor;
    private final boolean allocateOnGrowth;
    private final LockContract lockContract;
    private final StorageIo storageIo;

    private AtomStoreOptions(long initialDataBytes, long initialHashCapacity, int chunkSizeBytes, int maxAtomBytes,
        double hashLoadFactor, boolean allocateOnGrowth, LockContract lockContract, StorageIo storageIo) {
        this.initialDataBytes = initialDataBytes;
        this.initialHashCapacity = initialHashCapacity;
        this.chunkSizeBytes = chunkSizeBytes;
        this.maxAtomBytes = maxAtomBytes;
        this.hashLoadFactor = hashLoadFactor;
        this.allocateOnGrowth = allocateOnGrowth;
        this.lockContract = lockContract;
        this.storageIo = storageIo;
    }

    /** 1 MiB of data and 4096 hash slots to start with, 1 GiB chunks, 16 MiB terms, load factor 0.75. */
    public static AtomStoreOptions defaults() {
        return new AtomStoreOptions(1 << 20, 1 << 12, DEFAULT_CHUNK_SIZE_BYTES, DEFAULT_MAX_ATOM_BYTES,
            DEFAULT_HASH_LOAD_FACTOR, true, null, StorageIo.system());
    }

    /** Initial length of the data file of a new store. */
    public AtomStoreOptions withInitialDataBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("initial data bytes must not be negative: " + bytes);
        }
        return new AtomStoreOptions(bytes, initialHashCapacity, chunkSizeBytes, maxAtomBytes, hashLoadFactor,
            allocateOnGrowth, lockContract, storageIo);
    }

    /** Initial hash slots of a new store, rounded up to a power of two. */
    public AtomStoreOptions withInitialHashCapacity(long slots) {
        if (slots < 2 || slots > (1L << 40)) {
            throw new IllegalArgumentException("initial hash capacity must be in [2, 2^40]: " + slots);
        }
        long capacity = Long.highestOneBit(slots - 1) << 1;
        return new AtomStoreOptions(initialDataBytes, capacity, chunkSizeBytes, maxAtomBytes, hashLoadFactor,
            allocateOnGrowth, lockContract, storageIo);
    }

    /**
     * Bytes per mapping chunk: a power of two from 4 KiB to 1 GiB. Fixed for a store when it is created (the data
     * region's records never cross a chunk boundary); an existing store keeps its own.
     */
    public AtomStoreOptions withChunkSizeBytes(int bytes) {
        if (Integer.bitCount(bytes) != 1 || bytes < 4096 || bytes > (1 << 30)) {
            throw new IllegalArgumentException("chunk size must be a power of two in [4 KiB, 1 GiB]: " + bytes);
        }
        return new AtomStoreOptions(initialDataBytes, initialHashCapacity, bytes, maxAtomBytes, hashLoadFactor,
            allocateOnGrowth, lockContract, storageIo);
    }

    /** Largest term accepted, in bytes; must fit in one chunk with its length prefix. */
    public AtomStoreOptions withMaxAtomBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max atom bytes must not be negative: " + bytes);
        }
        return new AtomStoreOptions(initialDataBytes, initialHashCapacity, chunkSizeBytes, bytes, hashLoadFactor,
            allocateOnGrowth, lockContract, storageIo);
    }

    /** Atoms per hash slot at which the index doubles, in [0.1, 0.95]. */
    public AtomStoreOptions withHashLoadFactor(double loadFactor) {
        if (!(loadFactor >= 0.1 && loadFactor <= 0.95)) {
            throw new IllegalArgumentException("hash load factor must be in [0.1, 0.95]: " + loadFactor);
        }
        return new AtomStoreOptions(initialDataBytes, initialHashCapacity, chunkSizeBytes, maxAtomBytes, loadFactor,
            allocateOnGrowth, lockContract, storageIo);
    }

    /**
     * Whether growth writes zeros into new file space (default) so that a full disk is reported as an
     * {@link java.io.IOException} when a file grows. {@code false} grows files sparsely: faster, but a full disk
     * may then surface as a fault on a mapped page.
     */
    public AtomStoreOptions withAllocateOnGrowth(boolean allocate) {
        return new AtomStoreOptions(initialDataBytes, initialHashCapacity, chunkSizeBytes, maxAtomBytes,
            hashLoadFactor, allocate, lockContract, storageIo);
    }

    /**
     * Makes the store part of an owner that holds the lock: the store then takes no lock itself and only asserts
     * the owner's {@link LockContract}. Without this (the default) the store owns a read/write lock and takes it in
     * every public method.
     */
    public AtomStoreOptions withLockContract(LockContract contract) {
        return new AtomStoreOptions(initialDataBytes, initialHashCapacity, chunkSizeBytes, maxAtomBytes,
            hashLoadFactor, allocateOnGrowth, Objects.requireNonNull(contract, "contract"), storageIo);
    }

    /** The I/O layer every file operation goes through (tests inject faults or record operations here). */
    public AtomStoreOptions withStorageIo(StorageIo io) {
        return new AtomStoreOptions(initialDataBytes, initialHashCapacity, chunkSizeBytes, maxAtomBytes,
            hashLoadFactor, allocateOnGrowth, lockContract, Objects.requireNonNull(io, "io"));
    }

    public long initialDataBytes() {
        return initialDataBytes;
    }

    public long initialHashCapacity() {
        return initialHashCapacity;
    }

    public int chunkSizeBytes() {
        return chunkSizeBytes;
    }

    public int maxAtomBytes() {
        return maxAtomBytes;
    }

    public double hashLoadFactor() {
        return hashLoadFactor;
    }

    public boolean allocateOnGrowth() {
        return allocateOnGrowth;
    }

    /** The owner's lock contract, or {@code null} when the store owns its lock. */
    public LockContract lockContract() {
        return lockContract;
    }

    public StorageIo storageIo() {
        return storageIo;
    }

    @Override
    public String toString() {
        return "AtomStoreOptions[initialDataBytes=" + initialDataBytes + ", initialHashCapacity=" + initialHashCapacity
            + ", chunkSizeBytes=" + chunkSizeBytes + ", maxAtomBytes=" + maxAtomBytes + ", hashLoadFactor="
            + hashLoadFactor + ", allocateOnGrowth=" + allocateOnGrowth + ", ownerLock=" + (lockContract != null)
            + "]";
    }
}
