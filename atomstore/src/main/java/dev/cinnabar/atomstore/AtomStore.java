package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.DirectoryLock;
import dev.cinnabar.storage.DurableFile;
import dev.cinnabar.storage.MappedFile;
import dev.cinnabar.storage.StorageIo;

/**
 * A single-writer store that interns byte strings (UTF-8 terms) as dense, stable 64-bit atom ids, in memory-mapped
 * files that survive crashes.
 *
 * <p>Ids are assigned from 1 in interning order and never change or get reused; an atom's bytes never change. Any
 * byte string from 0 bytes up to {@link AtomStoreOptions#maxAtomBytes()} is a term. {@link #commit()} makes every
 * atom interned so far durable; after a crash the store opens to exactly its last commit.
 *
 * <p>Locking: by default the store owns a read/write lock and every public method takes it, so the store is safe to
 * share between threads. A store opened with {@link AtomStoreOptions#withLockContract(LockContract)} belongs to an
 * owner that holds the lock for it: it takes no lock and asserts the contract instead (ADR-001).
 *
 * <p>One process owns a store at a time: a second {@link #open} of the same directory fails at once.
 */
public final class AtomStore implements AutoCloseable {

    /** The id {@link #lookup} returns for an absent term; never the id of an atom. */
    public static final long NO_ATOM = 0;
    /** The largest atom id a store can assign. */
    public static final long MAX_ATOM_ID = HashIndex.ID_MASK;

    static final String DATA_FILE = "atoms.data";
    static final String OFFSETS_FILE = "atoms.offsets";
    static final int OFFSET_ENTRY_BYTES = 8;
    /** Files grow by a quarter (amortized O(1) per byte) but by at most 64 MiB, so unused headroom stays small. */
    private static final int GROWTH_DIVISOR = 4;
    private static final long GROWTH_MAX_STEP_BYTES = 64L << 20;
    private static final long GROWTH_ALIGNMENT_BYTES = 64 * 1024;
    /** verify() reports at most this many problems, then a count of the rest. */
    private static final int MAX_REPORTED_PROBLEMS = 100;

    private final Path directory;
    private final AtomStoreOptions options;
    private final StorageIo io;
    private final DirectoryLock directoryLock;
    private final ReentrantReadWriteLock ownLock;
    private final LockContract lockContract;
    private final Path manifestPath;
    private final Path hashPath;

    private MappedFile data;
    private MappedFile offsets;
    private HashIndex index;
    private int dataChunkBytes;

    /** Atoms interned, committed or not. Written under the write lock, read under the read lock. */
    private long atomCount;
    /** Bytes of the data region in use. */
    private long dataLength;
    /** The last durable commit; replaced only after its manifest is saved. */
    private volatile Manifest committed;
    /** Slots written since the last commit: [dirtySlotFrom, dirtySlotTo). */
    private long dirtySlotFrom = Long.MAX_VALUE;
    private long dirtySlotTo = Long.MIN_VALUE;
    /** A rename in the directory is not yet known durable: the next commit forces the directory first. */
    private boolean directoryDirty;
    /**
     * The index lives in a temp file that a rehash built: the next commit forces it and renames it over
     * {@code atoms.hash}. Until then {@code atoms.hash} still holds every committed atom, for recovery.
     */
    private boolean indexPending;
    /**
     * Counts every change an index built beside the store could miss (an atom interned or rolled back, an index
     * swapped): {@link #installIndex} refuses a growth built at another version. Written under the write lock.
     */
    private long indexVersion;
    /** Numbers the temp files of grown indexes, so a growth never reuses the name of the file in use. */
    private final AtomicLong growthSequence = new AtomicLong();
    private boolean closed;

    private AtomStore(Path directory, AtomStoreOptions options, DirectoryLock directoryLock) {
        this.directory = directory;
        this.options = options;
        this.io = options.storageIo();
        this.directoryLock = directoryLock;
        if (options.lockContract() == null) {
            this.ownLock = new ReentrantReadWriteLock();
            this.lockContract = LockContract.of(ownLock);
        } else {
            this.ownLock = null;
            this.lockContract = options.lockContract();
        }
        this.manifestPath = directory.resolve(Manifest.FILE_NAME);
        this.hashPath = directory.resolve(HashIndex.FILE_NAME);
    }

    /** Opens the store in {@code directory} with default options, creating it if absent. */
    public static AtomStore open(Path directory) throws IOException {
        return open(directory, AtomStoreOptions.defaults());
    }

