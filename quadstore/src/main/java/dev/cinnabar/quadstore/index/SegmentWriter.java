package dev.cinnabar.quadstore.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

import dev.cinnabar.storage.StorageIo;

/**
 * Writes a segment: an immutable file holding the same set of entries (keys with a tombstone flag) in all six
 * {@link IndexOrder}s, each order sorted into compact blocks, read back by {@link Segment}.
 *
 * <p>Use: {@link #create}, then for each order in {@code IndexOrder.values()} order {@link #beginOrder},
 * {@link #append} its entries in strictly increasing key order, {@link #endOrder}; then {@link #finish}, which makes
 * the file durable. A writer that fails or is abandoned is {@link #close() closed}, and the caller deletes the
 * file. Not thread-safe.
 *
 * <h2>File format (version 1)</h2>
 *
 * All fixed-size integers are little-endian; a <i>varint</i> is an unsigned LEB128 varint (7 bits a byte, low
 * bits first, at most 10 bytes). The file is:
 * <pre>
 *   header | blocks of SPOG | blocks of POSG | ... | blocks of GOSP | footer | trailer
 * </pre>
 * <ul>
 *   <li><b>Header</b> (16 bytes): magic {@code "CNRQSEG1"} (8 ASCII bytes), format version (int32, 1), CRC-32C of
 *   bytes 0..11 (int32).</li>
 *   <li><b>Block</b> (at most {@code blockBytes}): CRC-32C (int32) of the rest of the block; a varint of
 *   {@code entryCount << 1 | narrow} (at least one entry); the entries; then, for each <i>restart</i> entry after
 *   the first (entries {@code R, 2R, ...} for the restart interval {@code R}, 64 by default), its offset from the
 *   start of the block as a uint16. Restart entries are written in full, so that a lookup can binary-search them
 *   and decode at most {@code R} entries instead of half a block: with 4 KiB blocks holding over a thousand
 *   entries, that makes a random lookup about 8 times faster for 5% more bytes (measured on LUBM-10: R = 32, 64,
 *   128 and none give 16.6, 15.8, 15.4 and 15.0 bytes per quad, and 0.73, 0.94, 1.25 and 7.4 microseconds per
 *   random {@link Probe#find}). A block is <i>narrow</i> (flag 1) when all its entries have the same k3: its delta
 *   entries then leave k3 out (full entries keep it). In the ...G orders of data with one graph, or a few large
 *   ones, almost every block is narrow, which saves a byte per entry. A block never crosses a chunk boundary (a
 *   multiple of the chunk size, 1 GiB by default), so that {@link Segment} can map the file in chunks yet read each
 *   block from one mapping: a block that does not fit into the rest of a chunk starts the next chunk, after zero
 *   padding (less than one block).</li>
 *   <li><b>Entry.</b> A full entry (the first of a block and every restart entry) is a header byte (only the
 *   tombstone bit, bit 2, may be set), then k0, k1, k2, k3 as varints. Every other entry is written relative to the
 *   key before it, with {@code w} = 4 key positions (3 in a narrow block):
 *   <ul>
 *     <li>a header byte: bits 0-1 = {@code d}, the first key position whose value differs from the previous
 *     key's; bit 2 = tombstone; then {@code m = w - 1 - d} <i>mode</i> bits (bits 3 .. 2+m), one for each later
 *     position d+1 .. w-1; the remaining {@code 5 - m} high bits are the <i>inline delta</i>;</li>
 *     <li>the delta {@code key[d] - previous[d]} (at least 1): the inline delta if that is not 0, otherwise a
 *     varint of {@code delta - 2^(5-m)} follows;</li>
 *     <li>for each later position i = d+1 .. w-1 a varint: the value itself if its mode bit is 0, or
 *     {@code zigzag(key[i] - previous[i])} if it is 1. The writer picks the shorter.</li>
 *   </ul>
 *   The mode bits, the inline delta and narrow blocks go beyond a plain "header + delta + later values" entry.
 *   Measured on LUBM-10 (ids in parse order, one graph, no restarts), mode bits and inline deltas cut the six
 *   orders from 24.6 to 18.5 bytes per quad, and with a graph id near 2^39 from 39.6 to 18.5 (relative values make
 *   a repeated large id cost one byte, and dense ids in the first differing position no byte at all); narrow
 *   blocks then save 3.5 bytes more.</li>
 *   <li><b>Footer</b>: varints of the chunk size's log2, {@code blockBytes}, the restart interval and the order
 *   count (6), then for each order in {@code IndexOrder.values()} order: varints of its ordinal, entry count,
 *   tombstone count and block count, then per block: a varint of the padding before the block (the block starts
 *   that many bytes after the end of the block before it, or of the header), a varint of its length, and its first
 *   key, encoded as an entry (in full for an order's first block, otherwise relative to the previous block's first
 *   key).</li>
 *   <li><b>Trailer</b> (32 bytes): footer offset (int64), footer length (int64), CRC-32C of the footer (int32),
 *   CRC-32C of trailer bytes 0..19 (int32), magic {@code "CNRQSEG1"}.</li>
 * </ul>
 * Every order holds the same entries, so each has the same entry and tombstone counts; {@link #finish} checks it.
 * Keys are compared as signed longs; the store's atom ids are positive.
 */
