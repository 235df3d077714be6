package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MemoryIndex;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.MergeCursor;
import dev.cinnabar.quadstore.index.Segment;

/**
 * The writer's side of a store: the durable manifest, the commit log, and the path of a commit: forced to disk
 * (atoms, then a log record or a checkpoint's segments and manifest), then published as a new snapshot. Used under
 * the writer lock only; readers never touch it.
 */
final class Commits {

    /** Told after each checkpoint, which may leave enough segments to merge. */
    interface CheckpointListener {
        void checkpointed();
    }

    private static final long[] NO_PREFIX = new long[4];

    private final StoreFiles files;
    private final Snapshots snapshots;
    private final AtomStore atoms;
    private final TermIds termIds;
    private final QuadStoreOptions options;
    private final CheckpointListener listener;
    private StoreManifest manifest;
    private long nextLogNumber;
    /** The log new commits go to; null until the first commit after open, a checkpoint or a failed append. */
    private CommitLog.Writer log;

    Commits(StoreFiles files, Snapshots snapshots, AtomStore atoms, TermIds termIds, QuadStoreOptions options,
        CheckpointListener listener) {
        this.files = files;
        this.snapshots = snapshots;
        this.atoms = atoms;
        this.termIds = termIds;
        this.options = options;
        this.listener = listener;
    }

    /** Starts from what recovery found: the durable manifest and the number of the next log file. */
    void recovered(StoreManifest recovered, long nextLog) {
        this.manifest = recovered;
        this.nextLogNumber = nextLog;
    }

    long defaultGraphId() {
        return manifest.defaultGraphId();
    }

    /** Commits {@code txn}: see {@link WriteTxn#commit()}. */
    void commit(TxnView txn) throws IOException {
        if (txn.spills.isEmpty()) {
            commitThroughLog(txn);
        } else {
            commitThroughSegments(txn);
        }
    }

