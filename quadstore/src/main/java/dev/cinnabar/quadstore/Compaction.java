package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MergeCursor;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.quadstore.index.SegmentWriter;

/**
 * Merging segments: in the background after a checkpoint leaves too many (a tiered window of the newest, alike in
 * size), or all of them on request. A merge reads a pinned snapshot's segments without any lock and takes the writer
 * lock only to swap its result in; readers are never blocked, and the inputs go when the last snapshot listing them
 * is released.
 */
final class Compaction {

    private final QuadStore store;
    private final StoreFiles files;
    private final Snapshots snapshots;
    private final Commits commits;
    private final ReentrantLock writerLock;
    private final QuadStoreOptions options;
    /** One merge at a time: a requested one waits for a background one. */
    private final ReentrantLock mergeLock = new ReentrantLock();
    private final ExecutorService background;
    private volatile boolean queued;
    private volatile boolean stopping;
    private volatile IOException backgroundFailure;

    Compaction(QuadStore store, StoreFiles files, Snapshots snapshots, Commits commits, ReentrantLock writerLock,
        QuadStoreOptions options) {
        this.store = store;
        this.files = files;
        this.snapshots = snapshots;
        this.commits = commits;
        this.writerLock = writerLock;
        this.options = options;
        Path directory = files.directory();
        this.background = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "cinnabar-compaction " + directory);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** After a checkpoint (the writer): queues a background merge if the segments passed the trigger. */
    void scheduleIfNeeded() {
        if (options.autoCompaction() && !queued && !stopping
            && snapshots.current().segments.size() > options.compactionTriggerSegments()) {
            queued = true;
            background.execute(this::runInBackground);
        }
    }

    private void runInBackground() {
        try {
            mergeLock.lock();
            try {
                queued = false;
                if (stopping) {
                    return;
                }
                Snapshot pinned = snapshots.pin(store::checkOpen);
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
                mergeLock.unlock();
            }
        } catch (IOException e) {
            backgroundFailure = e;
        } catch (IllegalStateException e) {
            if (!stopping) {
                backgroundFailure = new IOException("background compaction of " + files.directory() + " failed", e);
            }
        } catch (RuntimeException e) {
            backgroundFailure = new IOException("background compaction of " + files.directory() + " failed", e);
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
     * {@link QuadStore#compact()}: folds the memtable in (under the writer lock), then merges every segment into
     * one, dropping removed quads for good. Reports an earlier background failure after its own work.
     */
    void compactAll() throws IOException {
        mergeLock.lock();
        try {
            writerLock.lock();
            try {
                store.checkOpen();
                files.checkWritable();
                commits.checkpointMemtable();
            } finally {
                writerLock.unlock();
            }
            Snapshot pinned = snapshots.pin(store::checkOpen);
            try {
                List<Segment> window = pinned.segments;
                if (!window.isEmpty() && (window.size() > 1 || window.get(0).tombstoneCount() > 0)) {
                    mergeAndSwap(window, true);
                }
            } finally {
                pinned.release();
            }
        } finally {
            mergeLock.unlock();
        }
        IOException failure = backgroundFailure;
        if (failure != null) {
            backgroundFailure = null;
            throw new IOException("an earlier background compaction failed (the store is unchanged by it)", failure);
        }
    }

    /**
     * Merges {@code window} (adjacent segments, oldest first, pinned by the caller) into one segment and swaps it in
     * under the writer lock.
     */
    private void mergeAndSwap(List<Segment> window, boolean includesOldest) throws IOException {
        Path file = files.newSegmentPath();
        Segment merged = null;
        boolean swapped = false;
        try {
            try (SegmentWriter writer = files.createSegment(file)) {
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
                        if ((++written & 0xFFFF) == 0 && stopping) {
                            throw new IOException("compaction of " + files.directory()
                                + " stopped: the store is closing");
                        }
                        writer.append(entries.key(0), entries.key(1), entries.key(2), entries.key(3),
                            entries.tombstone());
                    }
                    writer.endOrder();
                }
                writer.finish();
            }
            merged = Segment.open(files.io(), file);
            files.io().forceDirectory(files.directory());
            writerLock.lock();
            try {
                store.checkOpen();
                files.checkWritable();
                boolean empty = merged.entryCount() == 0;
                commits.swapSegments(window, empty ? null : merged);
                swapped = true;
                if (empty) {
                    merged.close();
                    files.deleteQuietly(file);
                }
            } finally {
                writerLock.unlock();
            }
        } finally {
            if (!swapped) {
                if (merged != null) {
                    merged.close();
                }
                files.deleteUnlessNamed(file);
            }
        }
    }

    /** Stops background merges at close: a merge under way is abandoned, its file deleted. */
    void stop() {
        stopping = true;
        background.shutdown();
        try {
            background.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a failed open: nothing was scheduled that needs finishing. */
    void stopNow() {
        stopping = true;
        background.shutdownNow();
    }
}