public final class SegmentWriter implements Closeable {

    /** The default target size of a block. */
    public static final int DEFAULT_BLOCK_BYTES = 4096;
    /** The smallest block size accepted: room for the block header and any one entry. */
    public static final int MIN_BLOCK_BYTES = 128;
    /** The largest block size accepted (restart offsets inside a block are 16-bit). */
    public static final int MAX_BLOCK_BYTES = 1 << 16;
    /** The default chunk size: blocks never cross a multiple of it. */
    static final int DEFAULT_CHUNK_BYTES = 1 << 30;
    /** The default number of entries from one restart point (an entry in full) to the next. */
    static final int DEFAULT_RESTART_INTERVAL = 64;

    /** Where entries start in {@link #block}: room before it for the checksum and the entry count. */
    private static final int ENTRIES_START = SegmentFormat.BLOCK_CRC_BYTES + EntryCodec.MAX_VARINT_BYTES;
    private static final int OUT_BYTES = 1 << 20;

    private final StorageIo io;
    private final Path file;
    private final FileChannel channel;
    private final int blockBytes;
    private final int chunkShift;
    private final int restartInterval;
    /** Bytes waiting to be written, in file order; flushed before it could lack room for two more blocks. */
    private final ByteBuffer out;
    private final CRC32C crc = new CRC32C();

    /**
     * The block being filled, encoded twice: with four key positions per delta entry in {@link #wide} (entries
     * from {@link #ENTRIES_START} to {@link #wideEnd}), and with three in {@link #narrow} while all its entries
     * share k3 ({@link #narrowValid}). The block is written narrow if it can be.
     */
    private final byte[] wide;
    private final byte[] narrow;
    private int wideEnd;
    private int narrowEnd;
    private boolean narrowValid;
    private int blockEntries;
    /** How many of the block's entries {@link #wide} holds: it lags while the block is narrow. */
    private int wideEntries;
    /** The block's keys (four longs each) and tombstone flags, to encode them wide when a narrow block widens. */
    private long[] blockKeys = new long[4 * 1024];
    private boolean[] blockTombstones = new boolean[1024];
    /** Where each restart entry after the first starts, relative to {@link #ENTRIES_START}, in either encoding. */
    private int[] wideRestarts;
    private int[] narrowRestarts;
    private final long[] key = new long[4];
    private final long[] previous = new long[4];
    private final long[] blockFirst = new long[4];
    private final long[] previousBlockFirst = new long[4];

    /** File length so far, counting the bytes in {@link #out}. */
    private long filePosition;
    private final Bytes footer = new Bytes();
    /** The current order's per-block footer entries. */
    private final Bytes orderBlocks = new Bytes();

    private IndexOrder current;
    private int nextOrder;
    private long orderEntries;
    private long orderTombstones;
    private long orderBlockCount;
    private final long[] entries = new long[6];
    private final long[] tombstones = new long[6];
    private boolean closed;

