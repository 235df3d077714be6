package dev.cinnabar.quadstore.index;

/**
 * Merges cursors of one order from several sources into one ascending cursor, the newest source deciding: where
 * sources hold the same key, only the entry of the newest (lowest-numbered) source counts. Optionally hides
 * tombstones, which gives the visible quads of a stack of sources (write buffer, memtable, segments).
 *
 * <p>Up to {@link #LINEAR_SOURCES} sources are compared head by head; more (a bulk load's chunks) go through a
 * binary heap, so each entry costs O(log n) comparisons. Both modes keep the runner-up to the last winner, so that
 * while one source keeps winning (a bulk load's chunks give long runs) an entry costs one comparison.
 */
public final class MergeCursor implements EntryCursor {

    private static final int LINEAR_SOURCES = 4;

    private final EntryCursor[] sources;
    /** Live source numbers as a binary heap by head key (ties: lower number first); null in linear mode. */
    private final int[] heap;
    private int heapSize;
    private final boolean hideTombstones;
    /** The current head key of each source, 4 longs each; valid where {@code live} is set. */
    private final long[] heads;
    private final boolean[] live;
    private final long[] key = new long[4];
    private boolean tombstone;
    /**
     * Linear mode: the source of the current entry (-1: none, or heads moved since), and the source of the smallest
     * other head (-1: no other is live). Only the winner's head moves until the winner changes, so the runner-up
     * stays valid meanwhile; a bulk load's chunks give long runs from one source.
     */
    private int lastWinner = -1;
    private int runnerUp = -1;
    /**
     * Heap mode: the source of the smallest head below the top (the smaller of {@code heap[1]} and {@code heap[2]}),
     * -1 when not known. It stays valid while only the top's head moves and the top stays on top.
     */
    private int heapRunnerUp = -1;

    /**
     * @param sources newest first
     * @param hideTombstones whether entries whose newest state is a tombstone are skipped
     */
    public MergeCursor(EntryCursor[] sources, boolean hideTombstones) {
        this.sources = sources.clone();
        this.hideTombstones = hideTombstones;
        this.heads = new long[sources.length * 4];
        this.live = new boolean[sources.length];
        for (int i = 0; i < sources.length; i++) {
            advance(i);
        }
        this.heap = sources.length > LINEAR_SOURCES ? new int[sources.length] : null;
        if (heap != null) {
            rebuildHeap();
        }
    }

    private void rebuildHeap() {
        heapRunnerUp = -1;
        heapSize = 0;
        for (int i = 0; i < sources.length; i++) {
            if (live[i]) {
                heap[heapSize++] = i;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private boolean before(int a, int b) {
        int c = compareHeads(a, b);
        return c < 0 || (c == 0 && a < b);
    }

    private void siftDown(int at) {
        int source = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], source)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = source;
    }

    /** Advances the source at the top of the heap and restores the heap. */
    private void advanceTop() {
        int top = heap[0];
        advance(top);
        restoreTop(top);
    }

    /** Restores the heap after the head of {@code top}, the source at its top, moved. */
    private void restoreTop(int top) {
        heapRunnerUp = -1;
        if (!live[top]) {
            heap[0] = heap[--heapSize];
        }
        if (heapSize > 0) {
            siftDown(0);
        }
    }

    private boolean nextFromHeap() {
        while (heapSize > 0) {
            int winner = heap[0]; // the smallest key, and of equal keys the newest source
            takeHead(winner);
            advance(winner);
            if (live[winner] && heapSize > 1) {
                if (heapRunnerUp < 0) {
                    heapRunnerUp = heapSize == 2 || before(heap[1], heap[2]) ? heap[1] : heap[2];
                }
                // Strictly below every other head: the winner stays on top, and no other source holds the key
                // just taken (their heads are above it). One comparison per entry of a run from one source.
                if (compareHeads(winner, heapRunnerUp) < 0) {
                    if (!(tombstone && hideTombstones)) {
                        return true;
                    }
                    continue;
                }
            }
            restoreTop(winner);
            while (heapSize > 0 && compareHead(heap[0], key[0], key[1], key[2], key[3]) == 0) {
                advanceTop(); // older entries of the same key
            }
            if (!(tombstone && hideTombstones)) {
                return true;
            }
        }
        return false;
    }

    private void advance(int i) {
        EntryCursor source = sources[i];
        live[i] = source.next();
        if (live[i]) {
            int base = i * 4;
            heads[base] = source.key(0);
            heads[base + 1] = source.key(1);
            heads[base + 2] = source.key(2);
            heads[base + 3] = source.key(3);
        }
    }

    @Override
    public boolean next() {
        if (heap != null) {
            return nextFromHeap();
        }
        while (true) {
            int winner = lastWinner;
            // The last winner wins again while its head stays strictly below every other head: one comparison.
            if (winner < 0 || !live[winner] || runnerUp >= 0 && compareHeads(winner, runnerUp) >= 0) {
                winner = -1;
                for (int i = 0; i < sources.length; i++) {
                    if (live[i] && (winner < 0 || compareHeads(i, winner) < 0)) {
                        winner = i; // strictly smaller only: on ties the newer (earlier) source stays the winner
                    }
                }
                if (winner < 0) {
                    return false;
                }
                for (int i = sources.length - 1; i >= 0; i--) {
                    if (i != winner && live[i] && compareHeads(i, winner) == 0) {
                        advance(i); // an older entry of the same key
                    }
                }
                runnerUp = -1;
                for (int i = 0; i < sources.length; i++) {
                    if (i != winner && live[i] && (runnerUp < 0 || compareHeads(i, runnerUp) < 0)) {
                        runnerUp = i;
                    }
                }
                lastWinner = winner;
            }
            takeHead(winner);
            advance(winner);
            if (!(tombstone && hideTombstones)) {
                return true;
            }
        }
    }

    /** Makes source {@code winner}'s head the current entry. */
    private void takeHead(int winner) {
        System.arraycopy(heads, winner * 4, key, 0, 4);
        tombstone = sources[winner].tombstone();
    }

    private int compareHeads(int a, int b) {
        int ia = a * 4;
        int ib = b * 4;
        for (int i = 0; i < 4; i++) {
            int c = Long.compare(heads[ia + i], heads[ib + i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public long key(int position) {
        return key[position];
    }

    @Override
    public boolean tombstone() {
        return tombstone;
    }

    @Override
    public void seek(long k0, long k1, long k2, long k3) {
        lastWinner = -1;
        for (int i = 0; i < sources.length; i++) {
            if (live[i] && compareHead(i, k0, k1, k2, k3) < 0) {
                sources[i].seek(k0, k1, k2, k3);
                advance(i);
            }
        }
        if (heap != null) {
            rebuildHeap();
        }
    }

    private int compareHead(int i, long k0, long k1, long k2, long k3) {
        int base = i * 4;
        int c = Long.compare(heads[base], k0);
        if (c == 0) {
            c = Long.compare(heads[base + 1], k1);
            if (c == 0) {
                c = Long.compare(heads[base + 2], k2);
                if (c == 0) {
                    c = Long.compare(heads[base + 3], k3);
                }
            }
        }
        return c;
    }
}
