package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.atomstore.LockContract;
import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MemoryIndex;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.MergeCursor;
import dev.cinnabar.quadstore.index.Probe;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.quadstore.index.SegmentWriter;
import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.DurableFile;
import dev.cinnabar.storage.NotDurableException;
import dev.cinnabar.storage.StorageIo;

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
 */
public final class QuadStore implements AutoCloseable, Snapshot.SegmentOwner {

    /** In id patterns: any term. */
    public static final long ANY = 0;
    /** The id of a term the store does not hold; as a pattern id it matches nothing. */
    public static final long NO_ID = -1;

    static final String SEGMENT_PREFIX = "quads-";
    static final String SEGMENT_SUFFIX = ".seg";

    private final Path directory;
    private final QuadStoreOptions options;
    private final StorageIo io;
    /** Guards the atom store: write lock for its mutations and remaps, read lock for reads of mapped atom bytes. */
    private final ReentrantReadWriteLock lock;
    /** The one writer: held by an open WriteTxn, a bulk load, a checkpoint, a compaction's swap, close. */
    private final ReentrantLock writerLock;
    private final AtomStore atoms;
    private final TermIds termIds;
    private final Path manifestPath;
    private final AtomicLong nextSegmentNumber = new AtomicLong();
    private final ReentrantLock compactionLock = new ReentrantLock();
    private final ExecutorService compactor;

    /**
     * The last commit, as readers see it: replaced by the writer (under the writer lock) only after what it
     * describes is durable, by one volatile store; readers pin it with {@link Snapshot#tryRetain()}.
     */
    private volatile Snapshot current;
    /** Segments a durable manifest no longer names, still listed by a pinned snapshot: deleted at its release. */
    private final Set<Segment> retired = ConcurrentHashMap.newKeySet();
    private final Set<ReadTxn> openReads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveSnapshots = new AtomicInteger();
    // Writer state: under the writer lock only.
    private StoreManifest manifest;
    private long nextLogNumber;
    /** The log new commits go to; null until the first commit after open, a checkpoint or a failed append. */
    private CommitLog.Writer log;
    /**
     * Set when a manifest was renamed into place, its directory force failed and the old one could not be put back:
     * the durable state is then the old or the new manifest, so nothing either names may be deleted, and writes are
     * refused until the store is reopened (recovery then settles on whichever manifest survived).
     */
    private volatile IOException undecidedManifest;
    private volatile boolean compactionQueued;
    private volatile IOException compactionFailure;
    private volatile boolean closing;
    private volatile boolean closed;

