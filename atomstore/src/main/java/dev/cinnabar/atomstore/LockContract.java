package dev.cinnabar.atomstore;

import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * How an {@link AtomStore} checks its owner's lock. The owner (for example a quad store) holds one read/write
 * lock over everything; the atom store never takes it, but {@code assert}s at every mutator that the current
 * thread holds the write lock, and at every read path that it holds the read or the write lock. Under {@code -ea}
 * a violation is an {@link AssertionError}; without it the checks cost nothing.
 */
public interface LockContract {

    /** Whether the current thread holds the write lock. */
    boolean holdsWriteLock();

    /** Whether the current thread holds the read lock or the write lock. */
    boolean holdsReadOrWriteLock();

    /**
     * Whether the current thread may {@link AtomStore#commit() commit}: it is the owner's one writer, so no intern,
     * growth or remap can run meanwhile. A commit only forces bytes already written and publishes the volatile
     * committed manifest, so an owner may let readers go on reading during it (ADR-014); by default it needs the
     * write lock.
     */
    default boolean holdsCommitRight() {
        return holdsWriteLock();
    }

    /** The contract of a {@link ReentrantReadWriteLock}. */
    static LockContract of(ReentrantReadWriteLock lock) {
        return new LockContract() {
            @Override
            public boolean holdsWriteLock() {
                return lock.isWriteLockedByCurrentThread();
            }

            @Override
            public boolean holdsReadOrWriteLock() {
                return lock.getReadHoldCount() > 0 || lock.isWriteLockedByCurrentThread();
            }
        };
    }

    /**
     * The contract of a {@link ReentrantReadWriteLock} and, apart from it, the owner's one-writer lock: holding
     * {@code writer} (or the write lock) is the commit right, as in a quad store (ADR-014).
     */
    static LockContract of(ReentrantReadWriteLock lock, ReentrantLock writer) {
        LockContract rw = of(lock);
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
                return writer.isHeldByCurrentThread() || rw.holdsWriteLock();
            }
        };
    }
}
