package dev.cinnabar.quadstore.index;

import java.io.UncheckedIOException;

/**
 * Reads the blocks of one order for one reader (a cursor, a probe or {@code verify}): takes a verified heap copy of a
 * block from a {@link BlockCache} (which copies it from the mapping and checks its CRC-32C the first time), then
 * decodes its entries one by one, or jumps forward to a restart point (an entry written in full, every
 * {@code restartInterval} entries) to skip entries before a key. Decoding heap copies means the mapped bytes are read
 * once, and a damaged block cannot make the decoder read outside its buffer. The cache may be shared by several
 * readers of one thread: before touching the block's bytes a reader checks that its slot still holds them, and
 * otherwise takes the block from the cache again (its position is a byte offset, valid in any copy).
 */
final class BlockReader {

    /**
     * Entries are recorded in a block's slot from its third opening on: blocks met once or twice (random lookups)
     * cost no recording, blocks a join meets again and again are decoded at most twice.
     */
    private static final int RECORD_AFTER_USES = 2;

    private final Segment segment;
    final BlockIndex index;
    private final BlockCache cache;
    /** The slot holding the loaded block while its stamp is {@link #stamp}. */
    private BlockCache.Slot slot;
    private int stamp;
    final EntryDecoder decoder;
    private final int restartInterval;
    /** The loaded block, or -1. */
    int block = -1;
    /** Entries of the loaded block. */
    private int count;
    /** Entries of the loaded block that {@link #next()} has not yet decoded. */
    int remaining;
    /** Entries until the next restart entry: 0 when the next entry is written in full. */
    private int untilRestart;
    /** Key positions in the loaded block's delta entries: 4, or 3 if all its entries share k3. */
    int width;
    /** Where the first entry starts and the last ends (the restart offsets follow). */
    private int entriesStart;
    private int entriesEnd;
    private int restartCount;
    /** The restart whose key {@link #aheadKey} holds, or -1. */
    private int aheadRestart = -1;
    private final long[] aheadKey = new long[4];
    /**
     * Whether {@link #next()} copies entries from the slot instead of decoding them: those before
     * {@link #replayLimit}, where the slot's record of the current interval ends. {@code decoder.position} is then
     * unknown until decoding starts again (at a restart, or at the record's end).
     */
    private boolean replaying;
    private int replayLimit;
    /** The restart interval of the next entry (once {@link #next()} has started it), and its first entry. */
    private int interval;
    private int intervalStart;
    /** Whether decoded entries are recorded in the slot (a block read more than once). */
    private boolean recording;
    /** Blocks loaded and entries decoded so far, for tests of how much work readers do. */
    int loads;
    long decoded;
    /** Of {@link #decoded}, the entries copied from the slot rather than decoded. */
    long replayed;

    BlockReader(Segment segment, BlockIndex index, BlockCache cache) {
        this.segment = segment;
        this.index = index;
        this.cache = cache;
        this.decoder = new EntryDecoder(null);
        this.restartInterval = segment.restartInterval();
    }

    /**
     * Loads block {@code b}: a verified copy from the cache, entry count, restart offsets. Positions before its
     * first entry.
     *
     * @throws UncheckedIOException with a {@link dev.cinnabar.storage.CorruptStoreException} if it is damaged
     */
    void load(int b) {
        block = -1;
        remaining = 0;
        loads++;
        int length = index.length(b);
        take(b);
        decoder.position = SegmentFormat.BLOCK_CRC_BYTES;
        long countAndFlag;
        try {
            countAndFlag = decoder.varint();
        } catch (RuntimeException e) {
            throw damage(b, "undecodable entry count");
        }
        long n = countAndFlag >>> 1;
        long restartEntries = n < 1 ? 0 : 1 + (n - 1) / restartInterval;
        long end = length - SegmentFormat.RESTART_OFFSET_BYTES * (restartEntries - 1);
        if (n < 1 || n > length || end < decoder.position) {
            throw damage(b, "bad entry count " + n);
        }
        block = b;
        count = (int) n;
        restartCount = (int) restartEntries;
        entriesStart = decoder.position;
        entriesEnd = (int) end;
        width = (countAndFlag & 1) != 0 ? 3 : 4;
        remaining = count;
        untilRestart = 0;
        aheadRestart = -1;
        replaying = false;
        recording = false;
    }

    /** Points the decoders at a verified copy of block {@code b}. */
    private void take(int b) {
        BlockCache.Slot s = cache.acquire(segment, index, b);
        if (s == null) {
            slot = null;
            throw damage(b, "checksum mismatch");
        }
        slot = s;
        stamp = s.stamp;
        decoder.bytes = s.bytes;
    }

