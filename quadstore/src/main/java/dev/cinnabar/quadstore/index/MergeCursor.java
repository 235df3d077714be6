package dev.cinnabar.quadstore.index;

/**
 * Merges cursors of one order from several sources into one ascending cursor, the newest source deciding: where
 * sources hold the same key, only the entry of the newest (lowest-numbered) source counts. Optionally hides
 * tombstones, which gives the visible quads of a stack of sources (write buffer, memtable, segments).
 */
public final class MergeCursor implements EntryCursor {

    private final EntryCursor[] sources;
    private final boolean hideTombstones;
    /** The current head key of each source, 4 longs each; valid where {@code live} is set. */
    private final long[] heads;
    private final boolean[] live;
    private final long[] key = new long[4];
    private boolean tombstone;

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
        while (true) {
            int winner = -1;
            for (int i = 0; i < sources.length; i++) {
                if (live[i] && (winner < 0 || compareHeads(i, winner) < 0)) {
                    winner = i; // strictly smaller only: on ties the newer (earlier) source stays the winner
                }
            }
            if (winner < 0) {
                return false;
            }
            int base = winner * 4;
            key[0] = heads[base];
            key[1] = heads[base + 1];
            key[2] = heads[base + 2];
            key[3] = heads[base + 3];
            tombstone = sources[winner].tombstone();
            for (int i = sources.length - 1; i >= 0; i--) {
                if (live[i] && (i == winner || compareHeads(i, winner) == 0)) {
                    if (i != winner) {
                        advance(i);
                    }
                }
            }
            advance(winner);
            if (!(tombstone && hideTombstones)) {
                return true;
            }
        }
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
        for (int i = 0; i < sources.length; i++) {
            if (live[i] && compareHead(i, k0, k1, k2, k3) < 0) {
                sources[i].seek(k0, k1, k2, k3);
                advance(i);
            }
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
