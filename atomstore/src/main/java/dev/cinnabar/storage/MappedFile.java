package dev.cinnabar.storage;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.agrona.IoUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A file mapped read-write in fixed-size chunks, so that it can grow past 2 GiB although one mapping cannot.
 *
 * <p>Chunk {@code i} maps bytes {@code [i * chunkSize, min((i + 1) * chunkSize, length))}; a mapping never exceeds
 * the file. Positions are {@code long}; a value read or written by one call must not straddle two chunks, which
 * callers ensure by alignment (fixed-size entries) or by padding (records never cross a chunk boundary).
 *
 * <p>Growth follows one order: extend the file, map the new range, swap the active chunk table, unmap the mapping
 * it replaced. Reads and writes are unsynchronized: the owner's lock contract guarantees that no reader is inside
 * a chunk while it is swapped or unmapped.
 */
public final class MappedFile implements AutoCloseable {

    private static final boolean NATIVE_LITTLE_ENDIAN =
        java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    private final StorageIo io;
    private Path path;
    private final FileChannel channel;
    private final boolean allocate;
    private final int chunkShift;
    private final long chunkMask;

    /** The active mappings, swapped as a whole on growth. */
    private volatile Chunks chunks;
    /** Set by growth; cleared when {@link #forceLength()} made the new length durable. */
    private boolean lengthDirty;
    /** The length {@link #extendAhead} last extended the file to (0 if never): no second extension below it. */
    private long extendedAheadTo;

    /** The active mappings; {@code addresses[i]} is the base address of chunk i, for the unchecked fast paths. */
    private record Chunks(MappedByteBuffer[] mappings, UnsafeBuffer[] buffers, long[] addresses, long length) {
    }

    private static final Chunks NO_CHUNKS = new Chunks(new MappedByteBuffer[0], new UnsafeBuffer[0], new long[0], 0);

    private MappedFile(StorageIo io, Path path, FileChannel channel, int chunkSizeBytes, boolean allocate) {
        if (Integer.bitCount(chunkSizeBytes) != 1 || chunkSizeBytes < 4096) {
            throw new IllegalArgumentException("chunk size must be a power of two of at least 4096 bytes: "
                + chunkSizeBytes);
        }
        this.io = io;
        this.path = path;
        this.channel = channel;
        this.allocate = allocate;
        this.chunkShift = Integer.numberOfTrailingZeros(chunkSizeBytes);
        this.chunkMask = chunkSizeBytes - 1L;
    }