    /** Takes the loaded block from the cache again if another reader of the cache has reused its slot. */
    private void ensureBytes() {
        if (slot.stamp != stamp) {
            take(block);
            recording = slot.uses >= RECORD_AFTER_USES;
            if (recording) {
                slot.prepareIntervals(restartCount);
            }
            if (replaying && untilRestart > 0) {
                resumeDecoding(); // the new slot's record may differ: find the entry's bytes again
            }
        }
    }

    /**
     * Decodes the next entry of the loaded block into {@code decoder.key}; {@link #remaining} must be positive.
     * Entries that a reader of this cache decoded from this copy of the block before are copied from the slot
     * instead; the entries of a block read more than once are recorded so, each interval from its restart entry on.
     */
    void next() {
        ensureBytes();
        decoded++;
        int i = count - remaining;
        boolean restart = untilRestart == 0;
        if (restart) {
            startInterval(i / restartInterval);
            untilRestart = restartInterval;
        }
        untilRestart--;
        remaining--;
        if (replaying) {
            if (i >= replayLimit) { // another reader may have recorded more of the interval since
                replayLimit = intervalStart + slot.recorded(interval, stamp);
            }
            if (i < replayLimit) {
                replayed++;
                BlockCache.Slot s = slot;
                int offset = i - intervalStart;
                long[] keys = s.intervalKeys[interval];
                int at = offset * 4;
                long[] k = decoder.key;
                k[0] = keys[at];
                k[1] = keys[at + 1];
                k[2] = keys[at + 2];
                k[3] = keys[at + 3];
                decoder.tombstone = s.intervalTombstones[interval][offset];
                return;
            }
            decodeFromRecordEnd(i);
        }
        try {
            if (restart) {
                decoder.full();
            } else {
                decoder.delta(width);
            }
        } catch (RuntimeException e) { // EntryDecoder.MalformedException, or reading past the buffer
            throw damage(block, "undecodable entry");
        }
        if (remaining == 0 && decoder.position != entriesEnd) {
            throw endMismatch();
        }
        if (recording) {
            record(i);
        }
    }

    /** Continues with decoding at entry {@code i}, the first after the slot's record of its interval. */
    private void decodeFromRecordEnd(int i) {
        replaying = false;
        BlockCache.Slot s = slot;
        decoder.position = s.intervalEnds[interval];
        System.arraycopy(s.intervalKeys[interval], (i - 1 - intervalStart) * 4, decoder.key, 0, 4); // delta's base
    }

    /** Records decoded entry {@code i} in the slot if it extends the record of its interval. */
    private void record(int i) {
        BlockCache.Slot s = slot;
        int restart = interval;
        int offset = i - intervalStart;
        if (s.recorded(restart, stamp) != offset) {
            return; // recorded already, or the entries before it are not
        }
        if (offset == 0) {
            s.prepareInterval(restart, Math.min(restartInterval, count - intervalStart));
        }
        int at = offset * 4;
        long[] keys = s.intervalKeys[restart];
        long[] k = decoder.key;
        keys[at] = k[0];
        keys[at + 1] = k[1];
        keys[at + 2] = k[2];
        keys[at + 3] = k[3];
        s.intervalTombstones[restart][offset] = decoder.tombstone;
        s.intervalRecorded[restart] = offset + 1;
        s.intervalEnds[restart] = decoder.position;
        s.intervalStamps[restart] = stamp;
    }

    /** At restart entry {@code restart}: replay what the slot has of its interval, else decode from the restart. */
    private void startInterval(int restart) {
        interval = restart;
        intervalStart = restart * restartInterval;
        BlockCache.Slot s = slot;
        int recorded = s.recorded(restart, stamp);
        if (recorded > 0) {
            replaying = true;
            replayLimit = restart * restartInterval + recorded;
            return;
        }
        if (replaying) {
            replaying = false;
            decoder.position = restartOffset(restart);
        }
        recording = s.uses >= RECORD_AFTER_USES;
        if (recording) {
            s.prepareIntervals(restartCount);
        }
    }

    /** Switches from replaying to decoding in the middle of an interval: decodes again from its restart entry. */
    private void resumeDecoding() {
        int target = nextEntry();
        positionAtRestart(target / restartInterval);
        while (nextEntry() < target) {
            next();
        }
    }

    private UncheckedIOException endMismatch() {
        return damage(block, "the entries end at byte " + decoder.position + ", not at " + entriesEnd);
    }

    /** The index in the loaded block of the entry that {@link #next()} decodes next. */
    int nextEntry() {
        return count - remaining;
    }