    /**
     * Opens the store in {@code directory}, creating it if absent, and recovers it to its last commit: whatever was
     * written after that commit is ignored or scrubbed.
     *
     * @throws dev.cinnabar.storage.StoreLockedException if the store is open elsewhere, naming the directory
     * @throws CorruptStoreException if the store's files are damaged, naming the file
     */
    public static AtomStore open(Path directory, AtomStoreOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        AgronaAccess.check();
        if (Files.notExists(directory)) {
            Files.createDirectories(directory);
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                options.storageIo().forceDirectory(parent); // the new store's own directory entry is durable
            }
        }
        DirectoryLock lock = DirectoryLock.acquire(directory);
        AtomStore store = new AtomStore(directory, options, lock);
        try {
            store.recover();
            return store;
        } catch (IOException | RuntimeException | Error e) {
            store.releaseAfterFailedOpen(e);
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ recovery

    private void recover() throws IOException {
        Path dataPath = directory.resolve(DATA_FILE);
        Path offsetsPath = directory.resolve(OFFSETS_FILE);
        Manifest manifest;
        if (Files.exists(manifestPath)) {
            manifest = Manifest.read(io, manifestPath);
        } else {
            // A new store writes its manifest before any other file, so files without one are not ours to reuse.
            for (Path file : List.of(dataPath, offsetsPath, hashPath)) {
                if (Files.exists(file)) {
                    throw new CorruptStoreException(manifestPath + " is missing but " + file.getFileName()
                        + " exists: refusing to treat " + directory + " as a new store");
                }
            }
            manifest = Manifest.empty(options.initialHashCapacity(), options.chunkSizeBytes());
            manifest.save(io, manifestPath);
        }
        dataChunkBytes = manifest.dataChunkBytes();
        if (maxRecordBytes(options.maxAtomBytes()) > dataChunkBytes) {
            throw new IllegalArgumentException("max atom bytes " + options.maxAtomBytes() + " does not fit in "
                + directory + "'s chunk size of " + dataChunkBytes + " bytes: open it with"
                + " AtomStoreOptions.withMaxAtomBytes(" + (dataChunkBytes - varintBytes(dataChunkBytes)) + ") or less");
        }
        if (manifest.atomCount() > 0) {
            requireLength(dataPath, manifest.dataLength());
            requireLength(offsetsPath, manifest.atomCount() * OFFSET_ENTRY_BYTES);
        }
        // New files' directory entries become durable with the first commit's directory force.
        directoryDirty = Files.notExists(dataPath) || Files.notExists(offsetsPath);
        data = MappedFile.open(io, dataPath, dataChunkBytes,
            Math.max(manifest.dataLength(), options.initialDataBytes()), options.allocateOnGrowth());
        offsets = MappedFile.open(io, offsetsPath, dataChunkBytes,
            Math.max(manifest.atomCount() * OFFSET_ENTRY_BYTES, GROWTH_ALIGNMENT_BYTES), options.allocateOnGrowth());
        atomCount = manifest.atomCount();
        dataLength = manifest.dataLength();
        checkLastCommittedRecord(manifest);

        index = HashIndex.openIfValid(io, hashPath, dataChunkBytes, options.allocateOnGrowth());
        if (index == null || !scrubUncommitted(index, manifest.atomCount())) {
            if (index != null) {
                index.close();
                index = null;
            }
            long capacity = Math.max(manifest.hashCapacity(), capacityFor(manifest.atomCount() + 1));
            index = buildIndex(capacity); // made durable in place of atoms.hash by the next commit
            indexPending = true;
        }
        committed = manifest;
        // Only now that the committed state is established may leftovers of unfinished saves go.
        deleteLeftoverTempFiles();
    }

    private void deleteLeftoverTempFiles() throws IOException {
        Path active = index.file().path();
        try (var files = Files.newDirectoryStream(directory, "atoms.*" + DurableFile.TEMP_SUFFIX)) {
            for (Path file : files) {
                if (!file.equals(active)) {
                    io.deleteIfExists(file);
                }
            }
        }
    }

    private void requireLength(Path file, long committedLength) throws IOException {
        long length = Files.exists(file) ? Files.size(file) : -1;
        if (length < committedLength) {
            throw new CorruptStoreException(file + " is " + (length < 0 ? "missing" : length + " bytes")
                + " but the last commit needs " + committedLength + " bytes");
        }
    }

    /** A cheap open-time check that the committed counts and the regions agree; verify() checks everything. */
    private void checkLastCommittedRecord(Manifest manifest) throws CorruptStoreException {
        if (manifest.atomCount() == 0) {
            return;
        }
        long start = startOf(manifest.atomCount());
        if (start < 0 || start >= manifest.dataLength()) {
            throw new CorruptStoreException(offsets.path() + ": offset " + start + " of atom "
                + manifest.atomCount() + " lies outside the committed data (" + manifest.dataLength() + " bytes)");
        }
        long end = start + recordBytes(start);
        if (end > manifest.dataLength()) {
            throw new CorruptStoreException(data.path() + ": atom " + manifest.atomCount() + " ends at " + end
                + ", beyond the committed data length " + manifest.dataLength());
        }
    }

    /**
     * Clears every slot naming an atom above {@code committedAtoms} (written after the last commit) and checks
     * that each committed atom is in exactly one slot. Returns false if the index cannot be trusted.
     */
    private boolean scrubUncommitted(HashIndex candidate, long committedAtoms) throws IOException {
        long capacity = candidate.capacity();
        // Past 2^36 atoms the id bitset would not fit one long[]: rebuild instead of checking.
        if (committedAtoms >= capacity || committedAtoms >= (1L << 36)) {
            return false;
        }
        long[] seen = new long[(int) ((committedAtoms >>> 6) + 1)];
        long found = 0;
        long clearedFrom = Long.MAX_VALUE;
        long clearedTo = Long.MIN_VALUE;
        MappedFile file = candidate.file();
        for (long slot = 0; slot < capacity; slot++) {
            long word = file.getLong(HashIndex.slotPosition(slot));
            if (word == 0) {
                continue;
            }
            long id = HashIndex.atomIdOf(word);
            if (id == 0 || id > committedAtoms) {
                candidate.clearSlot(slot);
                clearedFrom = Math.min(clearedFrom, slot);
                clearedTo = Math.max(clearedTo, slot + 1);
                continue;
            }
            int bit = (int) (id & 63);
            int wordIndex = (int) (id >>> 6);
            if ((seen[wordIndex] & (1L << bit)) != 0) {
                return false;
            }
            seen[wordIndex] |= 1L << bit;
            found++;
        }
        if (found != committedAtoms) {
            return false;
        }
        if (clearedTo > clearedFrom) {
            // Durable before new atoms reuse those ids, so a stale entry can never come back.
            candidate.force(clearedFrom, clearedTo);
        }
        return true;
    }

    /**
     * Builds a new index of {@code capacity} slots holding atoms 1..atomCount in id order, in its own temp file
     * {@code atoms.hash.<capacity>.tmp} ({@code atoms.hash.<capacity>-<n>.tmp} if that name is taken). Nothing is
     * forced here: the next commit forces it and renames it over {@code atoms.hash}; a crash before then leaves the
     * temp file to be deleted by recovery.
     */
    private HashIndex buildIndex(long capacity) throws IOException {
        Path temp = directory.resolve(HashIndex.PENDING_PREFIX + capacity + DurableFile.TEMP_SUFFIX);
        if (Files.exists(temp)) { // the pending index in use, or a growth not yet installed
            temp = directory.resolve(HashIndex.PENDING_PREFIX + capacity + "-" + growthSequence.incrementAndGet()
                + DurableFile.TEMP_SUFFIX);
        }
        HashIndex fresh;
        try {
            fresh = HashIndex.create(io, temp, capacity, dataChunkBytes, options.allocateOnGrowth());
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        try {
            for (long id = 1; id <= atomCount; id++) {
                long start = recordStart(id);
                long header = recordHeader(start);
                int length = (int) header;
                long hash = TermHash.hash(null, data.addressOf(termPosition(start, header)), length);
                long slot = fresh.homeSlot(hash);
                while (fresh.loadSlotAcquire(slot) != 0) {
                    slot = fresh.nextSlot(slot);
                }
                fresh.publishSlotRelease(slot, HashIndex.word(hash, id));
            }
            return fresh;
        } catch (RuntimeException e) {
            try {
                fresh.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            deleteAfterFailure(temp, e);
            if (e instanceof java.io.UncheckedIOException damage
                && damage.getCause() instanceof CorruptStoreException corrupt) {
                throw corrupt; // a damaged record: open reports it as such
            }
            throw e;
        }
    }

    private void deleteAfterFailure(Path file, Throwable failure) {
        try {
            io.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e); // recovery deletes it at the next open
        }
    }

    private long capacityFor(long atoms) {
        long capacity = 2;
        while (capacity * options.hashLoadFactor() < atoms) {
            capacity <<= 1;
        }
        return capacity;
    }

    // ------------------------------------------------------------------------------------------------ intern

    /** The id of the term {@code utf8}, interning it if absent. */
    public long intern(byte[] utf8) throws IOException {
        return intern(utf8, 0, utf8.length);
    }

    /** The id of the term {@code buf[offset, offset + length)}, interning it if absent. */
    public long intern(byte[] buf, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        return intern(buf, BufferUtil.ARRAY_BASE_OFFSET + offset, length);
    }

    /** The id of the term {@code buf[offset, offset + length)}, interning it if absent. */
    public long intern(DirectBuffer buf, int offset, int length) throws IOException {
        buf.boundsCheck(offset, length);
        return intern(buf.byteArray(), buf.addressOffset() + offset, length);
    }

    /**
     * The id of the UTF-8 encoding of {@code term}, interning it if absent.
     *
     * @throws IllegalArgumentException if {@code term} has an unpaired surrogate
     */
    public long intern(CharSequence term) throws IOException {
        byte[] utf8 = Utf8.encode(term);
        return intern(utf8, BufferUtil.ARRAY_BASE_OFFSET, utf8.length);
    }

    private long intern(Object base, long address, int length) throws IOException {
        lockWrite();
        try {
            return internLocked(base, address, length);
        } finally {
            unlockWrite();
        }
    }

    private long internLocked(Object base, long address, int length) throws IOException {
        assert lockContract.holdsWriteLock() : "AtomStore.intern without the write lock";
        checkOpen();
        if (length > options.maxAtomBytes()) {
            throw new IllegalArgumentException("term of " + length + " bytes exceeds the maximum atom size of "
                + options.maxAtomBytes() + " bytes (AtomStoreOptions.withMaxAtomBytes)");
        }
        long hash = TermHash.hash(base, address, length);
        long probe = probe(index, hash, base, address, length);
        if (probe > 0) {
            return probe;
        }
        if (atomCount >= MAX_ATOM_ID) {
            throw new IllegalStateException("atom store " + directory + " is full: " + MAX_ATOM_ID + " atoms");
        }
        // Make room first: every step that can fail comes before the first write, so a failure changes nothing.
        if (atomCount + 1 > index.capacity() * options.hashLoadFactor()) {
            rehash(index.capacity() * 2);
            probe = probe(index, hash, base, address, length);
        }
        long slot = -probe - 1;
        int recordBytes = varintBytes(length) + length;
        long start = dataLength;
        if (recordBytes > data.bytesLeftInChunk(start)) {
            start += data.bytesLeftInChunk(start); // records never cross a chunk: each is one contiguous view
        }
        ensureLength(data, start + recordBytes);
        ensureLength(offsets, (atomCount + 1) * OFFSET_ENTRY_BYTES);

        int headerBytes = writeVarint(start, length);
        UnsafeApi.copyMemory(base, address, null, data.addressOf(start + headerBytes), length);
        offsets.putLong(atomCount * OFFSET_ENTRY_BYTES, start);
        long id = atomCount + 1;
        // Before the release: a reader that acquires the slot word must also see the data length that bounds the
        // record, or its bounds check (recordStart) would take a published atom for damage.
        dataLength = start + recordBytes;
        index.publishSlotRelease(slot, HashIndex.word(hash, id));
        dirtySlotFrom = Math.min(dirtySlotFrom, slot);
        dirtySlotTo = Math.max(dirtySlotTo, slot + 1);
        atomCount = id;
        indexVersion++;
        return id;
    }

    private void ensureLength(MappedFile file, long required) throws IOException {
        long length = file.length();
        if (required <= length) {
            return;
        }
        file.growTo(growthTarget(length, required));
    }

    /** The length a file of {@code length} mapped bytes grows to when it needs {@code required}. */
    private static long growthTarget(long length, long required) {
        long step = Math.min(Math.max(length / GROWTH_DIVISOR, GROWTH_ALIGNMENT_BYTES), GROWTH_MAX_STEP_BYTES);
        long target = Math.max(required, length + step);
        return (target + GROWTH_ALIGNMENT_BYTES - 1) / GROWTH_ALIGNMENT_BYTES * GROWTH_ALIGNMENT_BYTES;
    }

    private void rehash(long newCapacity) throws IOException {
        swapIndex(buildIndex(newCapacity));
    }

    /** Makes {@code fresh} (holding every atom) the index; the write lock keeps readers out of both meanwhile. */
    private void swapIndex(HashIndex fresh) {
        HashIndex old = index;
        indexVersion++;
        boolean oldWasPending = indexPending;
        index = fresh;
        indexPending = true;
        dirtySlotFrom = Long.MAX_VALUE; // a pending index is forced whole at commit
        dirtySlotTo = Long.MIN_VALUE;
        try {
            old.close();
            if (oldWasPending) {
                io.deleteIfExists(old.file().path()); // never committed, nothing refers to it
            }
        } catch (IOException e) {
            // The new index is in place; a leftover temp file is deleted by the next open.
        }
    }

    // ------------------------------------------------------------------------------------------------ growth ahead

    /**
     * Builds, beside the store, the larger index that interning {@code additionalAtoms} more atoms would need, so
     * that the writer can grow the index without holding the write lock for the whole rebuild (ADR-014). Returns
     * null when the index already has room. The caller must be the writer (hold the owner's commit right, so no
     * atom is interned meanwhile) or hold the read lock; with its own lock the store takes the read lock, so
     * readers go on while the index is built.
     *
     * <p>The result is installed by {@link #installIndex} under the write lock, or discarded by closing it.
     */
    public IndexGrowth prepareIndexGrowth(long additionalAtoms) throws IOException {
        if (additionalAtoms < 0) {
            throw new IllegalArgumentException("additionalAtoms " + additionalAtoms + " < 0");
        }
        lockRead();
        try {
            assert lockContract.holdsCommitRight() || lockContract.holdsReadOrWriteLock()
                : "AtomStore.prepareIndexGrowth without the commit right or the read lock";
            checkOpen();
            long needed = atomCount + additionalAtoms;
            if (needed <= index.capacity() * options.hashLoadFactor()) {
                return null;
            }
            return prepareIndexLocked(Math.max(index.capacity() * 2, capacityFor(needed)));
        } finally {
            unlockRead();
        }
    }

    /**
     * Extends the data and offsets files ahead of interning {@code additionalAtoms} more atoms of
     * {@code additionalBytes} more term bytes in all, so that the file growth inside those interns (under the write
     * lock) only maps and swaps: writing a growth step's zeros (up to 64 MiB) happens here, beside the readers. The
     * mappings and the atoms are unchanged. Same caller contract as {@link #prepareIndexGrowth}.
     */
    public void extendFilesAhead(long additionalAtoms, long additionalBytes) throws IOException {
        if (additionalAtoms < 0 || additionalBytes < 0) {
            throw new IllegalArgumentException("additionalAtoms " + additionalAtoms + " or additionalBytes "
                + additionalBytes + " < 0");
        }
        lockRead();
        try {
            assert lockContract.holdsCommitRight() || lockContract.holdsReadOrWriteLock()
                : "AtomStore.extendFilesAhead without the commit right or the read lock";
            checkOpen();
            // Each record adds a varint header. A record that skips to the next chunk (once per chunk) may still
            // extend the file under the write lock: extending a whole chunk ahead would cost up to a chunk of disk.
            extendAhead(data, dataLength + additionalBytes + additionalAtoms * varintBytes(options.maxAtomBytes()));
            extendAhead(offsets, (atomCount + additionalAtoms) * OFFSET_ENTRY_BYTES);
        } finally {
            unlockRead();
        }
    }

    private static void extendAhead(MappedFile file, long required) throws IOException {
        if (required > file.length()) {
            file.extendAhead(growthTarget(file.length(), required));
        }
    }

    /** Builds an index of exactly {@code capacity} slots (a power of two with room for one more atom). */
    IndexGrowth prepareIndex(long capacity) throws IOException {
        lockRead();
        try {
            assert lockContract.holdsCommitRight() || lockContract.holdsReadOrWriteLock()
                : "AtomStore.prepareIndex without the commit right or the read lock";
            checkOpen();
            if (Long.bitCount(capacity) != 1 || capacity < capacityFor(atomCount + 1)) {
                throw new IllegalArgumentException("capacity " + capacity + " is not a power of two with room for "
                    + (atomCount + 1) + " atoms");
            }
            return prepareIndexLocked(capacity);
        } finally {
            unlockRead();
        }
    }

    private IndexGrowth prepareIndexLocked(long capacity) throws IOException {
        long version = indexVersion;
        return new IndexGrowth(this, buildIndex(capacity), version);
    }

    /**
     * Makes a prepared growth the index, if nothing it could miss happened since it was built (no atom interned
     * or rolled back, no other index installed); otherwise discards it and returns false, and the next intern
     * grows the index itself if it must. Needs the write lock: no reader is in the index while it is swapped.
     * Like a rehash inside intern, the new index becomes {@code atoms.hash} at the next commit.
     */
    public boolean installIndex(IndexGrowth growth) throws IOException {
        Objects.requireNonNull(growth, "growth");
        if (growth.store != this) {
            throw new IllegalArgumentException("index growth of another store: " + growth.store.directory);
        }
        lockWrite();
        try {
            assert lockContract.holdsWriteLock() : "AtomStore.installIndex without the write lock";
            checkOpen();
            if (growth.fresh == null) {
                throw new IllegalStateException("index growth of " + directory + " already installed or closed");
            }
            if (growth.version != indexVersion) {
                growth.close();
                return false;
            }
            HashIndex fresh = growth.fresh;
            growth.fresh = null;
            swapIndex(fresh);
            return true;
        } finally {
            unlockWrite();
        }
    }

    /**
     * A larger index built by {@link #prepareIndexGrowth}, not yet installed. Closing an index growth that was not
     * installed unmaps and deletes its temp file; closing an installed one does nothing.
     */
    public static final class IndexGrowth implements AutoCloseable {
        private final AtomStore store;
        private final long version;
        private final long capacity;
        private HashIndex fresh;

        private IndexGrowth(AtomStore store, HashIndex fresh, long version) {
            this.store = store;
            this.fresh = fresh;
            this.version = version;
            this.capacity = fresh.capacity();
        }

        /** The number of slots of the grown index. */
        public long capacity() {
            return capacity;
        }

        @Override
        public void close() throws IOException {
            HashIndex unused = fresh;
            if (unused == null) {
                return;
            }
            fresh = null;
            Path file = unused.file().path();
            try {
                unused.close();
            } finally {
                store.io.deleteIfExists(file); // never installed: nothing refers to it
            }
        }

        @Override
        public String toString() {
            return "IndexGrowth[" + store.directory + ", capacity=" + capacity + (fresh == null ? ", done" : "") + "]";
        }
    }

    // ------------------------------------------------------------------------------------------------ lookup

    /** The id of the term {@code utf8}, or {@link #NO_ATOM}. Never adds. */
    public long lookup(byte[] utf8) {
        return lookup(utf8, 0, utf8.length);
    }

    /** The id of the term {@code buf[offset, offset + length)}, or {@link #NO_ATOM}. Never adds. */
    public long lookup(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        return lookup(buf, BufferUtil.ARRAY_BASE_OFFSET + offset, length);
    }

    /** The id of the term {@code buf[offset, offset + length)}, or {@link #NO_ATOM}. Never adds. */
    public long lookup(DirectBuffer buf, int offset, int length) {
        buf.boundsCheck(offset, length);
        return lookup(buf.byteArray(), buf.addressOffset() + offset, length);
    }

    /** The id of the UTF-8 encoding of {@code term}, or {@link #NO_ATOM}. Never adds. */
    public long lookup(CharSequence term) {
        byte[] utf8 = Utf8.encode(term);
        return lookup(utf8, BufferUtil.ARRAY_BASE_OFFSET, utf8.length);
    }

    private long lookup(Object base, long address, int length) {
        lockRead();
        try {
            assert lockContract.holdsReadOrWriteLock() : "AtomStore.lookup without the read or write lock";
            checkOpen();
            long probe = probe(index, TermHash.hash(base, address, length), base, address, length);
            return probe > 0 ? probe : NO_ATOM;
        } finally {
            unlockRead();
        }
    }

    /** The atom id if present (> 0), else {@code -(empty slot) - 1}. */
    private long probe(HashIndex in, long hash, Object base, long address, int length) {
        long fragment = HashIndex.fragment(hash);
        long slot = in.homeSlot(hash);
        while (true) {
            long word = in.loadSlotAcquire(slot);
            if (word == 0) {
                return -slot - 1;
            }
            if (HashIndex.fragmentOf(word) == fragment) {
                long id = HashIndex.atomIdOf(word);
                if (atomEquals(id, base, address, length)) {
                    return id;
                }
            }
            slot = in.nextSlot(slot);
        }
    }

    private boolean atomEquals(long id, Object base, long address, int length) {
        long start = recordStart(id);
        long header = recordHeader(start);
        if ((int) header != length) {
            return false;
        }
        long atomAddress = data.addressOf(termPosition(start, header));
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (UnsafeApi.getLongUnaligned(null, atomAddress + i) != UnsafeApi.getLongUnaligned(base, address + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (UnsafeApi.getByte(null, atomAddress + i) != UnsafeApi.getByte(base, address + i)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ resolve

    /** A copy of the bytes of atom {@code atomId}. */
    public byte[] resolve(long atomId) {
        lockRead();
        try {
            long start = checkedStart(atomId);
            long header = recordHeader(start);
            byte[] bytes = new byte[(int) header];
            UnsafeApi.copyMemory(null, data.addressOf(termPosition(start, header)), bytes, BufferUtil.ARRAY_BASE_OFFSET,
                bytes.length);
            return bytes;
        } finally {
            unlockRead();
        }
    }

    /** The bytes of atom {@code atomId} decoded as UTF-8 (invalid sequences become U+FFFD). */
    public String resolveString(long atomId) {
        return new String(resolve(atomId), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The length in bytes of atom {@code atomId}. */
    public int length(long atomId) {
        lockRead();
        try {
            return (int) recordHeader(checkedStart(atomId));
        } finally {
            unlockRead();
        }
    }

    /**
     * Copies the bytes of atom {@code atomId} into {@code dst} at {@code dstOffset}; returns their length.
     * No allocation.
     */
    public int resolveInto(long atomId, MutableDirectBuffer dst, int dstOffset) {
        lockRead();
        try {
            long start = checkedStart(atomId);
            long header = recordHeader(start);
            int length = (int) header;
            long position = termPosition(start, header);
            dst.putBytes(dstOffset, data.chunkAt(position), data.offsetInChunk(position), length);
            return length;
        } finally {
            unlockRead();
        }
    }

    /**
     * Points {@code view} at the bytes of atom {@code atomId} in the mapped data, without copying. Under an owner's
     * lock contract the view is valid while the owner's read or write lock is held; in a store that owns its lock,
     * until the next {@code intern} (a growth of the data file may remap what it points at) or {@link #close()}.
     * Copy with {@link #resolveInto} when that is too short.
     */
    public void wrapAtom(long atomId, DirectBuffer view) {
        lockRead();
        try {
            long start = checkedStart(atomId);
            long header = recordHeader(start);
            long position = termPosition(start, header);
            view.wrap(data.chunkAt(position), data.offsetInChunk(position), (int) header);
        } finally {
            unlockRead();
        }
    }

    private long checkedStart(long atomId) {
        assert lockContract.holdsReadOrWriteLock() : "AtomStore read without the read or write lock";
        checkOpen();
        if (atomId < 1 || atomId > atomCount) {
            throw new IllegalArgumentException("atom id " + atomId + " was never assigned in " + directory
                + " (it holds atoms 1.." + atomCount + ")");
        }
        return recordStart(atomId);
    }

    private long startOf(long atomId) {
        return offsets.getLong((atomId - 1) * OFFSET_ENTRY_BYTES);
    }

    /**
     * The start of atom {@code atomId}'s record, checked to lie, with its length prefix and its bytes, inside the
     * data in use and inside one chunk. The mapped bytes are read without bounds checks, so a damaged offset or
     * prefix must stop here: read as is, it would read memory outside the mapping and may crash the JVM.
     *
     * @throws java.io.UncheckedIOException wrapping a {@link CorruptStoreException} naming the files
     */
    private long recordStart(long atomId) {
        long start = startOf(atomId);
        if (start >= 0 && start < dataLength) {
            long room = Math.min(dataLength - start, data.bytesLeftInChunk(start));
            long length = 0;
            for (int prefix = 0; prefix < Math.min(room, 5); prefix++) {
                int b = data.getByte(start + prefix);
                length |= (long) (b & 0x7F) << (7 * prefix);
                if (b >= 0) {
                    if (length <= room - prefix - 1) {
                        return start;
                    }
                    break;
                }
            }
        }
        throw new java.io.UncheckedIOException(new CorruptStoreException(offsets.path() + " and " + data.path()
            + ": the record of atom " + atomId + " at offset " + start + " does not lie within the "
            + dataLength + " bytes of data in use (run verify)"));
    }

    /** The record at {@code start}: term length in the low 32 bits, length-prefix bytes in the high 32 bits. */
    private long recordHeader(long start) {
        long address = data.addressOf(start);
        int b = UnsafeApi.getByte(address);
        if (b >= 0) {
            return (1L << 32) | b;
        }
        int value = b & 0x7F;
        int shift = 7;
        int bytes = 1;
        do {
            b = UnsafeApi.getByte(address + bytes++);
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0 && bytes < 5);
        return ((long) bytes << 32) | (value & 0xFFFFFFFFL);
    }

    /** Where the term bytes of the record at {@code start} begin, past its length prefix. */
    private static long termPosition(long start, long header) {
        return start + (header >>> 32);
    }

    private long recordBytes(long start) {
        long header = recordHeader(start);
        return termPosition(start, header) - start + (int) header;
    }

    private int writeVarint(long position, int value) {
        int bytes = 0;
        int v = value;
        while ((v & ~0x7F) != 0) {
            data.putByte(position + bytes++, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        data.putByte(position + bytes++, (byte) v);
        return bytes;
    }

    static int varintBytes(int value) {
        return value < (1 << 7) ? 1 : value < (1 << 14) ? 2 : value < (1 << 21) ? 3 : value < (1 << 28) ? 4 : 5;
    }

    static int maxRecordBytes(int maxAtomBytes) {
        return varintBytes(maxAtomBytes) + maxAtomBytes;
    }

    // ------------------------------------------------------------------------------------------------ state

    /** Atoms interned, committed or not. */
    public long size() {
        lockRead();
        try {
            assert lockContract.holdsReadOrWriteLock() : "AtomStore.size without the read or write lock";
            return atomCount;
        } finally {
            unlockRead();
        }
    }

    /** Atoms made durable by the last commit. */
    public long committedSize() {
        lockRead();
        try {
            assert lockContract.holdsReadOrWriteLock() : "AtomStore.committedSize without the read or write lock";
            return committed.atomCount();
        } finally {
            unlockRead();
        }
    }

    /** The directory this store lives in. */
    public Path directory() {
        return directory;
    }

    /**
     * Makes every atom interned so far durable. When this returns, the atoms survive a crash; when it throws, the
     * committed state in memory and on disk is the previous one, and a later commit may be tried again.
     */
    public void commit() throws IOException {
        lockWrite();
        try {
            commitLocked();
        } finally {
            unlockWrite();
        }
    }

    private void commitLocked() throws IOException {
        assert lockContract.holdsCommitRight() : "AtomStore.commit without the write lock (or the owner's commit right)";
        checkOpen();
        Manifest last = committed;
        if (atomCount == last.atomCount() && dataLength == last.dataLength() && !directoryDirty && !indexPending
            && index.capacity() == last.hashCapacity() && dirtySlotTo < dirtySlotFrom) {
            return;
        }
        long offsetsFrom = last.atomCount() * OFFSET_ENTRY_BYTES;
        long offsetsTo = atomCount * OFFSET_ENTRY_BYTES;
        data.force(last.dataLength(), dataLength);
        data.forceLength();
        offsets.force(offsetsFrom, offsetsTo);
        offsets.forceLength();
        if (indexPending) {
            index.forceAll();
            directoryDirty = true;
            index.file().renameTo(hashPath);
            indexPending = false; // from here atoms.hash is this index, whatever fails below
        } else if (dirtySlotTo > dirtySlotFrom) {
            index.force(dirtySlotFrom, dirtySlotTo);
        }
        if (directoryDirty) {
            io.forceDirectory(directory);
            directoryDirty = false;
        }
        int dataCrc = Crc32c.combine(last.dataCrc(), crc(data, last.dataLength(), dataLength),
            dataLength - last.dataLength());
        int offsetsCrc = Crc32c.combine(last.offsetsCrc(), crc(offsets, offsetsFrom, offsetsTo),
            offsetsTo - offsetsFrom);
        Manifest next = last.next(atomCount, dataLength, index.capacity(), dataCrc, offsetsCrc);
        next.save(io, manifestPath);
        committed = next;
        dirtySlotFrom = Long.MAX_VALUE;
        dirtySlotTo = Long.MIN_VALUE;
    }

    /**
     * Discards every atom interned since the last commit, as a crash would: their ids are free again and the next
     * intern hands them out anew. Committed atoms are untouched. An owner calls this when it rolls back the
     * transaction that interned them, so that a failed transaction leaves the store as it was.
     */
    public void rollback() {
        lockWrite();
        try {
            rollbackLocked();
        } finally {
            unlockWrite();
        }
    }

    private void rollbackLocked() {
        assert lockContract.holdsWriteLock() : "AtomStore.rollback without the write lock";
        checkOpen();
        Manifest last = committed;
        // Youngest first. Clearing these slots cannot cut a committed atom's probe chain: when a committed atom was
        // placed (by intern or by a rebuild in id order), every slot before it on its chain held an older atom.
        for (long id = atomCount; id > last.atomCount(); id--) {
            long start = recordStart(id);
            long header = recordHeader(start);
            long hash = TermHash.hash(null, data.addressOf(termPosition(start, header)), (int) header);
            long slot = index.homeSlot(hash);
            while (HashIndex.atomIdOf(index.loadSlotAcquire(slot)) != id) {
                slot = index.nextSlot(slot);
            }
            index.clearSlot(slot);
            dirtySlotFrom = Math.min(dirtySlotFrom, slot);
            dirtySlotTo = Math.max(dirtySlotTo, slot + 1);
        }
        atomCount = last.atomCount();
        dataLength = last.dataLength();
        indexVersion++;
    }

    private static int crc(MappedFile file, long from, long to) {
        CRC32C crc = new CRC32C();
        file.updateChecksum(crc, from, to);
        return (int) crc.getValue();
    }

    /**
     * Sizes and index quality. Scans the whole index and hashes every atom to measure probe lengths: O(store).
     */
    public AtomStoreStats stats() {
        lockRead();
        try {
            assert lockContract.holdsReadOrWriteLock() : "AtomStore.stats without the read or write lock";
            checkOpen();
            long termBytes = 0;
            long longest = 0;
            long totalProbes = 0;
            for (long id = 1; id <= atomCount; id++) {
                long start = recordStart(id);
                long header = recordHeader(start);
                int length = (int) header;
                termBytes += length;
                long hash = TermHash.hash(null, data.addressOf(termPosition(start, header)), length);
                long slot = index.homeSlot(hash);
                long probes = 1;
                while (HashIndex.atomIdOf(index.loadSlotAcquire(slot)) != id) {
                    slot = index.nextSlot(slot);
                    probes++;
                }
                longest = Math.max(longest, probes);
                totalProbes += probes;
            }
            return new AtomStoreStats(atomCount, committed.atomCount(), dataLength, termBytes, index.capacity(),
                (double) atomCount / index.capacity(), longest,
                atomCount == 0 ? 0 : (double) totalProbes / atomCount,
                data.length(), offsets.length(), index.file().length());
        } finally {
            unlockRead();
        }
    }

    /**
     * Checks the whole store: the manifest on disk, the checksums of the committed data and offsets, every atom's
     * record, and that every atom is in the index exactly once and found by its own bytes.
     *
     * @throws CorruptStoreException listing every problem found (the first {@value #MAX_REPORTED_PROBLEMS})
     */
    public void verify() throws IOException {
        lockRead();
        try {
            assert lockContract.holdsReadOrWriteLock() : "AtomStore.verify without the read or write lock";
            checkOpen();
            List<String> problems = new ArrayList<>();
            long[] problemCount = {0};
            java.util.function.Consumer<String> report = p -> {
                if (problemCount[0]++ < MAX_REPORTED_PROBLEMS) {
                    problems.add(p);
                }
            };
            Manifest last = committed;
            try {
                Manifest onDisk = Manifest.read(io, manifestPath);
                if (!onDisk.equals(last)) {
                    report.accept(manifestPath + ": on disk " + onDisk + " differs from the committed " + last);
                }
            } catch (IOException e) {
                report.accept(e.getMessage());
            }
            if (last.atomCount() > atomCount || last.dataLength() > dataLength) {
                report.accept(directory + ": committed state " + last + " is ahead of the store in memory");
            } else {
                int dataCrc = crc(data, 0, last.dataLength());
                if (dataCrc != last.dataCrc()) {
                    report.accept(data.path() + ": checksum of the committed " + last.dataLength()
                        + " bytes is " + Integer.toHexString(dataCrc) + ", manifest says "
                        + Integer.toHexString(last.dataCrc()));
                }
                int offsetsCrc = crc(offsets, 0, last.atomCount() * OFFSET_ENTRY_BYTES);
                if (offsetsCrc != last.offsetsCrc()) {
                    report.accept(offsets.path() + ": checksum of the committed " + last.atomCount()
                        + " entries is " + Integer.toHexString(offsetsCrc) + ", manifest says "
                        + Integer.toHexString(last.offsetsCrc()));
                }
            }
            verifyRecordsAndIndex(report);
            if (problemCount[0] > MAX_REPORTED_PROBLEMS) {
                problems.add("... and " + (problemCount[0] - MAX_REPORTED_PROBLEMS) + " more problems");
            }
            if (!problems.isEmpty()) {
                throw new CorruptStoreException(problems);
            }
        } finally {
            unlockRead();
        }
    }

    private void verifyRecordsAndIndex(java.util.function.Consumer<String> report) {
        long previousEnd = 0;
        boolean recordsValid = true;
        for (long id = 1; id <= atomCount; id++) {
            long start = startOf(id);
            if (start < previousEnd || start >= Math.max(dataLength, 1) || start >= data.length()) {
                report.accept(offsets.path() + ": atom " + id + " starts at " + start + ", outside ["
                    + previousEnd + ", " + dataLength + ")");
                recordsValid = false;
                continue;
            }
            long header = recordHeader(start);
            long length = (int) header;
            long end = termPosition(start, header) + length;
            if (length < 0 || end > dataLength || data.bytesLeftInChunk(start) < end - start) {
                report.accept(data.path() + ": atom " + id + " at " + start + " has a bad length " + length);
                recordsValid = false;
                continue;
            }
            previousEnd = end;
            long address = data.addressOf(termPosition(start, header));
            long found = probe(index, TermHash.hash(null, address, (int) length), null, address, (int) length);
            if (found != id) {
                report.accept(index.file().path() + ": atom " + id + " is "
                    + (found > 0 ? "shadowed by atom " + found + " with the same bytes" : "missing from the index"));
            }
        }
        long occupied = 0;
        for (long slot = 0; slot < index.capacity(); slot++) {
            long word = index.loadSlotAcquire(slot);
            if (word == 0) {
                continue;
            }
            occupied++;
            long id = HashIndex.atomIdOf(word);
            if (id == 0 || id > atomCount) {
                report.accept(index.file().path() + ": slot " + slot + " names atom " + id
                    + ", which does not exist");
            }
        }
        if (recordsValid && occupied != atomCount) {
            report.accept(index.file().path() + ": " + occupied + " occupied slots for " + atomCount + " atoms");
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** Commits, then unmaps the files and releases the directory lock. Idempotent. */
    @Override
    public void close() throws IOException {
        lockWrite();
        try {
            assert lockContract.holdsWriteLock() : "AtomStore.close without the write lock";
            if (closed) {
                return;
            }
            IOException failure = null;
            try {
                commitLocked();
            } catch (IOException e) {
                failure = e;
            }
            closed = true;
            failure = closeFiles(failure);
            if (failure != null) {
                throw failure;
            }
        } finally {
            unlockWrite();
        }
    }

    private IOException closeFiles(IOException failure) {
        for (AutoCloseable resource : new AutoCloseable[] {index, offsets, data, directoryLock}) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }

    private void releaseAfterFailedOpen(Throwable cause) {
        closed = true;
        IOException failure = closeFiles(null);
        if (failure != null) {
            cause.addSuppressed(failure);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("atom store " + directory + " is closed");
        }
    }

    private void lockRead() {
        if (ownLock != null) {
            ownLock.readLock().lock();
        }
    }

    private void unlockRead() {
        if (ownLock != null) {
            ownLock.readLock().unlock();
        }
    }

    private void lockWrite() {
        if (ownLock != null) {
            ownLock.writeLock().lock();
        }
    }

    private void unlockWrite() {
        if (ownLock != null) {
            ownLock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "AtomStore[" + directory + ", atoms=" + atomCount + ", committed=" + committed.atomCount() + "]";
    }
}
