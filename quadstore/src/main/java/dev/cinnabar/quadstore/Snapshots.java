package dev.cinnabar.quadstore;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import dev.cinnabar.quadstore.index.BlockCachePool;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.Segment;

/**
 * The snapshots of one store (ADR-014): the last commit as readers see it, published by one volatile store; the open
 * read transactions; and the segments a durable manifest no longer names but a pinned snapshot still lists, which
 * are unmapped and deleted when the last such snapshot is released.
 */
final class Snapshots implements Snapshot.SegmentOwner {

    private final StoreFiles files;
    private final TermIds termIds;
    private final ReentrantLock writerLock;
    /** The block caches lent to transactions: told when a segment closes, so that none keeps it reachable. */
    private final BlockCachePool blockCaches;
    /**
     * The last commit: replaced by the writer (under the writer lock) only after what it describes is durable, by
     * one volatile store; readers pin it with {@link Snapshot#tryRetain()}.
     */
    private volatile Snapshot current;
    private final Set<Segment> retired = ConcurrentHashMap.newKeySet();
    private final Set<ReadTxn> openReads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger live = new AtomicInteger();

    Snapshots(StoreFiles files, TermIds termIds, ReentrantLock writerLock, BlockCachePool blockCaches) {
        this.files = files;
        this.termIds = termIds;
        this.writerLock = writerLock;
        this.blockCaches = blockCaches;
    }

    /** The last commit, unpinned: for the writer, which alone replaces it. */
    Snapshot current() {
        return current;
    }

    /** Whether a snapshot was ever published (not after a failed recovery). */
    boolean published() {
        return current != null;
    }

    /** A new snapshot with the atoms committed now; one reference, the caller's. */
    Snapshot create(long seq, long quads, StoreStatistics statistics, Memtable memtable, List<Segment> segments,
        SortedMap<String, String> metadata) {
        assert statistics.quads() == quads : "statistics of " + statistics.quads() + " quads for " + quads;
        Snapshot snapshot = new Snapshot(seq, quads, statistics, termIds.committedAtoms(), memtable, segments,
            metadata, this);
        live.incrementAndGet();
        return snapshot;
    }

    /** Publishes {@code next} as the last commit (one volatile store) and drops the store's reference to the old. */
    void publish(Snapshot next) {
        assert writerLock.isHeldByCurrentThread() : "a commit published without the writer lock";
        Snapshot old = current;
        current = next;
        if (old != null) {
            old.release();
        }
    }

    /** Pins the last commit without waiting: retried only if a commit released it in between. */
    Snapshot pin(Runnable checkOpen) {
        while (true) {
            checkOpen.run();
            Snapshot snapshot = current;
            if (snapshot.tryRetain()) {
                return snapshot;
            }
            Thread.onSpinWait();
        }
    }

    /** Drops the store's reference to the last commit (at close, or after a failed open). */
    void releaseCurrent() {
        if (current != null) {
            current.release();
        }
    }

    /** Segments a new durable manifest no longer names: each goes with the last snapshot listing it. */
    void retire(Collection<Segment> segments) {
        retired.addAll(segments);
    }

    @Override
    public void unreferenced(Segment segment) {
        segment.close();
        blockCaches.segmentsClosed();
        if (retired.remove(segment)) {
            files.deleteUnlessNamed(segment.file());
        }
    }

    @Override
    public void snapshotFreed() {
        live.decrementAndGet();
    }

    void opened(ReadTxn txn) {
        openReads.add(txn);
    }

    /** {@code txn} closed; {@code notify} wakes a closing store waiting for it. */
    void closed(ReadTxn txn, boolean notify) {
        if (openReads.remove(txn) && notify) {
            synchronized (openReads) {
                openReads.notifyAll();
            }
        }
    }

    boolean hasReadOf(Thread thread) {
        for (ReadTxn txn : openReads) {
            if (txn.owner() == thread) {
                return true;
            }
        }
        return false;
    }

    /** Waits until every open read transaction has closed, keeping an interrupt for later. */
    void awaitReadsClosed() {
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

    int openReadCount() {
        return openReads.size();
    }

    /** The age of the oldest open read transaction, or 0. */
    long oldestReadMillis() {
        long now = System.nanoTime();
        long oldest = 0;
        for (ReadTxn txn : openReads) {
            oldest = Math.max(oldest, now - txn.beganNanos());
        }
        return oldest / 1_000_000L;
    }

    int liveCount() {
        return live.get();
    }

    int retiredCount() {
        return retired.size();
    }

    long retiredBytes() {
        long bytes = 0;
        for (Segment segment : retired) {
            bytes += segment.fileBytes();
        }
        return bytes;
    }
}
