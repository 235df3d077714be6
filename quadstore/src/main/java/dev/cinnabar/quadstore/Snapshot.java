package dev.cinnabar.quadstore;

import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.Segment;

/**
 * One commit as readers see it: the segment list, the memtable runs, the metadata, the commit sequence, the quad
 * count, the statistics and the committed atom count. Immutable, and published to readers by one volatile store of the store's
 * {@code current} field (ADR-014): every field is final and everything it names (segment files mapped, memtable
 * runs filled, atoms committed) was complete before that store.
 *
 * <p>Reference counted: the store holds one reference to its current snapshot, and each open transaction one to the
 * snapshot it reads. {@link #tryRetain()} never revives a snapshot whose count reached zero, so a reader that races
 * with a commit either pins the snapshot before its last release or retries with the newer one. The last release
 * releases the segments; a segment no snapshot lists any more is closed (and deleted, if compaction retired it).
 */
final class Snapshot {

    /** Told when a segment loses its last reference. */
    interface SegmentOwner {
        void unreferenced(Segment segment);

        /** A snapshot's count reached zero. */
        void snapshotFreed();
    }

    final long commitSequence;
    final long quadCount;
    final long atomCount;
    final StoreStatistics statistics;
    final Memtable memtable;
    final List<Segment> segments;
    final SortedMap<String, String> metadata;
    private final SegmentOwner owner;
    /** Starts at one: the reference of whoever made it (the store, as its current snapshot). */
    private final AtomicInteger references = new AtomicInteger(1);

    /** A snapshot listing {@code segments}, each of which gains a reference. */
    Snapshot(long commitSequence, long quadCount, StoreStatistics statistics, long atomCount, Memtable memtable,
        List<Segment> segments, SortedMap<String, String> metadata, SegmentOwner owner) {
        this.commitSequence = commitSequence;
        this.quadCount = quadCount;
        this.statistics = statistics;
        this.atomCount = atomCount;
        this.memtable = memtable;
        this.segments = List.copyOf(segments);
        this.metadata = metadata;
        this.owner = owner;
        for (Segment segment : this.segments) {
            segment.retain();
        }
    }

    /** A new reference, unless the count already reached zero (then the caller takes the newer snapshot). */
    boolean tryRetain() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one releases the segments. */
    void release() {
        int left = references.decrementAndGet();
        if (left < 0) {
            throw new IllegalStateException("snapshot of commit " + commitSequence + " released too often");
        }
        if (left == 0) {
            for (Segment segment : segments) {
                if (segment.release()) {
                    owner.unreferenced(segment);
                }
            }
            owner.snapshotFreed();
        }
    }

    /** Whether anyone still holds a reference (debug-build assertions). */
    boolean isLive() {
        return references.get() > 0;
    }
}
