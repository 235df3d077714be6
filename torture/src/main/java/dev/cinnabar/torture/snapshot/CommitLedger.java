package dev.cinnabar.torture.snapshot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;

/**
 * What each commit of a workload held, by the store's commit sequence, as the workload's model says: the writer
 * records a commit once it was acknowledged, and {@link SnapshotReaders} check each snapshot against the record of
 * its sequence number.
 */
public final class CommitLedger {

    private final Map<Long, Fingerprint> commits = new ConcurrentHashMap<>();
    private final AtomicLong latest = new AtomicLong(-1);
    private final AtomicLong maintenance = new AtomicLong();

    /**
     * Records that the store's last commit holds {@code model}; call it on the writer's thread once the commit (or
     * an operation that commits nothing) returned. Only that thread commits, so the last commit is its own.
     *
     * @throws IllegalStateException if that commit sequence number was recorded before with other quads: the store
     *                               published two states under one number
     */
    public void recordLastCommit(QuadStore store, Fingerprint model) {
        long sequence;
        try (ReadTxn read = store.beginRead()) {
            sequence = read.commitSequence();
        }
        Fingerprint before = commits.putIfAbsent(sequence, model);
        if (before != null && !before.equals(model)) {
            throw new IllegalStateException("commit sequence " + sequence + " of " + store.directory() + " was "
                + before + " and is now " + model + ": the store changed its quads without a new commit number");
        }
        latest.accumulateAndGet(sequence, Math::max);
    }

    /** Notes a checkpoint or compaction about to run, so readers can tell which snapshots were held across one. */
    public void noteMaintenance() {
        maintenance.incrementAndGet();
    }

    long maintenanceCount() {
        return maintenance.get();
    }

    long latest() {
        return latest.get();
    }

    /** The record of {@code sequence}, waiting up to {@code timeoutNanos} for the writer to make it; null if none. */
    Fingerprint await(long sequence, long timeoutNanos) {
        long until = System.nanoTime() + timeoutNanos;
        Fingerprint found;
        while ((found = commits.get(sequence)) == null && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return found;
    }
}
