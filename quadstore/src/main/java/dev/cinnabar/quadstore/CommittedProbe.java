package dev.cinnabar.quadstore;

import java.util.List;

import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MemoryIndex;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.Probe;
import dev.cinnabar.quadstore.index.Segment;

/**
 * The committed state of quads in one snapshot's memtable and segments, probing segments with per-segment cached
 * blocks: callers go in the key order of the probe's index order (GSPO unless given). Used to count a commit's real
 * changes.
 */
final class CommittedProbe {
    private final Memtable memtable;
    private final Probe[] probes;
    private final IndexOrder order;
    private final long[] key = new long[4];

    CommittedProbe(Snapshot snapshot) {
        this(snapshot.memtable, snapshot.segments);
    }

    CommittedProbe(Memtable memtable, List<Segment> segments) {
        this(memtable, segments, IndexOrder.GSPO);
    }

    CommittedProbe(Memtable memtable, List<Segment> segments, IndexOrder order) {
        this.memtable = memtable;
        this.order = order;
        this.probes = new Probe[segments.size()];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = segments.get(segments.size() - 1 - i).probe(order);
        }
    }

    /** {@link MemoryIndex#PRESENT}, {@link MemoryIndex#TOMBSTONE} or {@link MemoryIndex#ABSENT}. */
    int state(long g, long s, long p, long o) {
        int state = memtable.find(g, s, p, o);
        if (state != MemoryIndex.ABSENT) {
            return state;
        }
        if (probes.length == 0) {
            return MemoryIndex.ABSENT;
        }
        long[] k = key;
        order.toKey(g, s, p, o, k);
        for (Probe probe : probes) {
            int found = probe.find(k[0], k[1], k[2], k[3]);
            if (found != Segment.ABSENT) {
                return found == Segment.PRESENT ? MemoryIndex.PRESENT : MemoryIndex.TOMBSTONE;
            }
        }
        return MemoryIndex.ABSENT;
    }
}
