package dev.cinnabar.quadstore.index;

import java.nio.charset.StandardCharsets;

/** Constants of the segment file format, which {@link SegmentWriter} documents. */
final class SegmentFormat {

    static final byte[] MAGIC = "CNRQSEG1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Magic, version, CRC-32C of the first 12 bytes. */
    static final int HEADER_BYTES = 16;
    /** Footer offset, footer length, footer CRC-32C, trailer CRC-32C (of the first 20 bytes), magic. */
    static final int TRAILER_BYTES = 32;
    /** CRC-32C of a block, before its entry count. */
    static final int BLOCK_CRC_BYTES = 4;
    /** The smallest block: checksum, count 1, a full entry of four one-byte varints. */
    static final int MIN_BLOCK_LENGTH = BLOCK_CRC_BYTES + 1 + 5;
    /** Restart offsets at the end of a block are little-endian uint16s, so blocks are at most 64 KiB. */
    static final int RESTART_OFFSET_BYTES = 2;
    static final int MIN_CHUNK_SHIFT = 10;
    static final int MAX_CHUNK_SHIFT = 30;

    private SegmentFormat() {
    }

    static int getIntLE(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
            | (bytes[at + 3] & 0xFF) << 24;
    }

    static void putIntLE(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }
}