    /** A transaction that fits its buffer: one log record, then a new snapshot with one more memtable run. */
    private void commitThroughLog(TxnView txn) throws IOException {
        Snapshot base = snapshots.current();
        if (base.memtable.size() >= options.memtableMaxQuads()
            || (log != null && log.bytes() >= options.logMaxBytes())) {
            // first, so that a failure here leaves the commit undone
            checkpoint(List.of(), base.commitSequence, base.quadCount, base.statistics, base.metadata);
            base = snapshots.current();
        }
        SortedMap<String, String> metadataChanges = txn.metadataChanges(base.metadata);
        // Only real changes go to the log: the quad count stays exact and replays stay small.
        int capacity = Math.max(16, txn.buffer.size());
        long[] gspo = new long[capacity * 4];
        byte[] tombstone = new byte[capacity];
        int count = 0;
        long quads = base.quadCount;
        CommittedProbe committed = new CommittedProbe(base);
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
        Memtable changed = Memtable.empty().with(gspo, tombstone, count);
        StoreStatistics statistics = count == 0 ? base.statistics
            : StatisticsUpdate.apply(base.statistics, base.memtable, base.segments, base.atomCount,
                order -> changed.cursor(order, NO_PREFIX, 0, false), true, typeId(base), count);
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
            StoreFiles.closeQuietly(writer);
            throw e;
        }
        snapshots.publish(snapshots.create(base.commitSequence + 1, quads, statistics, base.memtable.plus(changed),
            base.segments, newMetadata));
    }

    /** {@code base} with {@code changes} applied ({@code null} value: removed), unmodifiable. */
    static SortedMap<String, String> applyChanges(SortedMap<String, String> base,
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
        Snapshot base = snapshots.current();
        long quads = base.quadCount;
        CommittedProbe committed = new CommittedProbe(base);
        List<Segment> spills = txn.spills;
        EntryCursor changes = merged(spills, IndexOrder.GSPO);
        while (changes.next()) {
            boolean present = committed.state(changes.key(0), changes.key(1), changes.key(2), changes.key(3))
                == MemoryIndex.PRESENT;
            if (changes.tombstone() == present) {
                quads += present ? -1 : 1;
            }
        }
        StoreStatistics statistics = StatisticsUpdate.apply(base.statistics, base.memtable, base.segments,
            base.atomCount, order -> merged(spills, order), false, typeId(base),
            spills.stream().mapToLong(Segment::entryCount).sum());
        atoms.commit();
        checkpoint(spills, base.commitSequence + 1, quads, statistics,
            applyChanges(base.metadata, txn.metadataChanges(base.metadata)));
        spills.clear(); // now the store's
    }

    /** The newest entry of each key of {@code spills} (oldest first) in {@code order}, tombstones kept. */
    private static EntryCursor merged(List<Segment> spills, IndexOrder order) {
        EntryCursor[] sources = new EntryCursor[spills.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = spills.get(spills.size() - 1 - i).cursor(order, NO_PREFIX, 0);
        }
        return new MergeCursor(sources, false);
    }

    /** The atom id of rdf:type for statistics: fixed once some commit had it, looked up until then. */
    private long typeId(Snapshot base) {
        long known = base.statistics.typeId();
        return known != 0 ? known : termIds.rdfTypeId();
    }

    /** Writes a transaction's buffer to a new segment file, which it then reads as one of its sources. */
    void spill(TxnView txn) throws IOException {
        MemoryIndex buffer = txn.buffer;
        if (buffer.isEmpty()) {
            return;
        }
        long[] none = new long[4];
        txn.spills.add(files.writeSegment(order -> buffer.cursor(order, none, 0)));
        txn.buffer = new MemoryIndex(); // a new one: cursors still open on the old buffer stay valid
    }

    /**
     * Commits {@code loaded} (forced, uncommitted; null when the load added no quads) as the newest segment, with
     * its atoms and the {@code metadataChanges} (only keys whose value differs, null for a removal).
     */
    void commitLoadedSegment(Segment loaded, long quadsAdded, SortedMap<String, String> metadataChanges)
        throws IOException {
        Snapshot base = snapshots.current();
        StoreStatistics statistics = loaded == null ? base.statistics
            : StatisticsUpdate.apply(base.statistics, base.memtable, base.segments, base.atomCount,
                order -> loaded.cursor(order, NO_PREFIX, 0), false, typeId(base), loaded.entryCount());
        atoms.commit();
        checkpoint(loaded == null ? List.of() : List.of(loaded), base.commitSequence + 1, base.quadCount + quadsAdded,
            statistics, applyChanges(base.metadata, metadataChanges));
    }

    /** Folds the memtable into a segment now, if it holds anything. */
    void checkpointMemtable() throws IOException {
        Snapshot base = snapshots.current();
        if (!base.memtable.isEmpty()) {
            checkpoint(List.of(), base.commitSequence, base.quadCount, base.statistics, base.metadata);
        }
    }

    /**
     * Folds the memtable (as a new segment) and {@code added} segments into the store: a new log file, then the
     * manifest naming them, then a new snapshot. When the manifest is durable, older log files are deleted. Open
     * snapshots keep the memtable and segments they pinned.
     */
    private void checkpoint(List<Segment> added, long newSeq, long newQuadCount, StoreStatistics newStatistics,
        SortedMap<String, String> newMetadata) throws IOException {
        Snapshot base = snapshots.current();
        List<Segment> next = new ArrayList<>(base.segments);
        Segment fromMemtable = null;
        CommitLog.Writer newLog = null;
        Path directory = files.directory();
        try {
            if (!base.memtable.isEmpty()) {
                Memtable folded = base.memtable;
                boolean bottom = base.segments.isEmpty(); // nothing below for a tombstone to hide
                long[] none = new long[4];
                fromMemtable = files.writeSegment(order -> folded.cursor(order, none, 0, bottom));
                next.add(fromMemtable);
            }
            next.addAll(added);
            long logNumber = nextLogNumber;
            newLog = CommitLog.Writer.create(files.io(), CommitLog.path(directory, logNumber), logNumber, newSeq + 1);
            files.io().forceDirectory(directory); // the new segments' and log's names, before the manifest names them
            StoreManifest saved = manifest.withCheckpoint(newSeq, newQuadCount, termIds.committedAtoms(), logNumber,
                logNumber + 1, files.nextSegmentNumber(), StoreFiles.numbers(next), newMetadata, newStatistics);
            save(saved);
        } catch (IOException | RuntimeException e) {
            if (fromMemtable != null) {
                files.discard(fromMemtable);
            }
            if (newLog != null) {
                StoreFiles.closeQuietly(newLog);
                files.deleteUnlessNamed(newLog.file());
            }
            throw e;
        }
        nextLogNumber = manifest.nextLogNumber();
        StoreFiles.closeQuietly(log);
        log = newLog;
        snapshots.publish(snapshots.create(newSeq, newQuadCount, newStatistics, Memtable.empty(), next,
            manifest.metadata()));
        for (Path file : CommitLog.files(directory)) {
            if (CommitLog.numberOf(file) < manifest.logStart()) {
                files.deleteQuietly(file);
            }
        }
        listener.checkpointed();
    }

    private CommitLog.Writer logForAppend(long lastSeq) throws IOException {
        if (log == null) {
            long number = nextLogNumber;
            Path directory = files.directory();
            CommitLog.Writer created = CommitLog.Writer.create(files.io(), CommitLog.path(directory, number), number,
                lastSeq + 1);
            try {
                files.io().forceDirectory(directory);
            } catch (IOException e) {
                StoreFiles.closeQuietly(created);
                files.deleteQuietly(created.file());
                throw e;
            }
            nextLogNumber = number + 1;
            log = created;
        }
        return log;
    }

    /**
     * Replaces the segments {@code window} (adjacent in the current snapshot) by {@code merged} (null: the merge
     * left nothing): the manifest first, then a new snapshot. The inputs are retired: each is unmapped and deleted
     * when the last snapshot listing it goes.
     *
     * @throws IllegalStateException if the current segments no longer hold {@code window}
     */
    void swapSegments(List<Segment> window, Segment merged) throws IOException {
        Snapshot base = snapshots.current();
        List<Segment> segments = base.segments;
        int at = segments.indexOf(window.get(0));
        if (at < 0 || at + window.size() > segments.size()
            || !segments.subList(at, at + window.size()).equals(window)) {
            throw new IllegalStateException("segments changed under compaction");
        }
        List<Segment> next = new ArrayList<>(segments.subList(0, at));
        if (merged != null) {
            next.add(merged);
        }
        next.addAll(segments.subList(at + window.size(), segments.size()));
        save(manifest.withSegments(StoreFiles.numbers(next), files.nextSegmentNumber(), base.commitSequence));
        snapshots.retire(window);
        snapshots.publish(snapshots.create(base.commitSequence, base.quadCount, base.statistics, base.memtable, next,
            base.metadata));
    }

    /**
     * At close: records in the manifest how far the log must reach, so that a log damaged or lost later is
     * reported, not taken for a torn tail of commits that were never acknowledged. Then closes the log.
     */
    void close() throws IOException {
        IOException failure = null;
        long last = snapshots.current().commitSequence;
        if (!files.manifestUndecided() && last > manifest.acknowledgedSeq()) {
            try {
                save(manifest.withAcknowledged(last, nextLogNumber));
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Saves {@code saved} durably, then makes it the manifest (clone, mutate, save, publish). */
    private void save(StoreManifest saved) throws IOException {
        files.saveManifest(saved, manifest);
        manifest = saved;
    }
}
