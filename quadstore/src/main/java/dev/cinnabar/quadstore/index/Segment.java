package dev.cinnabar.quadstore.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.StorageIo;

/**
 * An open segment file (format in {@link SegmentWriter}): the same entries in all six {@link IndexOrder}s, read
 * through prefix {@link #cursor cursors} and point-lookup {@link #probe probes}.
 *
 * <p>{@link #open} maps the file read-only in chunks (so files beyond 2 GiB work; the writer put no block across
 * a chunk boundary), checks the header, trailer and footer checksums, and loads each order's block index into
 * heap arrays. Readers decode heap copies of blocks, each checked against its CRC-32C when it is copied, so damage is
 * never read as data; copies may be kept in a {@link BlockCache}, so that a block is copied and checked once however
 * many lookups, and later transactions of the store, read it. A cursor or probe meeting a damaged block throws an
 * {@link UncheckedIOException} wrapping a {@link CorruptStoreException} that names the file, order, block and offset.
 *
 * <p>Immutable once open and safe for any number of concurrent reader threads, each using its own cursors and
 * probes. {@link #close()} unmaps the file: the caller must make sure no cursor or probe of this segment is in use
 * then or used after (reading an unmapped chunk would crash the JVM; a read that starts after close throws
 * {@link IllegalStateException}). A quad store shares a segment between the snapshots that list it by counting
 * references ({@link #retain()}, {@link #release()}): the last release tells its owner to close it.
 */
public final class Segment implements AutoCloseable {

    /** {@link Probe#find} result: the segment holds no entry with the key. */
    public static final int ABSENT = 0;
    /** {@link Probe#find} result: the segment holds the key as a present quad. */
    public static final int PRESENT = 1;
    /** {@link Probe#find} result: the segment holds the key as a tombstone (a removed quad). */
    public static final int TOMBSTONE = -1;

    private static final AtomicInteger IDS = new AtomicInteger();

    /** Tells segments apart in a {@link BlockCache}'s hash. */
    final int id = IDS.incrementAndGet();
    private final Path file;
    private final long fileBytes;
    private final int chunkShift;
    private final int restartInterval;
    private final MappedByteBuffer[] mappings;
    private final UnsafeBuffer[] chunks;
    private final BlockIndex[] indexes;
    private final int maxBlockLength;
    private volatile boolean closed;
    /** Snapshots listing this segment; 0 for a segment no snapshot has listed yet. */
    private final AtomicInteger references = new AtomicInteger();

    private Segment(Path file, long fileBytes, int chunkShift, int restartInterval, MappedByteBuffer[] mappings,
        BlockIndex[] indexes) {
        this.file = file;
        this.fileBytes = fileBytes;
        this.chunkShift = chunkShift;
        this.restartInterval = restartInterval;
        this.mappings = mappings;
        this.chunks = new UnsafeBuffer[mappings.length];
        for (int i = 0; i < mappings.length; i++) {
            chunks[i] = new UnsafeBuffer(mappings[i]);
        }
        this.indexes = indexes;
        int max = SegmentFormat.MIN_BLOCK_LENGTH;
        for (BlockIndex index : indexes) {
            for (int b = 0; b < index.blockCount; b++) {
                max = Math.max(max, index.length(b));
            }
        }
        this.maxBlockLength = max;
    }

    /** {@link #open(StorageIo, Path)} on the real file system. */
    public static Segment open(Path file) throws IOException {
        return open(StorageIo.system(), file);
    }

    /**
     * Opens and maps {@code file} read-only through {@code io}, and checks its header, trailer and footer.
     *
     * @throws CorruptStoreException if the file is not a complete segment; the message names the file and what is
     *     wrong
     */
    public static Segment open(StorageIo io, Path file) throws IOException {
        try (FileChannel channel = io.openForRead(file)) {
            long size = channel.size();
            if (size < SegmentFormat.HEADER_BYTES + SegmentFormat.TRAILER_BYTES) {
                throw corrupt(file, "truncated: " + size + " bytes, less than a header and a trailer ("
                    + (SegmentFormat.HEADER_BYTES + SegmentFormat.TRAILER_BYTES) + ")");
            }
            checkHeader(file, read(io, channel, file, 0, SegmentFormat.HEADER_BYTES));

            ByteBuffer trailer = read(io, channel, file, size - SegmentFormat.TRAILER_BYTES, SegmentFormat.TRAILER_BYTES);
            if (!hasMagic(trailer, 24)) {
                throw corrupt(file, "bad magic in the trailer: truncated, or not completely written");
            }
            if (crc(trailer.array(), 0, 20) != trailer.getInt(20)) {
                throw corrupt(file, "trailer checksum mismatch");
            }
            long footerOffset = trailer.getLong(0);
            long footerLength = trailer.getLong(8);
            if (footerOffset < SegmentFormat.HEADER_BYTES || footerLength < 0 || footerLength > Integer.MAX_VALUE
                || footerOffset + footerLength + SegmentFormat.TRAILER_BYTES != size) {
                throw corrupt(file, "truncated or extended: the trailer places a footer of " + footerLength
                    + " bytes at " + footerOffset + ", but the file has " + size + " bytes");
            }
            ByteBuffer footer = read(io, channel, file, footerOffset, (int) footerLength);
            if (crc(footer.array(), 0, (int) footerLength) != trailer.getInt(16)) {
                throw corrupt(file, "footer checksum mismatch");
            }
            FooterReader reader = new FooterReader(file, footer.array(), footerOffset);
            BlockIndex[] indexes = reader.read();
            return new Segment(file, size, reader.chunkShift, reader.restartInterval,
                map(io, channel, file, footerOffset, reader.chunkShift), indexes);
        }
    }

