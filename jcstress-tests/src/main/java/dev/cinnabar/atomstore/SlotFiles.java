package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.file.Path;

import dev.cinnabar.storage.MappedFile;
import dev.cinnabar.storage.StorageIo;

/**
 * A real {@link HashIndex} with a data file and an offsets file beside it, for the slot tests: state {@code k} owns
 * slot {@code k}, offsets entry {@code k} and a 16-byte record at {@code (k + 1) * 16}, so that every state starts
 * from zeros and no probing is needed. The writer does what {@code AtomStore.internLocked} does (record, then
 * offsets entry, then the slot word) with either the index's release store or a plain store; the reader loads the
 * slot word with acquire or plainly and then reads the other fields. Nothing grows, so nothing is ever unmapped.
 */
final class SlotFiles implements AutoCloseable {

    static final long SLOTS_PER_GENERATION = 1 << 17;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int RECORD_BYTES = 16;

    static final String NOT_PUBLISHED = "NOT_PUBLISHED";
    static final String COMPLETE = "COMPLETE";
    static final String STALE_OFFSET = "STALE_OFFSET";
    static final String STALE_RECORD = "STALE_RECORD";
    static final String TORN_WORD = "TORN_WORD";

    private final HashIndex index;
    private final MappedFile slots;
    private final MappedFile data;
    private final MappedFile offsets;

    private SlotFiles(HashIndex index, MappedFile data, MappedFile offsets) {
        this.index = index;
        this.slots = index.file();
        this.data = data;
        this.offsets = offsets;
    }

    static SlotFiles create(Path directory, int generation) throws IOException {
        StorageIo io = StorageIo.system();
        HashIndex index = HashIndex.create(io, directory.resolve(HashIndex.FILE_NAME), SLOTS_PER_GENERATION,
            CHUNK_BYTES, true);
        MappedFile data = MappedFile.open(io, directory.resolve(AtomStore.DATA_FILE), CHUNK_BYTES,
            (SLOTS_PER_GENERATION + 1) * RECORD_BYTES, true);
        MappedFile offsets = MappedFile.open(io, directory.resolve(AtomStore.OFFSETS_FILE), CHUNK_BYTES,
            SLOTS_PER_GENERATION * AtomStore.OFFSET_ENTRY_BYTES, true);
        return new SlotFiles(index, data, offsets);
    }

    /** Atom {@code k + 1}'s slot word: a fragment that depends on k above the id. */
    static long word(long k) {
        return HashIndex.word(k * 0x9E3779B97F4A7C15L | (1L << 63), k + 1);
    }

    private static long start(long k) {
        return (k + 1) * RECORD_BYTES;
    }

    /** The record's first 8 bytes: the length prefix 15, then 7 term bytes, all non-zero. */
    private static long head(long k) {
        return (k * 0x0101010101010100L) | 0x0101010101010100L | 15;
    }

    /** The record's last 8 term bytes, all non-zero. */
    private static long tail(long k) {
        return ~k | 0x0101010101010101L;
    }

    /** The writer of state k: record, offsets entry, then the slot word (released, or a plain store). */
    void publish(long k, boolean release) {
        long start = start(k);
        data.putLong(start, head(k));
        data.putLong(start + 8, tail(k));
        offsets.putLong(k * AtomStore.OFFSET_ENTRY_BYTES, start);
        if (release) {
            index.publishSlotRelease(k, word(k));
        } else {
            slots.putLong(HashIndex.slotPosition(k), word(k));
        }
    }

    /** The reader of state k: the slot word (acquired, or a plain load), then the fields it names. */
    String observe(long k, boolean acquire) {
        long word = acquire ? index.loadSlotAcquire(k) : slots.getLong(HashIndex.slotPosition(k));
        if (word == 0) {
            return NOT_PUBLISHED;
        }
        if (word != word(k)) {
            return TORN_WORD;
        }
        long start = offsets.getLong((HashIndex.atomIdOf(word) - 1) * AtomStore.OFFSET_ENTRY_BYTES);
        if (start != start(k)) {
            return STALE_OFFSET;
        }
        if (data.getLong(start) != head(k) || data.getLong(start + 8) != tail(k)) {
            return STALE_RECORD;
        }
        return COMPLETE;
    }

    @Override
    public void close() throws IOException {
        index.close();
        data.close();
        offsets.close();
    }
}
