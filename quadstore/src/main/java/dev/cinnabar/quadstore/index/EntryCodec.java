package dev.cinnabar.quadstore.index;

/**
 * Encoding of keys: unsigned LEB128 varints and the compact entry format of {@link SegmentWriter} (see there for
 * the layout), shared by the writer, the block decoder ({@link EntryDecoder}) and the footer's block index.
 */
final class EntryCodec {

    static final int MAX_VARINT_BYTES = 10;
    /** The longest entry: a header byte and four 10-byte varints. */
    static final int MAX_ENTRY_BYTES = 1 + 4 * MAX_VARINT_BYTES;
    /** Header bit of a tombstone. */
    static final int TOMBSTONE_BIT = 1 << 2;
    /** Header bits from here on: one mode bit per later position (set: zigzag delta), then the inline delta. */
    static final int MODE_SHIFT = 3;

    private EntryCodec() {
    }

    static int varintLength(long value) {
        return (70 - Long.numberOfLeadingZeros(value | 1)) / 7;
    }

    /** Writes {@code value} as an unsigned varint at {@code position}; returns the position after it. */
    static int putVarint(byte[] bytes, int position, long value) {
        int p = position;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        bytes[p++] = (byte) v;
        return p;
    }

    static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /**
     * Mode bits of an entry whose first differing key position is {@code d}, when {@code width} positions are
     * written: one per later position.
     */
    static int modeBits(int width, int d) {
        return width - 1 - d;
    }

    /** Writes {@code key} in full (header byte, four varints); returns the position after it. */
    static int putFull(byte[] bytes, int position, long[] key, boolean tombstone) {
        bytes[position] = (byte) (tombstone ? TOMBSTONE_BIT : 0);
        int p = position + 1;
        for (int i = 0; i < 4; i++) {
            p = putVarint(bytes, p, key[i]);
        }
        return p;
    }

    /**
     * Writes {@code key} relative to the smaller {@code previous}; returns the position after it. Only positions
     * below {@code width} are written: 4, or 3 in a block whose entries all share k3 (the caller ensures
     * {@code key[3] == previous[3]} then). Each later position is written whichever way is shorter: its absolute
     * value, or the zigzag delta from the previous key's value at that position (ties go to the absolute value).
     */
    static int putDelta(byte[] bytes, int position, long[] previous, long[] key, boolean tombstone, int width) {
        int d = 0;
        while (key[d] == previous[d]) {
            d++; // stops below width, as the keys differ there
        }
        int modes = modeBits(width, d);
        long delta = key[d] - previous[d];
        long inlineMax = (1L << (8 - MODE_SHIFT - modes)) - 1;
        int header = d | (tombstone ? TOMBSTONE_BIT : 0);
        int p = position + 1;
        if (delta >= 1 && delta <= inlineMax) {
            header |= (int) delta << (MODE_SHIFT + modes);
        } else {
            p = putVarint(bytes, p, delta - (inlineMax + 1));
        }
        for (int i = d + 1, bit = 1 << MODE_SHIFT; i < width; i++, bit <<= 1) {
            long absolute = key[i];
            long relative = zigzag(key[i] - previous[i]);
            if (varintLength(relative) < varintLength(absolute)) {
                header |= bit;
                p = putVarint(bytes, p, relative);
            } else {
                p = putVarint(bytes, p, absolute);
            }
        }
        bytes[position] = (byte) header;
        return p;
    }

    /** Signed lexicographic comparison of two keys. */
    static int compare(long[] a, long[] b) {
        for (int i = 0; i < 4; i++) {
            if (a[i] != b[i]) {
                return a[i] < b[i] ? -1 : 1;
            }
        }
        return 0;
    }

    /** Signed lexicographic comparison of {@code a} with (b0, b1, b2, b3). */
    static int compare(long[] a, long b0, long b1, long b2, long b3) {
        if (a[0] != b0) {
            return a[0] < b0 ? -1 : 1;
        }
        if (a[1] != b1) {
            return a[1] < b1 ? -1 : 1;
        }
        if (a[2] != b2) {
            return a[2] < b2 ? -1 : 1;
        }
        if (a[3] != b3) {
            return a[3] < b3 ? -1 : 1;
        }
        return 0;
    }

    static String format(long[] key) {
        return format(key[0], key[1], key[2], key[3]);
    }

    static String format(long k0, long k1, long k2, long k3) {
        return "(" + k0 + ", " + k1 + ", " + k2 + ", " + k3 + ")";
    }
}