    private static void checkHeader(Path file, ByteBuffer header) throws CorruptStoreException {
        if (!hasMagic(header, 0)) {
            throw corrupt(file, "bad magic in the header: not a segment file");
        }
        if (crc(header.array(), 0, 12) != header.getInt(12)) {
            throw corrupt(file, "header checksum mismatch");
        }
        int version = header.getInt(8);
        if (version != SegmentFormat.VERSION) {
            throw corrupt(file, "unsupported segment format version " + version + " (this build reads "
                + SegmentFormat.VERSION + ")");
        }
    }

    private static MappedByteBuffer[] map(StorageIo io, FileChannel channel, Path file, long length, int chunkShift)
        throws IOException {
        long chunkBytes = 1L << chunkShift;
        int count = (int) ((length + chunkBytes - 1) >>> chunkShift);
        MappedByteBuffer[] mappings = new MappedByteBuffer[count];
        try {
            for (int i = 0; i < count; i++) {
                long start = (long) i << chunkShift;
                mappings[i] = io.mapReadOnly(channel, file, start, Math.min(chunkBytes, length - start));
            }
        } catch (IOException | RuntimeException e) {
            for (MappedByteBuffer mapping : mappings) {
                if (mapping != null) {
                    IoUtil.unmap(mapping);
                }
            }
            throw new IOException("cannot map " + file + ": " + e.getMessage(), e);
        }
        return mappings;
    }

