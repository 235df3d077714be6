package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.DurableFile;
import dev.cinnabar.storage.StorageIo;

/**
 * The committed state of an atom store, as an immutable value: what the last commit made durable.
 * A commit builds the next value, saves it (temp file, force, rename, directory force), and only then publishes
 * it; a failed save leaves the old value in memory and on disk.
 *
 * <p>On disk: 64 bytes, little-endian, CRC-32C of the first 60 bytes at offset 60.
 */
record Manifest(
    long commitSequence,
    long atomCount,
    long dataLength,
    long hashCapacity,
    int dataChunkBytes,
    int dataCrc,
    int offsetsCrc) {

    static final String FILE_NAME = "atoms.manifest";
    static final long MAGIC = 0x534d4f5441524e43L; // "CNRATOMS" little-endian
    static final int FORMAT_VERSION = 1;
    static final int SIZE_BYTES = 64;
    private static final int CRC_OFFSET = 60;

    /** The state of a store that has never committed an atom. */
    static Manifest empty(long hashCapacity, int dataChunkBytes) {
        return new Manifest(0, 0, 0, hashCapacity, dataChunkBytes, 0, 0);
    }

    /** The state after a commit of everything up to {@code atomCount} atoms. */
    Manifest next(long newAtomCount, long newDataLength, long newHashCapacity, int newDataCrc, int newOffsetsCrc) {
        return new Manifest(commitSequence + 1, newAtomCount, newDataLength, newHashCapacity, dataChunkBytes,
            newDataCrc, newOffsetsCrc);
    }

    ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(0, MAGIC)
            .putInt(8, FORMAT_VERSION)
            .putInt(12, dataChunkBytes)
            .putLong(16, commitSequence)
            .putLong(24, atomCount)
            .putLong(32, dataLength)
            .putLong(40, hashCapacity)
            .putInt(48, dataCrc)
            .putInt(52, offsetsCrc)
            .putInt(56, 0);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, CRC_OFFSET);
        buffer.putInt(CRC_OFFSET, (int) crc.getValue());
        return buffer;
    }

    /** Saves this manifest as {@code file}, durably; on failure the old file is intact. */
    void save(StorageIo io, Path file) throws IOException {
        DurableFile.replace(io, file, encode());
    }

    /** Reads and checks {@code file}; any damage is a {@link CorruptStoreException} naming it. */
    static Manifest read(StorageIo io, Path file) throws IOException {
        byte[] bytes = io.readAllBytes(file);
        if (bytes.length != SIZE_BYTES) {
            throw new CorruptStoreException(file + ": manifest is " + bytes.length + " bytes, expected "
                + SIZE_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        if ((int) crc.getValue() != buffer.getInt(CRC_OFFSET)) {
            throw new CorruptStoreException(file + ": manifest checksum mismatch (stored "
                + Integer.toHexString(buffer.getInt(CRC_OFFSET)) + ", computed "
                + Integer.toHexString((int) crc.getValue()) + ")");
        }
        if (buffer.getLong(0) != MAGIC) {
            throw new CorruptStoreException(file + ": not an atom store manifest (bad magic)");
        }
        int version = buffer.getInt(8);
        if (version != FORMAT_VERSION) {
            throw new CorruptStoreException(file + ": manifest format version " + version
                + " is not supported (this build reads version " + FORMAT_VERSION + ")");
        }
        Manifest manifest = new Manifest(buffer.getLong(16), buffer.getLong(24), buffer.getLong(32),
            buffer.getLong(40), buffer.getInt(12), buffer.getInt(48), buffer.getInt(52));
        if (manifest.atomCount < 0 || manifest.dataLength < 0 || manifest.atomCount > AtomStore.MAX_ATOM_ID
            || Long.bitCount(manifest.hashCapacity) != 1 || Integer.bitCount(manifest.dataChunkBytes) != 1) {
            throw new CorruptStoreException(file + ": manifest fields out of range: " + manifest);
        }
        return manifest;
    }
}
