package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import dev.cinnabar.storage.MappedFile;
import dev.cinnabar.storage.StorageIo;

/**
 * The open-addressing (linear probing) hash index from term bytes to atom id, in a mapped file.
 *
 * <p>A slot is one 64-bit word: the top {@value #FRAGMENT_BITS} bits are a fragment of the term's hash, the low
 * {@value #ID_BITS} bits its atom id. Word 0 is an empty slot; a non-zero word is fully published. The writer
 * publishes a slot with one release store after the atom's bytes and offset are written; readers load slots with
 * acquire. Slots are written once and never moved, so entries sit in the order they were inserted (ascending ids),
 * which is what lets recovery drop uncommitted entries by clearing them.
 *
 * <p>File layout: a {@value #HEADER_BYTES}-byte header (magic, version, capacity, CRC-32C), then the slots.
 */
final class HashIndex implements AutoCloseable {

    static final String FILE_NAME = "atoms.hash";
    /** Prefix of an index built by a rehash or growth and not yet committed: {@code atoms.hash.<capacity>-<n>.tmp}. */
    static final String PENDING_PREFIX = FILE_NAME + ".";
    static final int HEADER_BYTES = 4096;
    static final int SLOT_BYTES = 8;
    static final int ID_BITS = 40;
    static final int FRAGMENT_BITS = 64 - ID_BITS;
    static final long ID_MASK = (1L << ID_BITS) - 1;
    private static final long MAGIC = 0x3148534148524e43L; // "CNRHASH1" little-endian
    private static final int VERSION = 1;

    private final MappedFile file;
    private final long capacity;
    private final long mask;

    private HashIndex(MappedFile file, long capacity) {
        this.file = file;
        this.capacity = capacity;
        this.mask = capacity - 1;
    }

    /** Creates a new, empty index of {@code capacity} slots at {@code path}, replacing whatever is there. */
    static HashIndex create(StorageIo io, Path path, long capacity, int chunkBytes, boolean allocate)
        throws IOException {
        io.deleteIfExists(path);
        MappedFile file = MappedFile.open(io, path, chunkBytes, fileLength(capacity), allocate);
        try {
            // New space reads as zeros, allocated or sparse: every slot starts empty.
            writeHeader(file, capacity);
            return new HashIndex(file, capacity);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Opens an existing index, or returns {@code null} when the file is missing or its header is not a valid
     * header of a file of its length (the caller then rebuilds the index from the data).
     */
    static HashIndex openIfValid(StorageIo io, Path path, int chunkBytes, boolean allocate) throws IOException {
        if (!Files.isRegularFile(path) || Files.size(path) < HEADER_BYTES) {
            return null;
        }
        MappedFile file = MappedFile.open(io, path, chunkBytes, 0, allocate);
        long capacity = readValidCapacity(file);
        if (capacity <= 0 || file.length() < fileLength(capacity)) {
            file.close();
            return null;
        }
        return new HashIndex(file, capacity);
    }

    static long fileLength(long capacity) {
        return HEADER_BYTES + capacity * SLOT_BYTES;
    }

    private static void writeHeader(MappedFile file, long capacity) {
        file.putLong(0, MAGIC);
        file.putLong(8, VERSION);
        file.putLong(16, capacity);
        file.putLong(24, headerCrc(MAGIC, VERSION, capacity));
    }

    private static long readValidCapacity(MappedFile file) {
        long magic = file.getLong(0);
        long version = file.getLong(8);
        long capacity = file.getLong(16);
        if (magic != MAGIC || version != VERSION || file.getLong(24) != headerCrc(magic, version, capacity)
            || Long.bitCount(capacity) != 1) {
            return -1;
        }
        return capacity;
    }

    private static long headerCrc(long magic, long version, long capacity) {
        CRC32C crc = new CRC32C();
        byte[] bytes = new byte[24];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (magic >>> (8 * i));
            bytes[8 + i] = (byte) (version >>> (8 * i));
            bytes[16 + i] = (byte) (capacity >>> (8 * i));
        }
        crc.update(bytes);
        return crc.getValue();
    }

    long capacity() {
        return capacity;
    }

    MappedFile file() {
        return file;
    }

    /** The slot a hash starts probing at. */
    long homeSlot(long hash) {
        return hash & mask;
    }

    long nextSlot(long slot) {
        return (slot + 1) & mask;
    }

    static long slotPosition(long slot) {
        return HEADER_BYTES + slot * SLOT_BYTES;
    }

    /** The slot's word, loaded with acquire: if non-zero, the atom it names is fully written. */
    long loadSlotAcquire(long slot) {
        return file.getLongAcquire(slotPosition(slot));
    }

    /** Publishes a slot: its word, stored last and with release semantics. */
    void publishSlotRelease(long slot, long word) {
        file.putLongRelease(slotPosition(slot), word);
    }

    /** Clears a slot (recovery only, with no reader present). */
    void clearSlot(long slot) {
        file.putLong(slotPosition(slot), 0);
    }

    static long word(long hash, long atomId) {
        return (fragment(hash) << ID_BITS) | atomId;
    }

    static long fragment(long hash) {
        return hash >>> ID_BITS;
    }

    static long fragmentOf(long word) {
        return word >>> ID_BITS;
    }

    static long atomIdOf(long word) {
        return word & ID_MASK;
    }

    void force(long fromSlot, long toSlotExclusive) throws IOException {
        file.force(slotPosition(fromSlot), slotPosition(toSlotExclusive));
        file.forceLength();
    }

    void forceAll() throws IOException {
        file.force(0, file.length());
        file.forceLength();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
