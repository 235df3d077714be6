package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store owned by a caller's lock asserts the lock at every mutator and read path (tests run with -ea). */
class LockContractTest {

    @TempDir
    Path dir;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private AtomStore store;

    @BeforeEach
    void open() throws IOException {
        assertTrue(LockContractTest.class.desiredAssertionStatus(), "tests must run with -ea");
        store = AtomStore.open(dir, AtomStoreTest.smallOptions().withLockContract(LockContract.of(lock)));
        lock.writeLock().lock();
        try {
            store.intern("existing");
        } finally {
            lock.writeLock().unlock();
        }
    }

    @AfterEach
    void close() throws IOException {
        lock.writeLock().lock();
        try {
            store.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Test
    void internWithoutTheWriteLockFailsTheAssertion() {
        AssertionError e = assertThrows(AssertionError.class, () -> store.intern("new"));
        assertTrue(e.getMessage().contains("write lock"), e.getMessage());
    }

    @Test
    void internUnderOnlyTheReadLockFailsTheAssertion() {
        lock.readLock().lock();
        try {
            assertThrows(AssertionError.class, () -> store.intern("new"));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Test
    void commitWithoutTheWriteLockFailsTheAssertion() {
        assertThrows(AssertionError.class, store::commit);
    }

    @Test
    void everyReadPathWithoutALockFailsTheAssertion() {
        assertThrows(AssertionError.class, () -> store.lookup("existing"));
        assertThrows(AssertionError.class, () -> store.resolve(1));
        assertThrows(AssertionError.class, () -> store.resolveInto(1, new UnsafeBuffer(new byte[16]), 0));
        assertThrows(AssertionError.class, () -> store.wrapAtom(1, new UnsafeBuffer(0, 0)));
        assertThrows(AssertionError.class, () -> store.length(1));
        assertThrows(AssertionError.class, store::size);
        assertThrows(AssertionError.class, store::committedSize);
        assertThrows(AssertionError.class, store::stats);
        assertThrows(AssertionError.class, store::verify);
    }

    @Test
    void readsUnderTheReadLockAndWritesUnderTheWriteLockSucceed() throws IOException {
        lock.readLock().lock();
        try {
            assertEquals(1, store.lookup("existing"));
            assertEquals("existing", store.resolveString(1));
            store.verify();
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        try {
            assertEquals(2, store.intern("new"));
            assertEquals(2, store.lookup("new")); // the write lock also allows reads
            store.commit();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
