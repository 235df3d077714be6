package dev.cinnabar.quadstore.index;

import java.util.ArrayList;
import java.util.List;

/**
 * The store's committed changes since its last checkpoint, in heap: a stack of immutable sorted {@link Run}s, one
 * added per commit and merged with its neighbour when they are of alike size (like a binary counter), so a commit
 * costs sorting its own changes plus amortized O(log n) merging, never a pass over the whole memtable.
 *
 * <p>A memtable is immutable: {@link #with} returns a new one and leaves this one as it was, so readers of the old
 * one (under the read lock, or a transaction's snapshot) are never disturbed.
 */
public final class Memtable {

    private static final Memtable EMPTY = new Memtable(List.of(), 0);

    /** Oldest first. */
    private final List<Run> runs;
    private final int rows;

    private Memtable(List<Run> runs, int rows) {
        this.runs = runs;
        this.rows = rows;
    }

    public static Memtable empty() {
        return EMPTY;
    }

    /** Rows held across runs (a quad changed in several runs not yet merged counts more than once). */
    public int size() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    int runCount() {
        return runs.size();
    }

    /**
     * This memtable plus one commit's changes: {@code count} (g, s, p, o) rows of {@code gspo}, ascending and
     * distinct, each with a tombstone flag in {@code tombstone} (1 = removed). The arrays become the memtable's.
     */
    public Memtable with(long[] gspo, byte[] tombstone, int count) {
        return count == 0 ? this : plus(List.of(Run.ofSortedGspo(gspo, tombstone, count)));
    }

    /**
     * This memtable plus the changes of {@code changes} (a memtable of one commit's changes, from
     * {@code empty().with(...)}), sharing its run: a commit that needs its changes as a memtable of their own (for
     * statistics) sorts them once.
     */
    public Memtable plus(Memtable changes) {
        return changes.isEmpty() ? this : plus(changes.runs);
    }

    private Memtable plus(List<Run> added) {
        List<Run> next = new ArrayList<>(runs);
        for (Run run : added) {
            Run merged = run;
            while (!next.isEmpty() && next.get(next.size() - 1).size() <= 2 * merged.size()) {
                merged = Run.merge(merged, next.remove(next.size() - 1));
            }
            next.add(merged);
        }
        int total = 0;
        for (Run run : next) {
            total += run.size();
        }
        return new Memtable(List.copyOf(next), total);
    }

    /** {@link MemoryIndex#PRESENT}, {@link MemoryIndex#TOMBSTONE} or {@link MemoryIndex#ABSENT}: the newest state. */
    public int find(long g, long s, long p, long o) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            int state = runs.get(i).find(g, s, p, o);
            if (state != MemoryIndex.ABSENT) {
                return state;
            }
        }
        return MemoryIndex.ABSENT;
    }

    /** Adds a cursor per run of {@code order} to {@code sources}, newest first. */
    public void addCursors(IndexOrder order, long[] prefix, int prefixLength, List<EntryCursor> sources) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            sources.add(runs.get(i).cursor(order, prefix, prefixLength));
        }
    }

    /** One cursor over every run, the newest deciding, tombstones kept or hidden. */
    public EntryCursor cursor(IndexOrder order, long[] prefix, int prefixLength, boolean hideTombstones) {
        List<EntryCursor> sources = new ArrayList<>();
        addCursors(order, prefix, prefixLength, sources);
        return new MergeCursor(sources.toArray(new EntryCursor[0]), hideTombstones);
    }
}