    /**
     * Opens (or creates) {@code path} and maps all of it, growing it first to at least {@code minLength} bytes.
     *
     * @param allocate write zeros when growing (a full disk then fails at growth, not on a mapped page)
     */
    public static MappedFile open(StorageIo io, Path path, int chunkSizeBytes, long minLength, boolean allocate)
        throws IOException {
        FileChannel channel = io.open(path, true);
        try {
            MappedFile file = new MappedFile(io, path, channel, chunkSizeBytes, allocate);
            long length = channel.size();
            file.chunks = NO_CHUNKS;
            file.remap(length);
            // Whether the length found is durable is unknown (an extension ahead, or a growth whose commit never
            // came, may have made it longer than the last fsync): the first forceLength() forces it.
            file.lengthDirty = true;
            if (length < minLength) {
                file.growTo(minLength);
            }
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file this maps. */
    public Path path() {
        return path;
    }

    /**
     * Atomically renames the file (over {@code target} if it exists) while it stays mapped; the caller forces the
     * directory to make the rename durable.
     */
    public void renameTo(Path target) throws IOException {
        io.rename(path, target);
        path = target;
    }

    /** Bytes mapped: the file's length, unless {@link #extendAhead} made the file longer. */
    public long length() {
        return chunks.length;
    }

    /** Bytes in one chunk. */
    public int chunkSizeBytes() {
        return 1 << chunkShift;
    }

    /** Bytes from {@code position} to the end of its chunk. */
    public long bytesLeftInChunk(long position) {
        return (1L << chunkShift) - (position & chunkMask);
    }

    /**
     * Extends the file to {@code newLength} bytes (writing zeros if this file allocates) without mapping them, so
     * that a later {@link #growTo} of at most that length only maps and swaps. Readers of the mapped bytes are not
     * affected: only the thread that grows this file may call it, and no lock is needed. On failure the file may be
     * longer than before, which is harmless.
     */
    public void extendAhead(long newLength) throws IOException {
        if (newLength <= Math.max(chunks.length, extendedAheadTo)) {
            return;
        }
        io.extend(channel, path, Math.max(channel.size(), chunks.length), newLength, allocate);
        extendedAheadTo = newLength;
        lengthDirty = true;
    }

    /**
     * Grows the file to {@code newLength} bytes (no-op if already that long): extend, map, swap, unmap. On failure
     * the active mappings are unchanged and the file may be longer than before, which is harmless.
     */
    public void growTo(long newLength) throws IOException {
        long fileLength = channel.size();
        if (newLength <= chunks.length) {
            return;
        }
        io.extend(channel, path, Math.max(fileLength, chunks.length), newLength, allocate);
        lengthDirty = true;
        remap(newLength);
    }

    private void remap(long newLength) throws IOException {
        Chunks old = chunks;
        int oldCount = old.buffers.length;
        int newCount = (int) ((newLength + chunkMask) >>> chunkShift);
        MappedByteBuffer[] mappings = java.util.Arrays.copyOf(old.mappings, newCount);
        UnsafeBuffer[] buffers = java.util.Arrays.copyOf(old.buffers, newCount);
        long[] addresses = java.util.Arrays.copyOf(old.addresses, newCount);
        // The last old chunk may have been partial: it is mapped again at its new size, then the old one is unmapped.
        int firstToMap = oldCount > 0 && chunkLength(oldCount - 1, old.length) < chunkSizeBytes() ? oldCount - 1 : oldCount;
        int mapped = firstToMap;
        try {
            for (; mapped < newCount; mapped++) {
                long start = (long) mapped << chunkShift;
                MappedByteBuffer mapping = io.map(channel, path, start, chunkLength(mapped, newLength));
                mappings[mapped] = mapping;
                buffers[mapped] = new UnsafeBuffer(mapping);
                addresses[mapped] = buffers[mapped].addressOffset();
            }
        } catch (IOException | RuntimeException e) {
            for (int i = firstToMap; i < mapped; i++) {
                IoUtil.unmap(mappings[i]);
            }
            throw e;
        }
        chunks = new Chunks(mappings, buffers, addresses, newLength);
        if (firstToMap < oldCount) {
            IoUtil.unmap(old.mappings[firstToMap]);
        }
    }

    private int chunkLength(int chunk, long fileLength) {
        return (int) Math.min(1L << chunkShift, fileLength - ((long) chunk << chunkShift));
    }

    /** The buffer of the chunk holding {@code position}; index it with {@link #offsetInChunk(long)}. */
    public UnsafeBuffer chunkAt(long position) {
        return chunks.buffers[(int) (position >>> chunkShift)];
    }

    /** Offset of {@code position} inside its chunk. */
    public int offsetInChunk(long position) {
        return (int) (position & chunkMask);
    }

    /**
     * Absolute memory address of {@code position}, valid until the next growth or close. Not bounds-checked: the
     * position must lie inside the file, and the bytes read from it inside one chunk.
     */
    public long addressOf(long position) {
        return chunks.addresses[(int) (position >>> chunkShift)] + (position & chunkMask);
    }

    /** The little-endian long at {@code position} (unchecked, as {@link #addressOf}). */
    public long getLong(long position) {
        return UnsafeApi.getLongUnaligned(null, addressOf(position), false);
    }

    /** Writes a little-endian long at {@code position} (unchecked, as {@link #addressOf}). */
    public void putLong(long position, long value) {
        UnsafeApi.putLongUnaligned(null, addressOf(position), value, false);
    }

    /**
     * Reads a long with acquire semantics: what was written before its release store is visible after it.
     * Little-endian like every other value in the file (the ordered accesses themselves use the native order).
     * The position must be 8-byte aligned.
     */
    public long getLongAcquire(long position) {
        long value = UnsafeApi.getLongAcquire(null, addressOf(position));
        return NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    /** Writes a little-endian long with release semantics: all earlier writes are visible to its acquirer. */
    public void putLongRelease(long position, long value) {
        UnsafeApi.putLongRelease(null, addressOf(position), NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }

    public byte getByte(long position) {
        return UnsafeApi.getByte(addressOf(position));
    }

    public void putByte(long position, byte value) {
        UnsafeApi.putByte(addressOf(position), value);
    }

    /** Forces bytes {@code [from, to)} to the device, chunk by chunk. */
    public void force(long from, long to) throws IOException {
        Chunks current = chunks;
        long position = from;
        while (position < to) {
            int chunk = (int) (position >>> chunkShift);
            int offset = (int) (position & chunkMask);
            int length = (int) Math.min(to - position, chunkLength(chunk, current.length) - (long) offset);
            io.force(current.mappings[chunk], path, offset, length);
            position += length;
        }
    }

    /** Feeds bytes {@code [from, to)} to {@code checksum}, chunk by chunk, without copying. */
    public void updateChecksum(java.util.zip.Checksum checksum, long from, long to) {
        Chunks current = chunks;
        long position = from;
        while (position < to) {
            int chunk = (int) (position >>> chunkShift);
            int offset = (int) (position & chunkMask);
            int length = (int) Math.min(to - position, chunkLength(chunk, current.length) - (long) offset);
            checksum.update(current.mappings[chunk].slice(offset, length));
            position += length;
        }
    }

    /** Makes the file's length durable if it grew since the last call (an fsync of the file). */
    public void forceLength() throws IOException {
        if (lengthDirty) {
            io.force(channel, path);
            lengthDirty = false;
        }
    }

    /** Unmaps every chunk and closes the file. The file must not be read after this. */
    @Override
    public void close() throws IOException {
        Chunks current = chunks;
        chunks = NO_CHUNKS;
        for (MappedByteBuffer mapping : current.mappings) {
            IoUtil.unmap(mapping);
        }
        channel.close();
    }
}