    /**
     * Moves forward to the last restart entry at or before (k0, k1, k2, k3), if that is after the next entry;
     * otherwise stays. Either way, no entry before the key's place is skipped that {@code next} would not skip.
     */
    void skipTowards(long k0, long k1, long k2, long k3) {
        ensureBytes();
        int from = nextEntry() / restartInterval + 1; // the first restart after the next entry
        if (from < restartCount) {
            // Usually (ascending probes, short seeks) the key lies before that restart; its key is kept to see that.
            if (aheadRestart != from) {
                int at = restartKey(from); // may grow the slot's arrays
                System.arraycopy(slot.restartKeys, at, aheadKey, 0, 4);
                aheadRestart = from;
            }
            if (EntryCodec.compare(aheadKey, k0, k1, k2, k3) <= 0) {
                positionAtRestart(restartFloor(from + 1, k0, k1, k2, k3)); // from itself if no later one fits
            }
        }
        skipInInterval(k0, k1, k2, k3);
    }

    /**
     * If the rest of the next entry's interval is in the slot, moves to its first entry at or after the key (or past
     * the interval) by a binary search instead of decoding entry by entry.
     */
    private void skipInInterval(long k0, long k1, long k2, long k3) {
        int i = nextEntry();
        int restart = i / restartInterval;
        int recordEnd = restart * restartInterval + slot.recorded(restart, stamp);
        if (remaining == 0 || i >= recordEnd) {
            return;
        }
        long[] keys = slot.intervalKeys[restart];
        int start = restart * restartInterval;
        int lo = i;
        int hi = recordEnd;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareRecorded(keys, (mid - start) * 4, k0, k1, k2, k3) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == count) {
            lo = count - 1; // callers expect an entry left, as skipping to a restart always leaves one
        }
        if (lo <= i) {
            return;
        }
        int intervalEnd = (restart + 1) * restartInterval;
        if (lo == intervalEnd) { // past a complete interval: at the next restart
            replaying = true; // so that the next restart's position is taken from the restart offsets
            replayLimit = lo;
            remaining = count - lo;
            untilRestart = 0;
            return;
        }
        replaying = true; // entries from lo on: replayed up to the record's end, then decoded from there
        replayLimit = recordEnd;
        interval = restart;
        intervalStart = start;
        remaining = count - lo;
        untilRestart = intervalEnd - lo;
    }

    private static int compareRecorded(long[] keys, int at, long k0, long k1, long k2, long k3) {
        if (keys[at] != k0) {
            return keys[at] < k0 ? -1 : 1;
        }
        if (keys[at + 1] != k1) {
            return keys[at + 1] < k1 ? -1 : 1;
        }
        if (keys[at + 2] != k2) {
            return keys[at + 2] < k2 ? -1 : 1;
        }
        if (keys[at + 3] != k3) {
            return keys[at + 3] < k3 ? -1 : 1;
        }
        return 0;
    }

    /**
     * The last restart in {@code [from, restartCount)} whose key is at most (k0, k1, k2, k3); {@code from - 1} if
     * there is none.
     */
    int restartFloor(int from, long k0, long k1, long k2, long k3) {
        ensureBytes();
        int lo = from;
        int hi = restartCount - 1;
        int found = from - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compareRestart(mid, k0, k1, k2, k3) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Positions before restart entry {@code restart} (restart 0 is the block's first entry). */
    void positionAtRestart(int restart) {
        ensureBytes();
        replaying = false;
        decoder.position = restartOffset(restart);
        remaining = count - restart * restartInterval;
        untilRestart = 0;
    }

    int restartCount() {
        return restartCount;
    }

    int restartOffset(int restart) {
        if (restart == 0) {
            return entriesStart;
        }
        byte[] b = decoder.bytes;
        int at = entriesEnd + SegmentFormat.RESTART_OFFSET_BYTES * (restart - 1);
        int offset = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        if (offset < entriesStart || offset >= entriesEnd) {
            throw damage(block, "restart " + restart + " at " + offset + " is outside the entries");
        }
        return offset;
    }

    private int compareRestart(int restart, long k0, long k1, long k2, long k3) {
        int at = restartKey(restart); // may grow the slot's arrays
        return compareRecorded(slot.restartKeys, at, k0, k1, k2, k3);
    }

    /**
     * Where restart entry {@code restart}'s key starts in the slot's {@link BlockCache.Slot#restartKeys}; decoded on
     * first use and kept with the block, so lookups that meet the block again binary search plain longs.
     */
    private int restartKey(int restart) {
        BlockCache.Slot s = slot;
        int at = restart * 4;
        if (restart < s.restartStamps.length && s.restartStamps[restart] == stamp) {
            return at;
        }
        EntryDecoder r = cache.restartDecoder;
        r.bytes = s.bytes;
        r.position = restartOffset(restart);
        try {
            r.full();
        } catch (RuntimeException e) {
            throw damage(block, "undecodable restart entry " + restart);
        }
        if (restart >= s.restartStamps.length) {
            s.growRestarts(restartCount);
        }
        System.arraycopy(r.key, 0, s.restartKeys, at, 4);
        s.restartStamps[restart] = stamp;
        return at;
    }

    UncheckedIOException damage(int b, String what) {
        return new UncheckedIOException(segment.blockDamage(index.order, b, what));
    }
}
