package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * The writer grows the store beside the readers (ADR-014): {@link AtomStore#prepareIndexGrowth} builds the larger
 * index under the commit right only, {@link AtomStore#installIndex} swaps it in under the write lock, and
 * {@link AtomStore#extendFilesAhead} extends the files so that the growth under the write lock only maps.
 */
class IndexGrowthTest {

    @TempDir
    Path dir;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The owner's one-writer lock: holding it is the commit right, as in the quad store. */
    private final ReentrantLock writer = new ReentrantLock();
    /** Every extension of atoms.data that wrote bytes (from, to). */
    private final List<long[]> dataExtensions = new CopyOnWriteArrayList<>();
    private AtomStore store;
    private int nextTerm;

    @BeforeEach
    void open() throws IOException {
        assertTrue(IndexGrowthTest.class.desiredAssertionStatus(), "tests must run with -ea");
        store = AtomStore.open(dir, AtomStoreTest.smallOptions().withStorageIo(recordingDataExtensions())
            .withLockContract(LockContract.of(lock, writer)));
        writer.lock();
        store.commit(); // a new store's first index becomes atoms.hash: no pending file from here on
    }

    @AfterEach
    void close() throws IOException {
        lock.writeLock().lock();
        try {
            store.close();
        } finally {
            lock.writeLock().unlock();
            while (writer.isHeldByCurrentThread()) {
                writer.unlock();
            }
        }
    }

    @Test
    void noGrowthIsPreparedWhileTheIndexHasRoom() throws IOException {
        internUnderWriteLock(3);
        assertNull(store.prepareIndexGrowth(1));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void aGrowthIsBuiltWhileAReaderHoldsTheReadLock() throws Exception {
        fillToLoadFactor();
        long capacity = capacity();
        CompletableFuture<Void> readerHasLock = new CompletableFuture<>();
        CompletableFuture<Void> growthBuilt = new CompletableFuture<>();
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            lock.readLock().lock();
            try {
                readerHasLock.complete(null);
                growthBuilt.get(10, TimeUnit.SECONDS);
                return store.lookup("t0"); // still the old index, and the store still answers
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                lock.readLock().unlock();
            }
        });
        readerHasLock.get(10, TimeUnit.SECONDS);
        try (AtomStore.IndexGrowth growth = store.prepareIndexGrowth(1)) { // would deadlock if it needed the lock
            assertNotNull(growth);
            assertEquals(2 * capacity, growth.capacity());
            growthBuilt.complete(null);
            assertEquals(1L, reader.get(10, TimeUnit.SECONDS));
            assertTrue(installUnderWriteLock(growth));
        }
        assertEquals(2 * capacity, capacity());
        assertEquals(1L, lookupUnderReadLock("t0"));
    }

    @Test
    void anInternAfterAnInstalledGrowthDoesNotRehash() throws IOException {
        fillToLoadFactor();
        try (AtomStore.IndexGrowth growth = store.prepareIndexGrowth(1)) {
            assertTrue(installUnderWriteLock(growth));
        }
        List<Path> afterInstall = tempFiles();
        assertEquals(1, afterInstall.size(), "the grown index is pending: " + afterInstall);
        internUnderWriteLock(1);
        assertEquals(afterInstall, tempFiles(), "the intern found room and built no other index");
    }

    @Test
    void anInstalledGrowthBecomesTheCommittedIndexAndSurvivesReopen() throws IOException {
        long atoms = fillToLoadFactor();
        long capacity;
        try (AtomStore.IndexGrowth growth = store.prepareIndexGrowth(1)) {
            capacity = growth.capacity();
            assertTrue(installUnderWriteLock(growth));
        }
        internUnderWriteLock(1);
        store.commit();
        assertEquals(List.of(), tempFiles(), "the commit renamed the grown index over atoms.hash");
        assertEquals(HashIndex.fileLength(capacity), Files.size(dir.resolve(HashIndex.FILE_NAME)));
        close();
        store = AtomStore.open(dir, AtomStoreTest.smallOptions());
        assertEquals(atoms + 1, store.committedSize());
        assertEquals(capacity, store.stats().hashCapacity());
        for (int i = 0; i <= atoms; i++) {
            assertEquals(i + 1, store.lookup("t" + i));
        }
        store.verify();
    }

    @Test
    void aGrowthBuiltBeforeARollbackIsNotInstalled() throws IOException {
        fillToLoadFactor();
        store.commit();
        AtomStore.IndexGrowth growth = store.prepareIndexGrowth(4);
        assertNotNull(growth);
        long capacity = capacity();
        lock.writeLock().lock();
        try {
            store.rollback();
            store.intern("after the rollback");
            assertFalse(store.installIndex(growth), "stale: atoms were rolled back and interned after it was built");
        } finally {
            lock.writeLock().unlock();
        }
        assertTrue(capacity() > capacity, "the intern grew the index itself");
        assertEquals(List.of(), pendingGrowthFiles(), "the stale growth's file is gone");
        lock.readLock().lock();
        try {
            store.verify();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Test
    void closingAGrowthThatWasNotInstalledDeletesItsFile() throws IOException {
        fillToLoadFactor();
        AtomStore.IndexGrowth growth = store.prepareIndexGrowth(1);
        assertEquals(1, tempFiles().size());
        growth.close();
        assertEquals(List.of(), tempFiles());
        lock.writeLock().lock();
        try {
            assertThrows(IllegalStateException.class, () -> store.installIndex(growth));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Test
    void preparingWithoutTheCommitRightOrTheReadLockFailsTheAssertion() throws IOException {
        fillToLoadFactor();
        writer.unlock();
        AssertionError e = assertThrows(AssertionError.class, () -> store.prepareIndexGrowth(1));
        assertTrue(e.getMessage().contains("commit right"), e.getMessage());
    }

    @Test
    void installingWithoutTheWriteLockFailsTheAssertion() throws IOException {
        fillToLoadFactor();
        try (AtomStore.IndexGrowth growth = store.prepareIndexGrowth(1)) {
            AssertionError e = assertThrows(AssertionError.class, () -> store.installIndex(growth));
            assertTrue(e.getMessage().contains("write lock"), e.getMessage());
        }
    }

    @Test
    void filesExtendedAheadLetTheGrowingInternOnlyMap() throws IOException {
        byte[] term = fillDataFileToWithin(2048);
        long mapped = stats().dataFileBytes();
        store.extendFilesAhead(1, term.length);
        assertTrue(Files.size(dir.resolve(AtomStore.DATA_FILE)) > mapped, "the file was extended ahead");
        assertEquals(mapped, stats().dataFileBytes(), "but not mapped");
        dataExtensions.clear();
        internUnderWriteLock(term);
        assertTrue(stats().dataFileBytes() > mapped, "the intern grew the mapping");
        assertEquals(List.of(), dataExtensions.stream().map(java.util.Arrays::toString).toList(),
            "and wrote no extension under the write lock");
        lock.readLock().lock();
        try {
            store.verify();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Test
    void withoutExtendingAheadTheGrowingInternExtendsTheFileUnderTheWriteLock() throws IOException {
        byte[] term = fillDataFileToWithin(2048);
        long mapped = stats().dataFileBytes();
        dataExtensions.clear();
        internUnderWriteLock(term);
        assertTrue(stats().dataFileBytes() > mapped);
        assertEquals(1, dataExtensions.size(), "the intern extended the file itself");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Interns until one more atom would make the next intern rehash; returns the atom count. */
    private long fillToLoadFactor() throws IOException {
        long capacity = capacity();
        while (sizeUnderReadLock() + 1 <= capacity * AtomStoreOptions.DEFAULT_HASH_LOAD_FACTOR) {
            internUnderWriteLock(1);
        }
        assertEquals(capacity, capacity(), "filled without a rehash");
        return sizeUnderReadLock();
    }

    /** Interns 1 KiB terms until the next would not fit the data file's mapping; returns that next term. */
    private byte[] fillDataFileToWithin(int bytes) throws IOException {
        while (true) {
            byte[] term = ("k" + nextTerm++ + "-").repeat(1024).substring(0, 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            AtomStoreStats stats = stats();
            if (stats.dataBytes() + bytes > stats.dataFileBytes()) {
                return term;
            }
            internUnderWriteLock(term);
        }
    }

    private void internUnderWriteLock(byte[] term) throws IOException {
        lock.writeLock().lock();
        try {
            store.intern(term);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private AtomStoreStats stats() {
        lock.readLock().lock();
        try {
            return store.stats();
        } finally {
            lock.readLock().unlock();
        }
    }

    private StorageIo recordingDataExtensions() {
        return new ForwardingStorageIo(StorageIo.system()) {
            @Override
            public void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
                throws IOException {
                if (file.getFileName().toString().equals(AtomStore.DATA_FILE) && toLength > fromLength) {
                    dataExtensions.add(new long[] {fromLength, toLength});
                }
                super.extend(channel, file, fromLength, toLength, allocate);
            }
        };
    }

    private void internUnderWriteLock(int count) throws IOException {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < count; i++) {
                store.intern("t" + nextTerm++);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean installUnderWriteLock(AtomStore.IndexGrowth growth) throws IOException {
        lock.writeLock().lock();
        try {
            return store.installIndex(growth);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private long capacity() {
        return stats().hashCapacity();
    }

    private long sizeUnderReadLock() {
        lock.readLock().lock();
        try {
            return store.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private long lookupUnderReadLock(String term) {
        lock.readLock().lock();
        try {
            return store.lookup(term);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(HashIndex.PENDING_PREFIX)).sorted().toList();
        }
    }

    /** Pending index files other than the one the store uses now. */
    private List<Path> pendingGrowthFiles() throws IOException {
        List<Path> pending = tempFiles();
        return pending.size() <= 1 ? List.of() : pending;
    }
}