    private QuadStore(Path directory, QuadStoreOptions options, ReentrantReadWriteLock lock, ReentrantLock writerLock,
        AtomStore atoms) {
        this.directory = directory;
        this.options = options;
        this.io = options.storageIo();
        this.lock = lock;
        this.writerLock = writerLock;
        this.atoms = atoms;
        this.termIds = new TermIds(atoms, lock);
        this.manifestPath = directory.resolve(StoreManifest.FILE_NAME);
        this.compactor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "cinnabar-compaction " + directory);
            thread.setDaemon(true);
            return thread;
        });
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
            options.atomStoreOptions().withLockContract(contract(lock, writerLock)));
        QuadStore store = new QuadStore(directory, options, lock, writerLock, atoms);
        writerLock.lock();
        lock.writeLock().lock();
        try {
            store.recover();
            return store;
        } catch (IOException | RuntimeException | Error e) {
            store.closeAfterFailedOpen(e);
            throw e;
        } finally {
            lock.writeLock().unlock();
            writerLock.unlock();
        }
    }

    /** The atom store's lock contract: the read/write lock, and the writer lock as the right to commit atoms. */
    private static LockContract contract(ReentrantReadWriteLock lock, ReentrantLock writerLock) {
        LockContract rw = LockContract.of(lock);
        return new LockContract() {
            @Override
            public boolean holdsWriteLock() {
                return rw.holdsWriteLock();
            }

            @Override
            public boolean holdsReadOrWriteLock() {
                return rw.holdsReadOrWriteLock();
            }

            @Override
            public boolean holdsCommitRight() {
                return writerLock.isHeldByCurrentThread() || rw.holdsWriteLock();
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ recovery

    private void recover() throws IOException {
        List<Path> segmentFiles = filesOf(SEGMENT_PREFIX + "*" + SEGMENT_SUFFIX);
        List<Path> logFiles = CommitLog.files(directory);
        if (Files.exists(manifestPath)) {
            manifest = StoreManifest.read(io, manifestPath);
        } else {
            if (!segmentFiles.isEmpty() || !logFiles.isEmpty()) {
                throw new CorruptStoreException(manifestPath + " is missing but "
                    + (segmentFiles.isEmpty() ? logFiles : segmentFiles).get(0).getFileName()
                    + " exists: refusing to treat " + directory + " as a new store");
            }
            TermCodec codec = new TermCodec();
            long defaultGraph = termIds.intern(DefaultGraph.INSTANCE, codec, new TermCodec());
            atoms.commit();
            StoreManifest fresh = StoreManifest.empty(defaultGraph, atoms.committedSize());
            fresh.save(io, manifestPath);
            manifest = fresh;
        }
        if (manifest.atomCount() > atoms.committedSize()) {
            throw new CorruptStoreException(manifestPath + " needs " + manifest.atomCount()
                + " atoms but the atom store holds " + atoms.committedSize());
        }
        List<Segment> opened = new ArrayList<>();
        try {
            for (long number : manifest.segments()) {
                Path file = segmentPath(number);
                try {
                    opened.add(Segment.open(io, file));
                } catch (NoSuchFileException e) {
                    throw new CorruptStoreException(file + " is missing: " + manifestPath + " names it");
                }
            }
            replay(logFiles, opened);
        } catch (IOException | RuntimeException e) {
            for (Segment segment : opened) {
                segment.close();
            }
            throw e;
        }
        long maxSegment = manifest.nextSegmentNumber() - 1;
        for (Path file : segmentFiles) {
            maxSegment = Math.max(maxSegment, segmentNumberOf(file));
        }
        nextSegmentNumber.set(maxSegment + 1);
        long maxLog = manifest.nextLogNumber() - 1;
        for (Path file : logFiles) {
            maxLog = Math.max(maxLog, CommitLog.numberOf(file));
        }
        nextLogNumber = maxLog + 1;
        deleteLeftovers(segmentFiles, logFiles);
    }

    private void replay(List<Path> logFiles, List<Segment> opened) throws IOException {
        List<CommitLog.LogFile> logs = new ArrayList<>();
        for (Path file : logFiles) {
            if (CommitLog.numberOf(file) >= manifest.logStart()) {
                logs.add(CommitLog.read(io, file));
            }
        }
        Memtable replayed = Memtable.empty();
        SortedMap<String, String> replayedMetadata = manifest.metadata();
        Path lastRead = null;
        long seq = manifest.checkpointSeq();
        long quads = manifest.quadCount();
        for (int i = 0; i < logs.size(); i++) {
            // A later file that holds commits from sequence n on overrides this file's commits from n: they were
            // appends that failed and were never acknowledged.
            long cap = Long.MAX_VALUE;
            for (int j = i + 1; j < logs.size(); j++) {
                if (!logs.get(j).commits().isEmpty()) {
                    cap = logs.get(j).startSeq();
                    break;
                }
            }
            for (CommitLog.Commit commit : logs.get(i).commits()) {
                if (commit.seq() >= cap) {
                    break;
                }
                if (commit.seq() <= seq) {
                    continue; // already in the segments
                }
                if (commit.seq() != seq + 1) {
                    // The commit belongs at the end of the log before this one: name that file first.
                    Path shortLog = i > 0 ? logs.get(i - 1).file() : lastRead;
                    throw new CorruptStoreException(missingLogs(logs) + (shortLog == null ? ""
                        : shortLog + " ends at commit " + seq + " (damaged or cut): ") + commit.file()
                        + " holds commit " + commit.seq() + " but commit " + (seq + 1) + " is missing from the log");
                }
                if (commit.atomCount() > atoms.committedSize()) {
                    throw new CorruptStoreException(commit.file() + ": commit " + commit.seq() + " needs "
                        + commit.atomCount() + " atoms but the atom store holds " + atoms.committedSize());
                }
                replayed = commit.applyTo(replayed);
                replayedMetadata = commit.applyMetadataTo(replayedMetadata);
                seq = commit.seq();
                lastRead = commit.file();
                quads = commit.quadCount();
            }
        }
        if (seq < manifest.acknowledgedSeq()) {
            // The missing commits belong after the last one read: in its log, or in a later one.
            StringBuilder holders = new StringBuilder();
            for (CommitLog.LogFile log : logs) {
                if (lastRead == null || CommitLog.numberOf(log.file()) >= CommitLog.numberOf(lastRead)) {
                    holders.append(holders.length() == 0 ? "" : " or ").append(log.file());
                }
            }
            throw new CorruptStoreException(missingLogs(logs) + (holders.length() == 0
                ? "the commit log (no quads-*.wal file)" : holders.toString()) + ": the log ends at commit " + seq
                + ", but " + manifestPath
                + " records commits up to " + manifest.acknowledgedSeq() + " as acknowledged: a log file is damaged,"
                + " cut or missing");
        }
        current = newSnapshot(seq, quads, replayed, opened, Collections.unmodifiableSortedMap(replayedMetadata));
    }

    /**
     * "quads-N.wal is missing: " for each log file number from the manifest's first log up to the newest that has no
     * file, else "". Log files are numbered without gaps, so a gap is a deleted file; said only alongside another
     * sign that commits are missing.
     */
    private String missingLogs(List<CommitLog.LogFile> logs) {
        StringBuilder missing = new StringBuilder();
        long expected = manifest.logStart();
        for (CommitLog.LogFile log : logs) {
            for (long number = expected; number < CommitLog.numberOf(log.file()); number++) {
                missing.append(CommitLog.path(directory, number)).append(" is missing: ");
            }
            expected = CommitLog.numberOf(log.file()) + 1;
        }
        // The manifest saved at close knows the newest log too: a deleted last file is named as well.
        for (long number = expected; number < manifest.nextLogNumber(); number++) {
            missing.append(CommitLog.path(directory, number)).append(" is missing: ");
        }
        return missing.toString();
    }

    /** Files no manifest names: the remains of a crashed checkpoint, spill or compaction, or covered logs. */
    private void deleteLeftovers(List<Path> segmentFiles, List<Path> logFiles) throws IOException {
        List<Long> live = new ArrayList<>();
        for (long number : manifest.segments()) {
            live.add(number);
        }
        for (Path file : segmentFiles) {
            if (!live.contains(segmentNumberOf(file))) {
                io.deleteIfExists(file);
            }
        }
        for (Path file : logFiles) {
            if (CommitLog.numberOf(file) < manifest.logStart()) {
                io.deleteIfExists(file);
            }
        }
        io.deleteIfExists(DurableFile.tempFor(manifestPath));
    }

    private List<Path> filesOf(String glob) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (var stream = Files.newDirectoryStream(directory, glob)) {
                for (Path file : stream) {
                    if (segmentNumberOf(file) >= 0) {
                        files.add(file);
                    }
                }
            }
        }
        return files;
    }

    Path segmentPath(long number) {
        return NumberedFiles.path(directory, SEGMENT_PREFIX, number, SEGMENT_SUFFIX);
    }

    static long segmentNumberOf(Path file) {
        return NumberedFiles.numberOf(file, SEGMENT_PREFIX, SEGMENT_SUFFIX);
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    /** A snapshot of the store's state; one reference, the caller's. */
    private Snapshot newSnapshot(long seq, long quads, Memtable memtable, List<Segment> segments,
        SortedMap<String, String> metadata) {
        Snapshot snapshot = new Snapshot(seq, quads, termIds.committedAtoms(), memtable, segments, metadata, this);
        liveSnapshots.incrementAndGet();
        return snapshot;
    }

    /** Publishes {@code next} as the last commit (one volatile store) and drops the store's reference to the old. */
    private void publish(Snapshot next) {
        assert writerLock.isHeldByCurrentThread() : "a commit published without the writer lock";
        Snapshot old = current;
        current = next;
        if (old != null) {
            old.release();
        }
    }

    /** Pins the last commit without waiting: retried only if a commit released it in between. */
    private Snapshot pin() {
        while (true) {
            checkOpen();
            Snapshot snapshot = current;
            if (snapshot.tryRetain()) {
                return snapshot;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void unreferenced(Segment segment) {
        segment.close();
        if (retired.remove(segment)) {
            deleteUnlessNamed(segment.file());
        }
    }

    @Override
    public void snapshotFreed() {
        liveSnapshots.decrementAndGet();
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
            checkWritable();
            Snapshot base = pin();
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
        Snapshot snapshot = pin();
        ReadTxn txn = new ReadTxn(this, new TxnView(this, "ReadTxn", snapshot, null, false));
        openReads.add(txn);
        if (closed) { // close() may have looked at openReads before the add: back out
            txn.close();
            checkOpen();
        }
        return txn;
    }

    void endRead(ReadTxn txn, TxnView view) {
        view.snapshot().release();
        if (openReads.remove(txn) && closing) {
            synchronized (openReads) {
                openReads.notifyAll();
            }
        }
    }

    void endWrite(TxnView view) {
        try {
            view.snapshot().release();
        } finally {
            writerLock.unlock();
        }
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
        MemoryIndex buffer = txn.buffer;
        if (buffer.isEmpty()) {
            return;
        }
        long[] none = new long[4];
        txn.spills.add(writeSegment(order -> buffer.cursor(order, none, 0)));
        txn.buffer = new MemoryIndex(); // a new one: cursors still open on the old buffer stay valid
    }

    /** Where a new segment's entries come from: a sorted cursor per order. */
    interface SegmentSource {
        EntryCursor cursor(IndexOrder order);
    }

    /** Writes every order of {@code source} as a forced segment file and opens it. */
    private Segment writeSegment(SegmentSource source) throws IOException {
        Path file = segmentPath(nextSegmentNumber.getAndIncrement());
        boolean done = false;
        try (SegmentWriter writer = SegmentWriter.create(io, file, options.blockBytes())) {
            for (IndexOrder order : IndexOrder.values()) {
                writer.beginOrder(order);
                EntryCursor entries = source.cursor(order);
                while (entries.next()) {
                    writer.append(entries.key(0), entries.key(1), entries.key(2), entries.key(3),
                        entries.tombstone());
                }
                writer.endOrder();
            }
            writer.finish();
            Segment segment = Segment.open(io, file);
            done = true;
            return segment;
        } finally {
            if (!done) {
                deleteQuietly(file);
            }
        }
    }

    /** Commits {@code txn}: see {@link WriteTxn#commit()}. Under the writer lock; readers go on meanwhile. */
    void commit(TxnView txn) throws IOException {
        assert holdsWriterLock();
        checkOpen();
        checkWritable();
        if (txn.spills.isEmpty()) {
            commitThroughLog(txn);
        } else {
            commitThroughSegments(txn);
        }
    }

    /** A transaction that fits its buffer: one log record, then a new snapshot with one more memtable run. */
    private void commitThroughLog(TxnView txn) throws IOException {
        Snapshot base = current;
        if (base.memtable.size() >= options.memtableMaxQuads()
            || (log != null && log.bytes() >= options.logMaxBytes())) {
            // first, so that a failure here leaves the commit undone
            checkpoint(List.of(), base.commitSequence, base.quadCount, base.metadata);
            base = current;
        }
        SortedMap<String, String> metadataChanges = txn.metadataChanges(base.metadata);
        // Only real changes go to the log: the quad count stays exact and replays stay small.
        int capacity = Math.max(16, txn.buffer.size());
        long[] gspo = new long[capacity * 4];
        byte[] tombstone = new byte[capacity];
        int count = 0;
        long quads = base.quadCount;
        CommittedProbe committed = new CommittedProbe(base.memtable, base.segments);
        EntryCursor changes = txn.buffer.cursor(IndexOrder.GSPO, new long[4], 0);
        while (changes.next()) {
            long g = changes.key(0);
            long s = changes.key(1);
            long p = changes.key(2);
            long o = changes.key(3);
            boolean present = committed.state(g, s, p, o) == MemoryIndex.PRESENT;
            if (changes.tombstone() == present) { // removing a present quad, or adding an absent one
                gspo[count * 4] = g;
                gspo[count * 4 + 1] = s;
                gspo[count * 4 + 2] = p;
                gspo[count * 4 + 3] = o;
                tombstone[count++] = (byte) (present ? 1 : 0);
                quads += present ? -1 : 1;
            }
        }
        atoms.commit(); // forces atom bytes only the writer writes: readers go on reading meanwhile
        if (count == 0 && metadataChanges.isEmpty()) {
            return;
        }
        SortedMap<String, String> newMetadata = applyChanges(base.metadata, metadataChanges);
        CommitLog.Writer writer = logForAppend(base.commitSequence);
        try {
            writer.append(base.commitSequence + 1, termIds.committedAtoms(), quads, gspo, tombstone, count,
                metadataChanges);
        } catch (IOException | RuntimeException e) {
            // The file may now end in a partial record: later commits go to a new file, never after it.
            log = null;
            closeQuietly(writer);
            throw e;
        }
        publish(newSnapshot(base.commitSequence + 1, quads, base.memtable.with(gspo, tombstone, count),
            base.segments, newMetadata));
    }

    /** {@code base} with {@code changes} applied ({@code null} value: removed), unmodifiable. */
    private static SortedMap<String, String> applyChanges(SortedMap<String, String> base,
        SortedMap<String, String> changes) {
        if (changes.isEmpty()) {
            return base;
        }
        TreeMap<String, String> next = new TreeMap<>(base);
        changes.forEach((key, value) -> {
            if (value == null) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        });
        return Collections.unmodifiableSortedMap(next);
    }

    /** A transaction that spilled: its segments join the store in one checkpoint. */
    private void commitThroughSegments(TxnView txn) throws IOException {
        spill(txn);
        Snapshot base = current;
        long quads = base.quadCount;
        CommittedProbe committed = new CommittedProbe(base.memtable, base.segments);
        List<Segment> spills = txn.spills;
        EntryCursor[] sources = new EntryCursor[spills.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = spills.get(spills.size() - 1 - i).cursor(IndexOrder.GSPO, new long[4], 0);
        }
        MergeCursor changes = new MergeCursor(sources, false);
        while (changes.next()) {
            boolean present = committed.state(changes.key(0), changes.key(1), changes.key(2), changes.key(3))
                == MemoryIndex.PRESENT;
            if (changes.tombstone() == present) {
                quads += present ? -1 : 1;
            }
        }
        atoms.commit();
        checkpoint(spills, base.commitSequence + 1, quads,
            applyChanges(base.metadata, txn.metadataChanges(base.metadata)));
        spills.clear(); // now the store's
    }

    /**
     * Folds the memtable (as a new segment) and {@code added} segments into the store: a new log file, then the
     * manifest naming them, then a new snapshot. When the manifest is durable, older log files are deleted. Under
     * the writer lock; open snapshots keep the memtable and segments they pinned.
     */
    private void checkpoint(List<Segment> added, long newSeq, long newQuadCount,
        SortedMap<String, String> newMetadata) throws IOException {
        assert holdsWriterLock();
        Snapshot base = current;
        List<Segment> next = new ArrayList<>(base.segments);
        Segment fromMemtable = null;
        CommitLog.Writer newLog = null;
        try {
            if (!base.memtable.isEmpty()) {
                Memtable folded = base.memtable;
                boolean bottom = base.segments.isEmpty(); // nothing below for a tombstone to hide
                long[] none = new long[4];
                fromMemtable = writeSegment(order -> folded.cursor(order, none, 0, bottom));
                next.add(fromMemtable);
            }
            next.addAll(added);
            long logNumber = nextLogNumber;
            newLog = CommitLog.Writer.create(io, CommitLog.path(directory, logNumber), logNumber, newSeq + 1);
            io.forceDirectory(directory); // the new segments' and log's names, before the manifest names them
            StoreManifest saved = manifest.withCheckpoint(newSeq, newQuadCount, termIds.committedAtoms(), logNumber,
                logNumber + 1, nextSegmentNumber.get(), numbers(next), newMetadata);
            saveManifest(saved);
            manifest = saved;
        } catch (IOException | RuntimeException e) {
            if (fromMemtable != null) {
                fromMemtable.close();
                deleteUnlessNamed(fromMemtable.file());
            }
            if (newLog != null) {
                closeQuietly(newLog);
                deleteUnlessNamed(newLog.file());
            }
            throw e;
        }
        nextLogNumber = manifest.nextLogNumber();
        closeQuietly(log);
        log = newLog;
        publish(newSnapshot(newSeq, newQuadCount, Memtable.empty(), next, manifest.metadata()));
        for (Path file : CommitLog.files(directory)) {
            if (CommitLog.numberOf(file) < manifest.logStart()) {
                deleteQuietly(file);
            }
        }
        scheduleCompactionIfNeeded();
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
            checkWritable();
            Snapshot base = current;
            if (!base.memtable.isEmpty()) {
                checkpoint(List.of(), base.commitSequence, base.quadCount, base.metadata);
            }
        } finally {
            writerLock.unlock();
        }
    }

    private CommitLog.Writer logForAppend(long lastSeq) throws IOException {
        if (log == null) {
            long number = nextLogNumber;
            CommitLog.Writer created = CommitLog.Writer.create(io, CommitLog.path(directory, number), number,
                lastSeq + 1);
            try {
                io.forceDirectory(directory);
            } catch (IOException e) {
                closeQuietly(created);
                deleteQuietly(created.file());
                throw e;
            }
            nextLogNumber = number + 1;
            log = created;
        }
        return log;
    }

    // ------------------------------------------------------------------------------------------------ bulk load

    /**
     * Loads N-Triples and N-Quads files ({@code .nt}, {@code .nq}, optionally {@code .gz}) by the fastest path:
     * parse, intern, sort and write index segments directly, then one commit. Nothing is visible until that commit;
     * if the load fails (bad input in strict mode, I/O) or the process dies, the store is exactly as before and
     * leftovers are removed (now, or by the next open). Blank node labels are scoped to one file of one load.
     * Holds the writer lock throughout, like a {@link WriteTxn}; readers go on reading the last commit. Uses three
     * threads (parse, intern, sort).
     *
     * @throws dev.cinnabar.quadstore.io.RdfSyntaxException on bad input in strict mode, naming file, line, column
     */
    public BulkLoadResult bulkLoad(List<Path> files, BulkLoadOptions options) throws IOException {
        checkNotWriter("bulkLoad");
        writerLock.lock();
        try {
            checkOpen();
            checkWritable();
            return new BulkLoad(this, atoms, manifest.defaultGraphId(), options).run(List.copyOf(files));
        } finally {
            writerLock.unlock();
        }
    }

    long quadCountForLoad() {
        return current.quadCount;
    }

    /** The bulk loader's interns take the atom write lock, one term at a time. */
    ReentrantReadWriteLock atomLock() {
        return lock;
    }

    CommittedProbe committedProbe() {
        Snapshot base = current;
        return new CommittedProbe(base.memtable, base.segments);
    }

    /** Writes a new, uncommitted segment file from {@code source}. Any thread; the file is named uniquely. */
    Segment newSegment(SegmentSource source) throws IOException {
        return writeSegment(source);
    }

    /** Commits {@code loaded} (forced, uncommitted) as the newest segment, with its atoms. Under the writer lock. */
    void commitLoadedSegment(Segment loaded, long quadsAdded) throws IOException {
        assert holdsWriterLock();
        atoms.commit();
        Snapshot base = current;
        checkpoint(List.of(loaded), base.commitSequence + 1, base.quadCount + quadsAdded, base.metadata);
    }

    /** Closes and deletes a segment no manifest names. */
    void discardSegment(Segment segment) {
        segment.close();
        deleteUnlessNamed(segment.file());
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

    /** Rolls back {@code txn}: its spilled segments and the atoms it interned go. Under the writer lock. */
    void rollback(TxnView txn) throws IOException {
        assert holdsWriterLock();
        for (Segment spill : txn.spills) {
            spill.close();
            deleteUnlessNamed(spill.file());
        }
        txn.spills.clear();
        rollbackUncommittedAtoms();
    }

    private static long[] numbers(List<Segment> list) {
        long[] numbers = new long[list.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = segmentNumberOf(list.get(i).file());
        }
        return numbers;
    }

    /** The committed state of quads, probing segments with per-segment cached blocks (callers go in key order). */
    static final class CommittedProbe {
        private final Memtable memtable;
        private final Probe[] probes;

        CommittedProbe(Memtable memtable, List<Segment> segments) {
            this.memtable = memtable;
            this.probes = new Probe[segments.size()];
            for (int i = 0; i < probes.length; i++) {
                probes[i] = segments.get(segments.size() - 1 - i).probe(IndexOrder.GSPO);
            }
        }

        int state(long g, long s, long p, long o) {
            int state = memtable.find(g, s, p, o);
            if (state != MemoryIndex.ABSENT) {
                return state;
            }
            for (Probe probe : probes) {
                int found = probe.find(g, s, p, o);
                if (found != Segment.ABSENT) {
                    return found == Segment.PRESENT ? MemoryIndex.PRESENT : MemoryIndex.TOMBSTONE;
                }
            }
            return MemoryIndex.ABSENT;
        }
    }

    // ------------------------------------------------------------------------------------------------ compaction

    private void scheduleCompactionIfNeeded() {
        if (options.autoCompaction() && !compactionQueued && !closing
            && current.segments.size() > options.compactionTriggerSegments()) {
            compactionQueued = true;
            compactor.execute(this::compactInBackground);
        }
    }

    private void compactInBackground() {
        try {
            compactionLock.lock();
            try {
                compactionQueued = false;
                if (closing || closed) {
                    return;
                }
                Snapshot pinned = pin();
                try {
                    List<Segment> window = tieredWindow(pinned.segments);
                    boolean oldest = !window.isEmpty() && window.get(0) == pinned.segments.get(0);
                    if (window.size() >= 2) {
                        mergeAndSwap(window, oldest);
                    }
                } finally {
                    pinned.release();
                }
            } finally {
                compactionLock.unlock();
            }
        } catch (IOException e) {
            compactionFailure = e;
        } catch (IllegalStateException e) {
            if (!closing) {
                compactionFailure = new IOException("background compaction of " + directory + " failed", e);
            }
        } catch (RuntimeException e) {
            compactionFailure = new IOException("background compaction of " + directory + " failed", e);
        }
    }

    /** The newest segments whose sizes are alike: each older one joins while it is at most twice the window. */
    static List<Segment> tieredWindow(List<Segment> segments) {
        int from = segments.size() - 1;
        if (from < 1) {
            return List.of();
        }
        long total = segments.get(from).entryCount();
        from--;
        total += segments.get(from).entryCount();
        while (from > 0 && segments.get(from - 1).entryCount() <= 2 * total) {
            from--;
            total += segments.get(from).entryCount();
        }
        return List.copyOf(segments.subList(from, segments.size()));
    }

    /**
     * Merges every segment into one, after folding the memtable in, and drops removed quads for good: the space
     * of deleted quads is reclaimed. Readers are never blocked: open snapshots keep reading the segments they pinned,
     * which are deleted when the last of them closes. The writer lock is taken to fold the memtable and, briefly, to
     * swap the result in. Waits for a background compaction first.
     */
    public void compact() throws IOException {
        checkNotWriter("compact()");
        compactionLock.lock();
        try {
            writerLock.lock();
            try {
                checkOpen();
                checkWritable();
                Snapshot base = current;
                if (!base.memtable.isEmpty()) {
                    checkpoint(List.of(), base.commitSequence, base.quadCount, base.metadata);
                }
            } finally {
                writerLock.unlock();
            }
            Snapshot pinned = pin();
            try {
                List<Segment> window = pinned.segments;
                if (!window.isEmpty() && (window.size() > 1 || window.get(0).tombstoneCount() > 0)) {
                    mergeAndSwap(window, true);
                }
            } finally {
                pinned.release();
            }
        } finally {
            compactionLock.unlock();
        }
        IOException failure = compactionFailure;
        if (failure != null) {
            compactionFailure = null;
            throw new IOException("an earlier background compaction failed (the store is unchanged by it)", failure);
        }
    }

    /**
     * Merges {@code window} (adjacent segments, oldest first, pinned by the caller) into one segment and swaps it in
     * under the writer lock.
     */
    private void mergeAndSwap(List<Segment> window, boolean includesOldest) throws IOException {
        Path file = segmentPath(nextSegmentNumber.getAndIncrement());
        Segment merged = null;
        boolean swapped = false;
        try {
            try (SegmentWriter writer = SegmentWriter.create(io, file, options.blockBytes())) {
                long[] none = new long[4];
                for (IndexOrder order : IndexOrder.values()) {
                    writer.beginOrder(order);
                    EntryCursor[] sources = new EntryCursor[window.size()];
                    for (int i = 0; i < sources.length; i++) {
                        sources[i] = window.get(window.size() - 1 - i).cursor(order, none, 0);
                    }
                    // Below the oldest segment there is nothing for a tombstone to hide: drop them.
                    MergeCursor entries = new MergeCursor(sources, includesOldest);
                    long written = 0;
                    while (entries.next()) {
                        if ((++written & 0xFFFF) == 0 && closing) {
                            throw new IOException("compaction of " + directory + " stopped: the store is closing");
                        }
                        writer.append(entries.key(0), entries.key(1), entries.key(2), entries.key(3),
                            entries.tombstone());
                    }
                    writer.endOrder();
                }
                writer.finish();
            }
            merged = Segment.open(io, file);
            io.forceDirectory(directory);
            writerLock.lock();
            try {
                checkOpen();
                checkWritable();
                Snapshot base = current;
                List<Segment> segments = base.segments;
                int at = segments.indexOf(window.get(0));
                if (at < 0 || at + window.size() > segments.size()
                    || !segments.subList(at, at + window.size()).equals(window)) {
                    throw new IllegalStateException("segments changed under compaction");
                }
                List<Segment> next = new ArrayList<>(segments.subList(0, at));
                if (merged.entryCount() > 0) {
                    next.add(merged);
                }
                next.addAll(segments.subList(at + window.size(), segments.size()));
                StoreManifest saved = manifest.withSegments(numbers(next), nextSegmentNumber.get(),
                    base.commitSequence);
                saveManifest(saved);
                manifest = saved;
                // Nothing names the inputs now: each is unmapped and deleted when the last snapshot listing it goes.
                retired.addAll(window);
                publish(newSnapshot(base.commitSequence, base.quadCount, base.memtable, next, base.metadata));
                swapped = true;
                if (merged.entryCount() == 0) {
                    merged.close();
                    deleteQuietly(file);
                }
            } finally {
                writerLock.unlock();
            }
        } finally {
            if (!swapped) {
                if (merged != null) {
                    merged.close();
                }
                deleteUnlessNamed(file);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ stats, close

    /** Sizes as of the last commit, and the open snapshots. Never waits for the writer. */
    public QuadStoreStats stats() throws IOException {
        Snapshot snapshot = pin();
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
            bytes.put(StoreManifest.FILE_NAME, Files.size(manifestPath));
            long now = System.nanoTime();
            long oldest = 0;
            int open = 0;
            for (ReadTxn txn : openReads) {
                open++;
                oldest = Math.max(oldest, now - txn.beganNanos());
            }
            long retiredBytes = 0;
            for (Segment segment : retired) {
                retiredBytes += segment.fileBytes();
            }
            return new QuadStoreStats(snapshot.quadCount, snapshot.atomCount, countGraphs(snapshot),
                snapshot.segments.size(), snapshot.memtable.size(), bytes, open, oldest / 1_000_000L,
                liveSnapshots.get(), retired.size(), retiredBytes);
        } finally {
            snapshot.release();
        }
    }

    private long countGraphs(Snapshot snapshot) {
        TxnView view = new TxnView(this, "stats", snapshot, null, false);
        EntryCursor entries = view.cursor(IndexOrder.GSPO, new long[4], 0, true);
        long graphs = 0;
        while (entries.next()) {
            graphs++;
            entries.seek(entries.key(0) + 1, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
        }
        return graphs;
    }

    /**
     * Checks the whole store: the atom store's checksums, records and index; every segment block's checksum; every
     * atom decoding as a term; and the six indexes agreeing (same quads, as many as the store counts, every id an
     * atom of a kind allowed at its position). Holds the writer lock (a write waits; readers do not), since the atom
     * store's committed state must not move under its check. Returns what was checked, a line each.
     *
     * @throws CorruptStoreException listing every problem found
     */
    public List<String> verify() throws IOException {
        checkNotWriter("verify()");
        writerLock.lock();
        try {
            checkOpen();
            Snapshot snapshot = pin();
            lock.readLock().lock();
            try {
                return new StoreVerifier(atoms, snapshot.memtable, snapshot.segments, snapshot.quadCount).run();
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
        for (ReadTxn txn : openReads) {
            if (txn.owner() == Thread.currentThread()) {
                throw new IllegalStateException("this thread has an open ReadTxn on " + directory
                    + ": close it before the store");
            }
        }
        closing = true;
        compactor.shutdown();
        try {
            compactor.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writerLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            awaitReadersClosed();
            IOException failure = null;
            Snapshot last = current;
            if (undecidedManifest == null && last.commitSequence > manifest.acknowledgedSeq()) {
                // Records how far the log must reach, so that a log damaged or lost later is reported, not taken
                // for a torn tail of commits that were never acknowledged.
                try {
                    StoreManifest saved = manifest.withAcknowledged(last.commitSequence, nextLogNumber);
                    saveManifest(saved);
                    manifest = saved;
                } catch (IOException e) {
                    failure = e;
                }
            }
            last.release(); // no reader left: every segment is closed now
            try {
                if (log != null) {
                    log.close();
                }
            } catch (IOException e) {
                failure = e;
            }
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

    private void awaitReadersClosed() {
        boolean interrupted = false;
        synchronized (openReads) {
            while (!openReads.isEmpty()) {
                try {
                    openReads.wait(10);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAfterFailedOpen(Throwable cause) {
        closed = true;
        closing = true;
        compactor.shutdownNow();
        if (current != null) {
            current.release();
        }
        try {
            atoms.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("quad store " + directory + " is closed");
        }
    }

    private void checkWritable() {
        IOException undecided = undecidedManifest;
        if (undecided != null) {
            throw new IllegalStateException("quad store " + directory + " refuses writes until it is reopened: after "
                + "a failed directory force its manifest may be the old or the new one (" + undecided.getMessage()
                + ")", undecided);
        }
    }

    /**
     * Saves {@code saved} as {@code quads.manifest}. If it was renamed into place but the directory force failed, the
     * current manifest is saved back, so that disk and memory agree on the last commit again; if that fails too, the
     * store keeps every file either manifest names and refuses writes until reopened.
     */
    private void saveManifest(StoreManifest saved) throws IOException {
        try {
            saved.save(io, manifestPath);
        } catch (NotDurableException e) {
            try {
                manifest.save(io, manifestPath);
            } catch (IOException restore) {
                e.addSuppressed(restore);
                undecidedManifest = e;
            }
            throw e;
        }
    }

    /** Deletes a file the current manifest does not name, unless a failed save left the manifest undecided. */
    private void deleteUnlessNamed(Path file) {
        if (undecidedManifest == null) {
            deleteQuietly(file);
        }
    }

    private void deleteQuietly(Path file) {
        try {
            io.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover file no manifest names is deleted by the next open.
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing refers to it any more
        }
    }

    @Override
    public String toString() {
        return "QuadStore[" + directory + "]";
    }
}
