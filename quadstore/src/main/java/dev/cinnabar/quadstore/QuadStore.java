package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.atomstore.LockContract;
import dev.cinnabar.quadstore.index.BlockCachePool;
import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MemoryIndex;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * An embedded, transactional, crash-safe RDF quad store: terms interned in an {@link AtomStore}, quads in six
 * sorted, compressed indexes (SPOG, POSG, OSPG, GSPO, GPOS, GOSP), so every one of the 16 quad patterns is a prefix
 * scan.
 *
 * <p>Storage is a log-structured merge of immutable segment files ({@code quads-<n>.seg}), a heap memtable of the
 * commits since the last checkpoint, and a commit log ({@code quads-<n>.wal}) that makes those commits durable.
 * {@code quads.manifest} names the segments and the log to replay; it is the store's commit point together with
 * the log. See docs/adr/007 to 009.
 *
 * <p>Concurrency (docs/adr/014): snapshot isolation. A {@link ReadTxn} pins the last commit (a reference-counted
 * {@link Snapshot}) and reads exactly it until closed, without waiting for the writer; one {@link WriteTxn} at a
 * time holds the writer lock and commits without waiting for readers. The {@link ReentrantReadWriteLock} guards only
 * the atom store: the writer takes its write lock for each intern (growth, remap, publication), readers its read
 * lock around each access to mapped atom bytes. A segment is unmapped and, once compacted away, deleted only when
 * the last snapshot listing it is released. One process opens a store at a time.
 *
 * <p>This class is the API and the lifecycle (open, close); the parts live beside it: {@code StoreRecovery} (open at
 * the last commit), {@code Snapshots} (publication and lifetimes), {@code Commits} (the writer's manifest, log and
 * checkpoints), {@code Compaction} (merges), {@code StoreFiles} (file names, segment writing, safe deletion).
 */
public final class QuadStore implements AutoCloseable {

    /** In id patterns: any term. */
    public static final long ANY = 0;
    /** The id of a term the store does not hold; as a pattern id it matches nothing. */
    public static final long NO_ID = -1;

    static final String SEGMENT_SUFFIX = StoreFiles.SEGMENT_SUFFIX;

    private final Path directory;
    private final QuadStoreOptions options;
    /** Guards the atom store: write lock for its mutations and remaps, read lock for reads of mapped atom bytes. */
    private final ReentrantReadWriteLock lock;
    /** The one writer: held by an open WriteTxn, a bulk load, a checkpoint, a compaction's swap, close. */
    private final ReentrantLock writerLock;
    private final AtomStore atoms;
    private final TermIds termIds;
    private final StoreFiles files;
    private final Snapshots snapshots;
    /** Verified block copies that outlive transactions: each transaction borrows one cache (ADR-007). */
    private final BlockCachePool blockCaches = new BlockCachePool();
    /** The writer's state (manifest, log): under the writer lock only. */
    private final Commits commits;
    private final Compaction compaction;
    private volatile boolean closing;
    private volatile boolean closed;

    private QuadStore(Path directory, QuadStoreOptions options, ReentrantReadWriteLock lock, ReentrantLock writerLock,
        AtomStore atoms) {
        this.directory = directory;
        this.options = options;
        this.lock = lock;
        this.writerLock = writerLock;
        this.atoms = atoms;
        this.termIds = new TermIds(atoms, lock);
        this.files = new StoreFiles(directory, options.storageIo(), options.blockBytes());
        this.snapshots = new Snapshots(files, termIds, writerLock, blockCaches);
        this.commits = new Commits(files, snapshots, atoms, termIds, options, this::checkpointed);
        this.compaction = new Compaction(this, files, snapshots, commits, writerLock, options);
    }

    /** Opens the store in {@code directory}, creating it if absent, with default options. */
    public static QuadStore open(Path directory) throws IOException {
        return open(directory, QuadStoreOptions.defaults());
    }

