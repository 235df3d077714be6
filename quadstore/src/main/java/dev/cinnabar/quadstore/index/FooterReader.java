package dev.cinnabar.quadstore.index;

import java.nio.file.Path;

import dev.cinnabar.storage.CorruptStoreException;

/**
 * Parses a segment's footer (already CRC-checked) into one {@link BlockIndex} per order, checking that the
 * blocks it describes are plausible: inside the file before the footer, no block across a chunk boundary, first
 * keys increasing, the same counts in every order. A footer failing these checks is damage that its checksum
 * happened to miss, or a writer bug; either way {@link CorruptStoreException}.
 */
final class FooterReader {

    private final Path file;
    private final EntryDecoder in;
    private final int length;
    private final long footerOffset;
    int chunkShift;
    int restartInterval;

    FooterReader(Path file, byte[] footer, long footerOffset) {
        this.file = file;
        this.in = new EntryDecoder(footer);
        this.length = footer.length;
        this.footerOffset = footerOffset;
    }

    BlockIndex[] read() throws CorruptStoreException {
        try {
            return parse();
        } catch (EntryDecoder.MalformedException | IndexOutOfBoundsException e) {
            throw problem("undecodable footer: " + e.getMessage());
        }
    }

    private BlockIndex[] parse() throws CorruptStoreException {
        long shift = in.varint();
        if (shift < SegmentFormat.MIN_CHUNK_SHIFT || shift > SegmentFormat.MAX_CHUNK_SHIFT) {
            throw problem("bad chunk size 2^" + shift);
        }
        chunkShift = (int) shift;
        long blockBytes = in.varint();
        if (blockBytes < SegmentWriter.MIN_BLOCK_BYTES || blockBytes > SegmentWriter.MAX_BLOCK_BYTES
            || blockBytes > 1L << chunkShift) {
            throw problem("bad block size " + blockBytes);
        }
        long interval = in.varint();
        if (interval < 1 || interval > SegmentWriter.MAX_BLOCK_BYTES) {
            throw problem("bad restart interval " + interval);
        }
        restartInterval = (int) interval;
        int orderCount = IndexOrder.values().length;
        long orders = in.varint();
        if (orders != orderCount) {
            throw problem(orders + " orders instead of " + orderCount);
        }
        BlockIndex[] indexes = new BlockIndex[orderCount];
        long end = SegmentFormat.HEADER_BYTES; // end of the previous block
        for (int o = 0; o < orderCount; o++) {
            IndexOrder order = IndexOrder.of(o);
            int sectionStart = in.position;
            long ordinal = in.varint();
            long entries = in.varint();
            long tombstones = in.varint();
            long blocks = in.varint();
            // Each block takes at least 3 footer bytes; this also bounds the arrays allocated below.
            if (ordinal != o || tombstones < 0 || tombstones > entries || blocks < 0 || blocks > entries
                || blocks > (length - in.position) / 3 || (blocks == 0) != (entries == 0)) {
                throw problem(order + ": bad section (ordinal " + ordinal + ", " + entries + " entries, "
                    + tombstones + " tombstones, " + blocks + " blocks)");
            }
            if (o > 0 && (entries != indexes[0].entryCount || tombstones != indexes[0].tombstoneCount)) {
                throw problem(order + " holds " + entries + " entries (" + tombstones + " tombstones) but "
                    + IndexOrder.of(0) + " " + indexes[0].entryCount + " (" + indexes[0].tombstoneCount + ")");
            }
            int n = (int) blocks;
            long[] firstKeys = new long[4 * n];
            long[] offsets = new long[n];
            int[] lengths = new int[n];
            long orderStart = end;
            long[] key = in.key;
            for (int b = 0; b < n; b++) {
                long padding = in.varint();
                long blockLength = in.varint();
                long offset = end + padding;
                if (padding < 0 || padding >= blockBytes || blockLength < SegmentFormat.MIN_BLOCK_LENGTH
                    || blockLength > blockBytes || offset + blockLength > footerOffset
                    || offset >>> chunkShift != (offset + blockLength - 1) >>> chunkShift) {
                    throw problem(order + " block " + b + ": bad placement (" + blockLength + " bytes at " + offset
                        + " after " + padding + " bytes of padding)");
                }
                if (b == 0) {
                    in.full();
                } else {
                    long k0 = key[0];
                    long k1 = key[1];
                    long k2 = key[2];
                    long k3 = key[3];
                    in.delta(4);
                    if (EntryCodec.compare(key, k0, k1, k2, k3) <= 0) {
                        throw problem(order + " block " + b + ": first key " + EntryCodec.format(key)
                            + " does not follow " + EntryCodec.format(k0, k1, k2, k3));
                    }
                }
                System.arraycopy(key, 0, firstKeys, 4 * b, 4);
                offsets[b] = offset;
                lengths[b] = (int) blockLength;
                end = offset + blockLength;
            }
            long bytes = end - orderStart + (in.position - sectionStart);
            indexes[o] = new BlockIndex(order, entries, tombstones, bytes, firstKeys, offsets, lengths);
        }
        if (end != footerOffset || in.position != length) {
            throw problem("the blocks end at " + end + " and the footer is read to " + in.position + ", but the "
                + "footer starts at " + footerOffset + " and has " + length + " bytes");
        }
        return indexes;
    }

    private CorruptStoreException problem(String what) {
        return Segment.corrupt(file, "footer damaged: " + what);
    }
}
