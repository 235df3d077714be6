package dev.cinnabar.quadstore.index;

/**
 * A prefix scan of one order of a {@link Segment}. It decodes entries lazily, one per {@link #next()}. A
 * {@link #seek} (and the start of the scan) finds the target's block through the block index, and the last restart
 * point before the target inside the block, then decodes forward; seeks only go forward, so no entry is decoded
 * twice.
 */
final class SegmentCursor implements EntryCursor {

    private final BlockReader reader;
    private final BlockIndex index;
    private final long[] key;
    private final long[] prefix = new long[4];
    private final int prefixLength;
    /** Entries before this key are skipped; valid while {@link #seeking}. */
    private final long[] target = new long[4];
    private boolean seeking = true;
    /** The block that is loaded when the current one is used up. */
    private int nextBlock;
    private boolean done;

    SegmentCursor(Segment segment, BlockReader reader, long[] prefix, int prefixLength, BlockCache blocks) {
        this.reader = reader;
        this.index = reader.index;
        this.key = reader.decoder.key;
        this.prefixLength = prefixLength;
        for (int i = 0; i < 4; i++) {
            this.prefix[i] = i < prefixLength ? prefix[i] : Long.MIN_VALUE;
            this.target[i] = this.prefix[i];
        }
        this.nextBlock = Math.max(0, blocks.floorBlock(segment, index, target[0], target[1], target[2], target[3]));
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        BlockReader r = reader;
        long[] k = key;
        while (true) {
            if (r.remaining == 0) {
                if (nextBlock >= index.blockCount) {
                    done = true;
                    return false;
                }
                r.load(nextBlock++);
                if (seeking) {
                    r.skipTowards(target[0], target[1], target[2], target[3]);
                }
            }
            r.next();
            if (seeking) {
                if (EntryCodec.compare(k, target) < 0) {
                    continue;
                }
                seeking = false;
            }
            for (int i = 0; i < prefixLength; i++) {
                if (k[i] != prefix[i]) {
                    done = true; // sorted: no later entry has the prefix either
                    return false;
                }
            }
            return true;
        }
    }

    /** Blocks loaded so far. */
    int blockLoads() {
        return reader.loads;
    }

    /** Entries decoded so far. */
    long entriesDecoded() {
        return reader.decoded;
    }

    /** Of {@link #entriesDecoded()}, those copied from the block cache rather than decoded. */
    long entriesReplayed() {
        return reader.replayed;
    }

    @Override
    public long key(int position) {
        return key[position];
    }

    @Override
    public boolean tombstone() {
        return reader.decoder.tombstone;
    }

    @Override
    public void seek(long k0, long k1, long k2, long k3) {
        if (done) {
            return;
        }
        // Never backwards: compare with the pending target, or with the current entry if there is no target.
        int c = seeking ? EntryCodec.compare(target, k0, k1, k2, k3) : EntryCodec.compare(key, k0, k1, k2, k3);
        if (c >= 0) {
            return;
        }
        target[0] = k0;
        target[1] = k1;
        target[2] = k2;
        target[3] = k3;
        seeking = true;
        if (nextBlock < index.blockCount && index.compareFirst(nextBlock, k0, k1, k2, k3) <= 0) {
            // The target lies in a later block: skip the rest of this one and the blocks before the target's.
            nextBlock = index.floorBlock(nextBlock, k0, k1, k2, k3);
            reader.remaining = 0;
        } else if (reader.remaining > 0) {
            reader.skipTowards(k0, k1, k2, k3); // within this block: from the last restart point before the target
        }
    }
}