    /**
     * Opens the store in {@code directory}, creating it if absent, and recovers it to exactly its last commit.
     *
     * @throws dev.cinnabar.storage.StoreLockedException if another process (or this one) has it open
     * @throws CorruptStoreException if a file is damaged, naming the file
     */
    public static QuadStore open(Path directory, QuadStoreOptions options) throws IOException {
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        ReentrantLock writerLock = new ReentrantLock(true);
        AtomStore atoms = AtomStore.open(directory,
            options.atomStoreOptions().withLockContract(LockContract.of(lock, writerLock)));
        QuadStore store = new QuadStore(directory, options, lock, writerLock, atoms);
        writerLock.lock();
        lock.writeLock().lock();
        try {
            StoreRecovery.recover(store.files, atoms, store.termIds, store.snapshots, store.commits);
            return store;
        } catch (IOException | RuntimeException | Error e) {
            store.closeAfterFailedOpen(e);
            throw e;
        } finally {
            lock.writeLock().unlock();
            writerLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ transactions

    /**
     * Begins the write transaction, waiting for another writer to finish (never for readers). The calling thread may
     * hold {@link ReadTxn}s: they keep their snapshots.
     *
     * @throws IllegalStateException if this thread already has an open WriteTxn or the store is closed
     */
    public WriteTxn beginWrite() {
        checkNotWriter("beginWrite");
        writerLock.lock();
        return startWrite();
    }

    /**
     * {@link #beginWrite()}, waiting at most {@code timeout} for another writer.
     *
     * @throws WriterBusyException if another writer still holds the store after {@code timeout}
     */
    public WriteTxn beginWrite(Duration timeout) throws InterruptedException {
        checkNotWriter("beginWrite");
        if (!writerLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new WriterBusyException("no write transaction on " + directory + " within " + timeout
                + ": another write transaction, bulk load or checkpoint held the store's writer lock all that time");
        }
        return startWrite();
    }

    private WriteTxn startWrite() {
        try {
            checkOpen();
            files.checkWritable();
            Snapshot base = snapshots.pin(this::checkOpen);
            return new WriteTxn(this, new TxnView(this, "WriteTxn", base, new MemoryIndex(), true));
        } catch (RuntimeException e) {
            writerLock.unlock();
            throw e;
        }
    }

    private void checkNotWriter(String what) {
        if (writerLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already has an open WriteTxn (or bulk load) on " + directory
                + ": " + what + " would deadlock or publish half a transaction; commit or close it first");
        }
    }

    /**
     * Begins a read transaction of the last commit: it pins that commit's snapshot, never waits for the writer, and
     * sees exactly that state until closed.
     */
    public ReadTxn beginRead() {
        Snapshot snapshot = snapshots.pin(this::checkOpen);
        ReadTxn txn = new ReadTxn(this, new TxnView(this, "ReadTxn", snapshot, null, false));
        snapshots.opened(txn);
        if (closed) { // close() may have looked at the open reads before this one: back out
            txn.close();
            checkOpen();
        }
        return txn;
    }

    /**
     * Ends a read transaction that is marked closed: releases its snapshot (closing segments nobody lists any more),
     * then gives its block cache back, pruned of those, before a closing store may stop waiting for it.
     */
    void endRead(ReadTxn txn, TxnView view) {
        try {
            view.snapshot().release();
            view.returnBlocks();
        } finally {
            snapshots.closed(txn, closing);
        }
    }

    /** {@link #endRead} for the write transaction, which also releases the writer lock. */
    void endWrite(TxnView view) {
        try {
            view.snapshot().release();
            view.returnBlocks();
        } finally {
            writerLock.unlock();
        }
    }

    /** The pool that transactions borrow their block caches from. */
    BlockCachePool blockCaches() {
        return blockCaches;
    }

    /** Whether the current thread is the writer (debug-build assertions). */
    boolean holdsWriterLock() {
        return writerLock.isHeldByCurrentThread();
    }

    TermIds termIds() {
        return termIds;
    }

    QuadStoreOptions options() {
        return options;
    }

    /** Writes a transaction's buffer to a new segment file, which it then reads as one of its sources. */
    void spill(TxnView txn) throws IOException {
        assert holdsWriterLock();
        commits.spill(txn);
    }

    /** Commits {@code txn}: see {@link WriteTxn#commit()}. Under the writer lock; readers go on meanwhile. */
    void commit(TxnView txn) throws IOException {
        assert holdsWriterLock();
        checkOpen();
        files.checkWritable();
        commits.commit(txn);
    }

    /** Rolls back {@code txn}: its spilled segments and the atoms it interned go. Under the writer lock. */
    void rollback(TxnView txn) throws IOException {
        assert holdsWriterLock();
        boolean discarded = !txn.spills.isEmpty();
        for (Segment spill : txn.spills) {
            files.discard(spill);
        }
        txn.spills.clear();
        if (discarded) {
            blockCaches.segmentsClosed(); // the transaction's own cache forgets them when it is given back
        }
        rollbackUncommittedAtoms();
    }

    /** Forgets the atoms interned since the last commit. The writer; takes the atom write lock. */
    void rollbackUncommittedAtoms() {
        assert holdsWriterLock();
        lock.writeLock().lock();
        try {
            if (!closed) {
                atoms.rollback();
                termIds.forgetUncommitted();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A checkpoint may leave enough segments for a background merge. */
    private void checkpointed() {
        if (!closing) {
            compaction.scheduleIfNeeded();
        }
    }

    /**
     * Folds the commits held in heap and in the commit log into a segment now, rather than when the memtable or log
     * fills: afterwards every committed quad is in the compressed indexes and the next open replays nothing. Waits
     * for an open write transaction; open snapshots are not disturbed.
     */
    public void checkpoint() throws IOException {
        checkNotWriter("checkpoint()");
        writerLock.lock();
        try {
            checkOpen();
            files.checkWritable();
            commits.checkpointMemtable();
        } finally {
            writerLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ bulk load

    /**
     * Loads N-Triples and N-Quads files ({@code .nt}, {@code .nq}, optionally {@code .gz}) by the fastest path:
     * parse, intern, sort and write index segments directly, then one commit. Nothing is visible until that commit;
     * if the load fails (bad input in strict mode, I/O) or the process dies, the store is exactly as before and
     * leftovers are removed (now, or by the next open). Blank node labels are scoped to one file of one load.
     * Holds the writer lock throughout, like a {@link WriteTxn}; readers go on reading the last commit. Uses three
     * threads (parse, intern, sort). For other syntaxes, or quads from elsewhere, see {@link #bulkLoader}.
     *
     * @throws dev.cinnabar.quadstore.io.RdfSyntaxException on bad input in strict mode, naming file, line, column
     */
    public BulkLoadResult bulkLoad(List<Path> files, BulkLoadOptions options) throws IOException {
        try (BulkLoader loader = bulkLoader(options)) {
            loader.load(files);
            return loader.commit();
        }
    }

    /**
     * Begins a bulk load that the caller feeds: quads as terms ({@link BulkLoader#add}, for example from another
     * parser) and N-Triples or N-Quads files ({@link BulkLoader#load}), in any mix, all committed at once by
     * {@link BulkLoader#commit()} or not at all. The loader holds the writer lock, waiting for another writer first,
     * until it commits or closes; it belongs to the calling thread, like a {@link WriteTxn}.
     *
     * @throws IllegalStateException if this thread already has an open WriteTxn or bulk loader, or the store is
     *                               closed
     */
    public BulkLoader bulkLoader(BulkLoadOptions options) {
        checkNotWriter("bulkLoader");
        writerLock.lock();
        return startBulkLoad(options);
    }

    /**
     * {@link #bulkLoader(BulkLoadOptions)}, waiting at most {@code timeout} for another writer: for adapters whose
     * write transactions wait no longer than that either.
     *
     * @throws WriterBusyException if another writer still holds the store after {@code timeout}
     */
    public BulkLoader bulkLoader(BulkLoadOptions options, Duration timeout) throws InterruptedException {
        checkNotWriter("bulkLoader");
        if (!writerLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new WriterBusyException("no bulk load on " + directory + " within " + timeout
                + ": another write transaction, bulk load or checkpoint held the store's writer lock all that time");
        }
        return startBulkLoad(options);
    }

    private BulkLoader startBulkLoad(BulkLoadOptions options) {
        try {
            checkOpen();
            this.files.checkWritable();
            return new BulkLoader(this, new BulkLoad(this, atoms, commits.defaultGraphId(), options));
        } catch (RuntimeException | Error e) {
            writerLock.unlock();
            throw e;
        }
    }

    /** Releases the writer lock of a bulk loader that committed or closed. */
    void endBulkLoad() {
        writerLock.unlock();
    }

    /** The metadata of the last commit, which a load's changes apply to. Under the writer lock. */
    SortedMap<String, String> metadataForLoad() {
        return snapshots.current().metadata;
    }

    /** Of a load's metadata {@code puts}, those that change the last commit's metadata. Under the writer lock. */
    SortedMap<String, String> metadataChangesForLoad(SortedMap<String, String> puts) {
        SortedMap<String, String> base = metadataForLoad();
        SortedMap<String, String> changes = new java.util.TreeMap<>();
        puts.forEach((key, value) -> {
            if (!value.equals(base.get(key))) {
                changes.put(key, value);
            }
        });
        return changes;
    }

    long quadCountForLoad() {
        return snapshots.current().quadCount;
    }

    /** The bulk loader's interns take the atom write lock, one term at a time. */
    ReentrantReadWriteLock atomLock() {
        return lock;
    }

    CommittedProbe committedProbe() {
        return new CommittedProbe(snapshots.current());
    }

    /** Writes a new, uncommitted segment file from {@code source}. Any thread; the file is named uniquely. */
    Segment newSegment(StoreFiles.SegmentSource source) throws IOException {
        return files.writeSegment(source);
    }

    /**
     * Commits {@code loaded} (forced, uncommitted; null if the load added no quads) as the newest segment, with its
     * atoms and metadata changes. Under the writer lock.
     */
    void commitLoadedSegment(Segment loaded, long quadsAdded, SortedMap<String, String> metadataChanges)
        throws IOException {
        assert holdsWriterLock();
        commits.commitLoadedSegment(loaded, quadsAdded, metadataChanges);
    }

    /** Closes and deletes a segment no manifest names. */
    void discardSegment(Segment segment) {
        files.discard(segment);
    }

    // ------------------------------------------------------------------------------------------------ compaction

    /**
     * Merges every segment into one, after folding the memtable in, and drops removed quads for good: the space
     * of deleted quads is reclaimed. Readers are never blocked: open snapshots keep reading the segments they pinned,
     * which are deleted when the last of them closes. The writer lock is taken to fold the memtable and, briefly, to
     * swap the result in. Waits for a background compaction first.
     */
    public void compact() throws IOException {
        checkNotWriter("compact()");
        compaction.compactAll();
    }

    // ------------------------------------------------------------------------------------------------ stats, close

    /** Sizes as of the last commit, and the open snapshots. Never waits for the writer. */
    public QuadStoreStats stats() throws IOException {
        Snapshot snapshot = snapshots.pin(this::checkOpen);
        try {
            Map<String, Long> bytes = new LinkedHashMap<>();
            for (String atomFile : List.of("atoms.data", "atoms.offsets", "atoms.hash", "atoms.manifest")) {
                Path file = directory.resolve(atomFile);
                bytes.put(atomFile, Files.exists(file) ? Files.size(file) : 0L);
            }
            long segmentBytes = 0;
            long[] orderBytes = new long[IndexOrder.values().length];
            for (Segment segment : snapshot.segments) {
                segmentBytes += segment.fileBytes();
                for (IndexOrder order : IndexOrder.values()) {
                    orderBytes[order.ordinal()] += segment.orderBytes(order);
                }
            }
            bytes.put("segments", segmentBytes);
            for (IndexOrder order : IndexOrder.values()) {
                bytes.put("index." + order, orderBytes[order.ordinal()]);
            }
            long logBytes = 0;
            for (Path file : CommitLog.files(directory)) {
                try {
                    logBytes += Files.size(file);
                } catch (NoSuchFileException e) {
                    // deleted by a checkpoint meanwhile
                }
            }
            bytes.put("log", logBytes);
            bytes.put(StoreManifest.FILE_NAME, Files.size(files.manifestPath()));
            return new QuadStoreStats(snapshot.quadCount, snapshot.atomCount, snapshot.statistics.graphCount(),
                snapshot.segments.size(), snapshot.memtable.size(), bytes, snapshots.openReadCount(),
                snapshots.oldestReadMillis(), snapshots.liveCount(), snapshots.retiredCount(),
                snapshots.retiredBytes());
        } finally {
            snapshot.release();
        }
    }

    /**
     * Checks the whole store: the atom store's checksums, records and index; every segment block's checksum; every
     * atom decoding as a term; the six indexes agreeing (same quads, as many as the store counts, every id an
     * atom of a kind allowed at its position); and the statistics (ADR-017) equal to a recount. Holds the writer lock (a write waits; readers do not), since the atom
     * store's committed state must not move under its check. Returns what was checked, a line each.
     *
     * @throws CorruptStoreException listing every problem found
     */
    public List<String> verify() throws IOException {
        checkNotWriter("verify()");
        writerLock.lock();
        try {
            checkOpen();
            Snapshot snapshot = snapshots.pin(this::checkOpen);
            long typeId = snapshot.statistics.typeId() != 0 ? snapshot.statistics.typeId() : termIds.rdfTypeId();
            lock.readLock().lock();
            try {
                return new StoreVerifier(atoms, snapshot.memtable, snapshot.segments, snapshot.quadCount,
                    snapshot.statistics, typeId).run();
            } finally {
                lock.readLock().unlock();
                snapshot.release();
            }
        } finally {
            writerLock.unlock();
        }
    }

    /** The store's directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Closes the store: stops background compaction (an unfinished merge is discarded), waits for an open write
     * transaction and for the read transactions of other threads, and releases the files and the directory lock.
     * Commits are already durable; closing adds nothing to them. Closing again does nothing.
     */
    @Override
    public void close() throws IOException {
        checkNotWriter("close()");
        if (snapshots.hasReadOf(Thread.currentThread())) {
            throw new IllegalStateException("this thread has an open ReadTxn on " + directory
                + ": close it before the store");
        }
        closing = true;
        compaction.stop();
        writerLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            snapshots.awaitReadsClosed();
            IOException failure = null;
            try {
                commits.close();
            } catch (IOException e) {
                failure = e;
            }
            snapshots.releaseCurrent(); // no reader left: every segment is closed now
            blockCaches.clear();
            lock.writeLock().lock();
            try {
                atoms.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                lock.writeLock().unlock();
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            writerLock.unlock();
        }
    }

    private void closeAfterFailedOpen(Throwable cause) {
        closed = true;
        closing = true;
        compaction.stopNow();
        snapshots.releaseCurrent();
        try {
            atoms.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("quad store " + directory + " is closed");
        }
    }

    @Override
    public String toString() {
        return "QuadStore[" + directory + "]";
    }
}