    private SegmentWriter(StorageIo io, Path file, FileChannel channel, int blockBytes, int chunkBytes,
        int restartInterval) {
        this.io = io;
        this.file = file;
        this.channel = channel;
        this.blockBytes = blockBytes;
        this.chunkShift = Integer.numberOfTrailingZeros(chunkBytes);
        this.restartInterval = restartInterval;
        this.wideRestarts = new int[blockBytes / restartInterval + 2];
        this.narrowRestarts = new int[wideRestarts.length];
        this.wide = new byte[ENTRIES_START + blockBytes + EntryCodec.MAX_ENTRY_BYTES];
        this.narrow = new byte[wide.length];
        int outBytes = Math.max(OUT_BYTES, 8 * blockBytes);
        this.out = ByteBuffer.allocateDirect(outBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or empties) {@code file} through {@code io} and writes the header.
     *
     * @param blockBytes target block size, {@link #MIN_BLOCK_BYTES} to {@link #MAX_BLOCK_BYTES}; use
     *     {@link #DEFAULT_BLOCK_BYTES} unless measuring
     */
    public static SegmentWriter create(StorageIo io, Path file, int blockBytes) throws IOException {
        return create(io, file, blockBytes, DEFAULT_CHUNK_BYTES, DEFAULT_RESTART_INTERVAL);
    }

    /**
     * As {@link #create(StorageIo, Path, int)}, with a chunk size (a power of two, at least blockBytes) and a
     * restart interval (at least 1), for tests and measurements.
     */
    static SegmentWriter create(StorageIo io, Path file, int blockBytes, int chunkBytes, int restartInterval)
        throws IOException {
        if (restartInterval < 1 || restartInterval > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("restart interval must be 1 to " + MAX_BLOCK_BYTES + ": "
                + restartInterval);
        }
        if (blockBytes < MIN_BLOCK_BYTES || blockBytes > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("block size must be " + MIN_BLOCK_BYTES + " to " + MAX_BLOCK_BYTES
                + " bytes: " + blockBytes);
        }
        int shift = Integer.numberOfTrailingZeros(chunkBytes);
        if (Integer.bitCount(chunkBytes) != 1 || chunkBytes < blockBytes
            || shift < SegmentFormat.MIN_CHUNK_SHIFT || shift > SegmentFormat.MAX_CHUNK_SHIFT) {
            throw new IllegalArgumentException("chunk size must be a power of two from 2^"
                + SegmentFormat.MIN_CHUNK_SHIFT + " to 2^" + SegmentFormat.MAX_CHUNK_SHIFT
                + " and at least the block size: " + chunkBytes);
        }
        FileChannel channel = io.open(file, true);
        try {
            channel.truncate(0); // the file may exist, e.g. left by a crash during an earlier write
            SegmentWriter writer = new SegmentWriter(io, file, channel, blockBytes, chunkBytes, restartInterval);
            writer.writeHeader();
            return writer;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void writeHeader() {
        byte[] header = new byte[SegmentFormat.HEADER_BYTES];
        ByteBuffer view = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        view.put(SegmentFormat.MAGIC).putInt(SegmentFormat.VERSION);
        crc.reset();
        crc.update(header, 0, 12);
        view.putInt((int) crc.getValue());
        out.put(header);
        filePosition = SegmentFormat.HEADER_BYTES;
        footer.putVarint(chunkShift);
        footer.putVarint(blockBytes);
        footer.putVarint(restartInterval);
        footer.putVarint(entries.length);
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    /** Starts the entries of {@code order}, which must be the next in {@code IndexOrder.values()} order. */
    public void beginOrder(IndexOrder order) {
        checkOpen();
        if (current != null) {
            throw new IllegalStateException(file + ": beginOrder(" + order + ") while " + current + " is open");
        }
        if (nextOrder >= entries.length || order != IndexOrder.of(nextOrder)) {
            throw new IllegalStateException(file + ": orders go in IndexOrder.values() order, each once; expected "
                + (nextOrder < entries.length ? IndexOrder.of(nextOrder) : "none") + ", got " + order);
        }
        current = order;
        orderEntries = 0;
        orderTombstones = 0;
        orderBlockCount = 0;
        orderBlocks.length = 0;
    }

    /**
     * Appends an entry to the current order. Keys (in the order's layout) must increase strictly.
     *
     * @throws IllegalArgumentException if the key is not greater than the previous one; nothing is appended
     */
    public void append(long k0, long k1, long k2, long k3, boolean tombstone) throws IOException {
        checkOpen();
        if (current == null) {
            throw new IllegalStateException(file + ": append outside beginOrder/endOrder");
        }
        long[] k = key;
        k[0] = k0;
        k[1] = k1;
        k[2] = k2;
        k[3] = k3;
        if (orderEntries > 0 && EntryCodec.compare(k, previous) <= 0) {
            throw new IllegalArgumentException(file + ": " + current + " keys must increase strictly, but "
                + EntryCodec.format(k) + " follows " + EntryCodec.format(previous));
        }
        if (out.remaining() < 4 * blockBytes) {
            flush(); // leaves room for the block this call may close and the one endOrder may close, with padding
        }
        if (blockEntries == 0) {
            startBlock(tombstone);
        } else if (blockEntries % restartInterval == 0) {
            appendRestart(tombstone);
        } else if (narrowValid && k[3] == previous[3]) {
            // Still narrow: the wide encoding waits (catchUpWide) until an entry needs it, which most blocks never do.
            int newNarrowEnd = EntryCodec.putDelta(narrow, narrowEnd, previous, k, tombstone, 3);
            if (blockBytes(blockEntries + 1, newNarrowEnd) > blockBytes) {
                closeBlock();
                startBlock(tombstone);
            } else {
                narrowEnd = newNarrowEnd;
                keepKey(tombstone);
            }
        } else {
            catchUpWide();
            // A wide encoding already past the block size is not extended: the block can then only stay narrow.
            int newWideEnd = wideEnd - ENTRIES_START > blockBytes
                ? wideEnd : EntryCodec.putDelta(wide, wideEnd, previous, k, tombstone, 4);
            if (blockBytes(blockEntries + 1, newWideEnd) > blockBytes) {
                closeBlock(); // as it was before this entry: narrow if it was
                startBlock(tombstone);
            } else {
                wideEnd = newWideEnd;
                narrowEnd = 0;
                narrowValid = false;
                keepKey(tombstone);
                wideEntries = blockEntries;
            }
        }
        System.arraycopy(k, 0, previous, 0, 4);
        orderEntries++;
        if (tombstone) {
            orderTombstones++;
        }
    }

    /** The length of a block of {@code entries} entries (and their restart offsets) ending at {@code end}. */
    private int blockBytes(int entries, int end) {
        return SegmentFormat.BLOCK_CRC_BYTES + EntryCodec.varintLength((long) entries << 1 | 1) + end - ENTRIES_START
            + SegmentFormat.RESTART_OFFSET_BYTES * ((entries - 1) / restartInterval);
    }

    private void startBlock(boolean tombstone) {
        wideEnd = EntryCodec.putFull(wide, ENTRIES_START, key, tombstone);
        narrowEnd = EntryCodec.putFull(narrow, ENTRIES_START, key, tombstone);
        narrowValid = true;
        blockEntries = 0;
        keepKey(tombstone);
        wideEntries = 1;
        System.arraycopy(key, 0, blockFirst, 0, 4);
    }

    /** Appends the current key as a restart entry (in full), or closes the block if it does not fit. */
    private void appendRestart(boolean tombstone) {
        boolean stillNarrow = narrowValid && key[3] == previous[3];
        int restart = blockEntries / restartInterval - 1;
        if (stillNarrow) {
            int newNarrowEnd = EntryCodec.putFull(narrow, narrowEnd, key, tombstone);
            if (blockBytes(blockEntries + 1, newNarrowEnd) > blockBytes) {
                closeBlock();
                startBlock(tombstone);
                return;
            }
            narrowRestarts[restart] = narrowEnd - ENTRIES_START;
            narrowEnd = newNarrowEnd;
            keepKey(tombstone);
            return;
        }
        catchUpWide();
        int newWideEnd = wideEnd - ENTRIES_START > blockBytes
            ? wideEnd : EntryCodec.putFull(wide, wideEnd, key, tombstone);
        if (blockBytes(blockEntries + 1, newWideEnd) > blockBytes) {
            closeBlock();
            startBlock(tombstone);
            return;
        }
        wideRestarts[restart] = wideEnd - ENTRIES_START;
        wideEnd = newWideEnd;
        narrowEnd = 0;
        narrowValid = false;
        keepKey(tombstone);
        wideEntries = blockEntries;
    }

    /** Keeps the current key as the block's next entry, for {@link #catchUpWide}, and counts it. */
    private void keepKey(boolean tombstone) {
        if (4 * blockEntries + 4 > blockKeys.length) {
            blockKeys = Arrays.copyOf(blockKeys, 2 * blockKeys.length);
            blockTombstones = Arrays.copyOf(blockTombstones, blockKeys.length / 4);
        }
        System.arraycopy(key, 0, blockKeys, 4 * blockEntries, 4);
        blockTombstones[blockEntries] = tombstone;
        blockEntries++;
    }

    /**
     * Encodes wide the block's entries that were only encoded narrow, as {@link #append} would have encoded them
     * one by one (restart entries in full, nothing added once the wide encoding is past the block size).
     */
    private void catchUpWide() {
        if (wideEntries == blockEntries) {
            return;
        }
        long[] entry = new long[4];
        long[] before = new long[4];
        for (int e = wideEntries; e < blockEntries; e++) {
            System.arraycopy(blockKeys, 4 * e, entry, 0, 4);
            System.arraycopy(blockKeys, 4 * (e - 1), before, 0, 4);
            boolean frozen = wideEnd - ENTRIES_START > blockBytes;
            if (e % restartInterval == 0) {
                wideRestarts[e / restartInterval - 1] = wideEnd - ENTRIES_START;
                wideEnd = frozen ? wideEnd : EntryCodec.putFull(wide, wideEnd, entry, blockTombstones[e]);
            } else {
                wideEnd = frozen ? wideEnd : EntryCodec.putDelta(wide, wideEnd, before, entry, blockTombstones[e], 4);
            }
        }
        wideEntries = blockEntries;
    }

    /** Moves the block into {@link #out} (with padding if it would cross a chunk) and indexes it. */
    private void closeBlock() {
        byte[] block = narrowValid ? narrow : wide;
        int[] restarts = narrowValid ? narrowRestarts : wideRestarts;
        int end = narrowValid ? narrowEnd : wideEnd;
        long countAndFlag = (long) blockEntries << 1 | (narrowValid ? 1 : 0);
        int countBytes = EntryCodec.varintLength(countAndFlag);
        int start = ENTRIES_START - countBytes - SegmentFormat.BLOCK_CRC_BYTES;
        EntryCodec.putVarint(block, ENTRIES_START - countBytes, countAndFlag);
        for (int r = 0; r < (blockEntries - 1) / restartInterval; r++) {
            int offset = ENTRIES_START - start + restarts[r]; // from the block's start
            block[end++] = (byte) offset;
            block[end++] = (byte) (offset >>> 8);
        }
        crc.reset();
        crc.update(block, start + SegmentFormat.BLOCK_CRC_BYTES, end - start - SegmentFormat.BLOCK_CRC_BYTES);
        SegmentFormat.putIntLE(block, start, (int) crc.getValue());
        int length = end - start;
        long chunkBytes = 1L << chunkShift;
        long leftInChunk = chunkBytes - (filePosition & (chunkBytes - 1));
        int padding = length > leftInChunk ? (int) leftInChunk : 0; // < length <= blockBytes
        for (int i = 0; i < padding; i++) {
            out.put((byte) 0);
        }
        out.put(block, start, length);
        filePosition += padding + length;

        orderBlocks.ensure(2 * EntryCodec.MAX_VARINT_BYTES + EntryCodec.MAX_ENTRY_BYTES);
        orderBlocks.putVarint(padding);
        orderBlocks.putVarint(length);
        orderBlocks.length = orderBlockCount == 0
            ? EntryCodec.putFull(orderBlocks.bytes, orderBlocks.length, blockFirst, false)
            : EntryCodec.putDelta(orderBlocks.bytes, orderBlocks.length, previousBlockFirst, blockFirst, false, 4);
        System.arraycopy(blockFirst, 0, previousBlockFirst, 0, 4);
        orderBlockCount++;
        blockEntries = 0;
    }

    /** Ends the current order: its last block is buffered and its block index added to the footer. */
    public void endOrder() {
        checkOpen();
        if (current == null) {
            throw new IllegalStateException(file + ": endOrder without beginOrder");
        }
        if (blockEntries > 0) {
            closeBlock(); // fits into out: append left room for two blocks with their padding
        }
        footer.ensure(5 * EntryCodec.MAX_VARINT_BYTES + orderBlocks.length);
        footer.putVarint(current.ordinal());
        footer.putVarint(orderEntries);
        footer.putVarint(orderTombstones);
        footer.putVarint(orderBlockCount);
        System.arraycopy(orderBlocks.bytes, 0, footer.bytes, footer.length, orderBlocks.length);
        footer.length += orderBlocks.length;
        entries[current.ordinal()] = orderEntries;
        tombstones[current.ordinal()] = orderTombstones;
        current = null;
        nextOrder++;
    }

    /**
     * Writes the footer and trailer, forces the file to the device through {@code io.force(channel, file)} and
     * closes it.
     *
     * @return the file's length in bytes
     * @throws IllegalStateException if an order is missing or open, or the orders' entry or tombstone counts
     *     differ (the writer stays open, for {@link #close()})
     */
    public long finish() throws IOException {
        checkOpen();
        if (current != null || nextOrder != entries.length) {
            throw new IllegalStateException(file + ": finish before all six orders were written (next: "
                + (current != null ? current + " is still open" : IndexOrder.of(nextOrder).toString()) + ")");
        }
        for (int i = 1; i < entries.length; i++) {
            if (entries[i] != entries[0] || tombstones[i] != tombstones[0]) {
                StringBuilder counts = new StringBuilder();
                for (int j = 0; j < entries.length; j++) {
                    counts.append(j == 0 ? "" : ", ").append(IndexOrder.of(j)).append('=').append(entries[j])
                        .append(" (").append(tombstones[j]).append(" tombstones)");
                }
                throw new IllegalStateException(file + ": every order must hold the same entries, but the counts are "
                    + counts);
            }
        }
        flush();
        long footerOffset = filePosition;
        crc.reset();
        crc.update(footer.bytes, 0, footer.length);
        int footerCrc = (int) crc.getValue();
        writeFully(ByteBuffer.wrap(footer.bytes, 0, footer.length));
        filePosition += footer.length;

        out.putLong(footerOffset).putLong(footer.length).putInt(footerCrc);
        crc.reset();
        ByteBuffer trailerStart = out.duplicate().flip();
        crc.update(trailerStart);
        out.putInt((int) crc.getValue()).put(SegmentFormat.MAGIC);
        filePosition += SegmentFormat.TRAILER_BYTES;
        flush();
        io.force(channel, file);
        closed = true;
        channel.close();
        return filePosition;
    }

    /** Closes the file without finishing it; the caller deletes it. Does nothing after {@link #finish}. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(file + ": writer is closed");
        }
    }

    private void flush() throws IOException {
        out.flip();
        writeFully(out);
        out.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) { // the channel's own message ("File too large") names no file
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A growable byte array. */
    private static final class Bytes {
        byte[] bytes = new byte[256];
        int length;

        void ensure(int extra) {
            if (length + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
            }
        }

        void putVarint(long value) {
            ensure(EntryCodec.MAX_VARINT_BYTES);
            length = EntryCodec.putVarint(bytes, length, value);
        }
    }
}
