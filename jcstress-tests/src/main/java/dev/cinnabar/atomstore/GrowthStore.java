package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.agrona.DirectBuffer;

import dev.cinnabar.storage.MappedFile;

/**
 * The store of the growth and lock tests: small enough that interning grows it all the time. Terms are 2 to 14 KiB
 * long, the data file starts at 64 KiB and grows in 64 KiB steps inside a 1 MiB chunk, so a growth maps the chunk
 * again at its new length, swaps the chunk table and unmaps the old mapping (the hazardous path of
 * {@link MappedFile#growTo}); the index starts at 16 slots and doubles (a rehash unmaps the old index). A generation
 * holds {@value #ATOMS_PER_GENERATION} atoms, the first interned when it is created, so a reader always has one.
 *
 * <p>Atom {@code id}'s term is a pure function of the id ({@link #term}), so a reader can check any atom it
 * resolves without asking the writer.
 */
final class GrowthStore implements AutoCloseable {

    static final long ATOMS_PER_GENERATION = 96;
    private static final int CHUNK_BYTES = 1 << 20;

    static final String OK = "OK";

    final AtomStore store;
    final MappedFile data;
    /** The owner's lock, or {@code null} for a store that takes its own lock in every call. */
    final ReentrantReadWriteLock lock;
    /** The owner's one-writer lock (its commit right, as in a quad store), or {@code null}. */
    final ReentrantLock writer;

    private GrowthStore(AtomStore store, ReentrantReadWriteLock lock, ReentrantLock writer) {
        this.store = store;
        this.data = Internals.data(store);
        this.lock = lock;
        this.writer = writer;
    }

    /** A store that owns its lock (standalone mode, the default). */
    static GrowthStore standalone(Path directory, int generation) throws IOException {
        GrowthStore shared = new GrowthStore(AtomStore.open(directory, options()), null, null);
        shared.store.intern(term(1));
        return shared;
    }

    /** A store in owner mode: the caller holds {@link #lock} around every call, as a quad store does. */
    static GrowthStore owned(Path directory, int generation) throws IOException {
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        GrowthStore shared = new GrowthStore(
            AtomStore.open(directory, options().withLockContract(LockContract.of(lock))), lock, null);
        shared.internFirst();
        return shared;
    }

    /**
     * A store in owner mode with a writer lock apart from the read/write lock, as in a quad store: holding
     * {@link #writer} is the commit right, which lets the writer build a grown index beside the readers.
     */
    static GrowthStore ownedWithWriter(Path directory, int generation) throws IOException {
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        ReentrantLock writer = new ReentrantLock();
        GrowthStore shared = new GrowthStore(
            AtomStore.open(directory, options().withLockContract(LockContract.of(lock, writer))), lock, writer);
        shared.internFirst();
        return shared;
    }

    private void internFirst() throws IOException {
        lock.writeLock().lock();
        try {
            store.intern(term(1));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static AtomStoreOptions options() {
        return AtomStoreOptions.defaults()
            .withChunkSizeBytes(CHUNK_BYTES)
            .withMaxAtomBytes(64 * 1024)
            .withInitialDataBytes(64 * 1024)
            .withInitialHashCapacity(16);
    }

    /** Atom {@code id}'s term: 2 to 14 KiB, its id in the first 8 bytes, then bytes that are never zero. */
    static byte[] term(long id) {
        byte[] term = new byte[length(id)];
        for (int i = 0; i < term.length; i++) {
            term[i] = byteAt(id, i);
        }
        return term;
    }

    private static int length(long id) {
        return 2048 + (int) (((id * 0x9E3779B97F4A7C15L) >>> 40) % 12288);
    }

    private static byte byteAt(long id, int i) {
        return i < 8 ? (byte) (id >>> (8 * i)) : (byte) (1 + Math.floorMod(id * 131 + i * 7, 251));
    }

    /** {@link #OK} if {@code bytes} are atom {@code id}'s term, else how they differ. */
    static String check(long id, byte[] bytes) {
        return check(id, bytes.length, i -> bytes[i]);
    }

    /** {@link #check} of the bytes a view points at (read in place, through the mapping). */
    static String check(long id, DirectBuffer view) {
        return check(id, view.capacity(), view::getByte);
    }

    private interface Bytes {
        byte at(int index);
    }

    private static String check(long id, int length, Bytes bytes) {
        if (length != length(id)) {
            return "WRONG_LENGTH";
        }
        boolean zero = true;
        boolean equal = true;
        for (int i = 0; i < length; i++) {
            byte b = bytes.at(i);
            zero &= b == 0;
            equal &= b == byteAt(id, i);
        }
        return equal ? OK : zero ? "ZERO" : "TORN";
    }

    /** Interns the next atom (the caller holds the write lock in owner mode) and says what it grew. */
    String internNext() throws IOException {
        long length = data.length();
        long capacity = Internals.index(store).capacity();
        long id = store.intern(term(store.size() + 1));
        if (id != store.size()) {
            return "WRONG_ID";
        }
        boolean grew = data.length() != length;
        boolean rehashed = Internals.index(store).capacity() != capacity;
        return grew ? (rehashed ? "GREW+REHASHED" : "GREW") : (rehashed ? "REHASHED" : "NO_GROWTH");
    }

    @Override
    public void close() throws IOException {
        if (lock == null) {
            store.close();
            return;
        }
        lock.writeLock().lock();
        try {
            store.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