    private static ByteBuffer read(StorageIo io, FileChannel channel, Path file, long position, int length)
        throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        io.readFully(channel, file, buffer, position);
        return buffer.clear();
    }

    private static boolean hasMagic(ByteBuffer buffer, int at) {
        return Arrays.equals(buffer.array(), at, at + SegmentFormat.MAGIC.length,
            SegmentFormat.MAGIC, 0, SegmentFormat.MAGIC.length);
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    static CorruptStoreException corrupt(Path file, String problem) {
        return new CorruptStoreException(file + ": " + problem);
    }

    /** The segment's file. */
    public Path file() {
        return file;
    }

    /** Entries in each order (every order holds the same entries), tombstones included. */
    public long entryCount() {
        return indexes[0].entryCount;
    }

    /** Tombstones in each order. */
    public long tombstoneCount() {
        return indexes[0].tombstoneCount;
    }

    /** The file's length. */
    public long fileBytes() {
        return fileBytes;
    }

    /**
     * Bytes of {@code order}'s index: its blocks, the chunk padding before them and its share of the footer. The
     * six orders' bytes plus the header, trailer and a few footer bytes make {@link #fileBytes()}.
     */
    public long orderBytes(IndexOrder order) {
        return indexes[order.ordinal()].bytes;
    }

    /** Blocks of {@code order}. */
    public int blockCount(IndexOrder order) {
        return indexes[order.ordinal()].blockCount;
    }

    /** About how many entries of {@code order} start with {@code prefix[0 .. prefixLength)} (its block index). */
    public long estimateEntries(IndexOrder order, long[] prefix, int prefixLength) {
        return indexes[order.ordinal()].estimateEntries(prefix, prefixLength);
    }

    /**
     * A cursor over the entries of {@code order} whose first {@code prefixLength} key positions equal
     * {@code prefix[0 .. prefixLength)} (in the order's layout); with {@code prefixLength} 0, the whole order.
     * {@code prefix} is copied and may be {@code null} when {@code prefixLength} is 0. Finding the first block is
     * a binary search of the block index; nothing is read before the first {@link EntryCursor#next()}. The cursor
     * copies and checks each block it reads into a buffer of its own.
     */
    public EntryCursor cursor(IndexOrder order, long[] prefix, int prefixLength) {
        return cursor(order, prefix, prefixLength, new BlockCache(1));
    }

    /**
     * {@link #cursor(IndexOrder, long[], int)}, reading blocks through {@code blocks}, the cache of the thread that
     * uses the cursor: a block already there is neither copied nor checked again, and the cursor allocates no block
     * buffer.
     */
    public EntryCursor cursor(IndexOrder order, long[] prefix, int prefixLength, BlockCache blocks) {
        if (prefixLength < 0 || prefixLength > 4
            || prefixLength > 0 && (prefix == null || prefix.length < prefixLength)) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " with a prefix of "
                + (prefix == null ? "null" : prefix.length + " longs"));
        }
        return new SegmentCursor(this, reader(order, blocks), prefix, prefixLength, blocks);
    }

    /** A reusable point-lookup object for {@code order}, for one thread, with a block buffer of its own. */
    public Probe probe(IndexOrder order) {
        return probe(order, new BlockCache(1));
    }

    /** A reusable point-lookup object for {@code order}, reading blocks through {@code blocks} (one thread's). */
    public Probe probe(IndexOrder order, BlockCache blocks) {
        return new Probe(reader(order, blocks));
    }

    private BlockReader reader(IndexOrder order, BlockCache blocks) {
        checkOpen();
        return new BlockReader(this, indexes[order.ordinal()], blocks);
    }

    /**
     * Reads every block of every order and checks its checksum, its decoding, its restart offsets, that its first
     * key is the one in the block index, that keys increase strictly across the order, and the entry and tombstone
     * counts.
     *
     * @throws CorruptStoreException listing every problem found, each naming the file
     */
    public void verify() throws IOException {
        checkOpen();
        List<String> problems = new ArrayList<>();
        long[] previous = new long[4];
        for (BlockIndex index : indexes) {
            BlockReader reader = new BlockReader(this, index, new BlockCache(1));
            long[] key = reader.decoder.key;
            long entries = 0;
            long tombstones = 0;
            boolean countsKnown = true;
            boolean havePrevious = false;
            for (int b = 0; b < index.blockCount; b++) {
                try {
                    reader.load(b);
                    for (int i = 0; reader.remaining > 0; i++) {
                        if (i > 0 && i % restartInterval == 0
                            && reader.restartOffset(i / restartInterval) != reader.decoder.position) {
                            throw reader.damage(b, "restart offset " + i / restartInterval + " is "
                                + reader.restartOffset(i / restartInterval) + ", the entry starts at "
                                + reader.decoder.position);
                        }
                        reader.next();
                        if (i == 0 && index.compareFirst(b, key[0], key[1], key[2], key[3]) != 0) {
                            throw reader.damage(b, "first key " + EntryCodec.format(key)
                                + " is not the block index's");
                        }
                        if (havePrevious && EntryCodec.compare(key, previous) <= 0) {
                            throw reader.damage(b, "key " + EntryCodec.format(key) + " does not follow "
                                + EntryCodec.format(previous));
                        }
                        System.arraycopy(key, 0, previous, 0, 4);
                        havePrevious = true;
                        entries++;
                        tombstones += reader.decoder.tombstone ? 1 : 0;
                    }
                } catch (UncheckedIOException e) {
                    problems.add(e.getCause().getMessage());
                    countsKnown = false;
                    havePrevious = false;
                }
            }
            if (countsKnown && (entries != index.entryCount || tombstones != index.tombstoneCount)) {
                problems.add(file + ": " + index.order + " holds " + entries + " entries (" + tombstones
                    + " tombstones), but the footer says " + index.entryCount + " (" + index.tombstoneCount + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new CorruptStoreException(problems);
        }
    }

    /** Adds a reference: a snapshot that lists this segment. The segment must not have been closed. */
    public void retain() {
        if (closed) {
            throw new IllegalStateException(file + " is closed: it cannot join a snapshot");
        }
        references.incrementAndGet();
    }

    /**
     * Drops a reference. Returns true when it was the last: nothing lists the segment any more, and the caller
     * closes it (and deletes it, if no manifest names it).
     */
    public boolean release() {
        int left = references.decrementAndGet();
        if (left < 0) {
            throw new IllegalStateException(file + " released more often than retained");
        }
        return left == 0;
    }

    /** References held by snapshots (for stats and tests). */
    public int references() {
        return references.get();
    }

    /** Unmaps the file. No cursor or probe of this segment may be in use or used later. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < mappings.length; i++) {
            chunks[i].wrap(0, 0); // a read that races with close then fails its bounds check, if checks are on
            IoUtil.unmap(mappings[i]);
        }
    }

    @Override
    public String toString() {
        return "Segment[" + file + ", " + entryCount() + " entries]";
    }

    /** Whether {@link #close()} was called: a closed segment is never read again, nor listed by a new snapshot. */
    boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
    }

    /** The block index of {@code order}. */
    BlockIndex index(IndexOrder order) {
        return indexes[order.ordinal()];
    }

    int restartInterval() {
        return restartInterval;
    }

    int maxBlockLength() {
        return maxBlockLength;
    }

    /** Copies {@code length} bytes from file position {@code offset}, which lie in one chunk, into {@code to}. */
    void copy(long offset, byte[] to, int length) {
        checkOpen();
        chunks[(int) (offset >>> chunkShift)].getBytes((int) (offset & ((1L << chunkShift) - 1)), to, 0, length);
    }

    /** The exception for damage found in block {@code block} of {@code order}. */
    CorruptStoreException blockDamage(IndexOrder order, int block, String what) {
        BlockIndex index = indexes[order.ordinal()];
        return corrupt(file, order + " block " + block + " at offset " + index.offset(block) + " ("
            + index.length(block) + " bytes): " + what);
    }
}
