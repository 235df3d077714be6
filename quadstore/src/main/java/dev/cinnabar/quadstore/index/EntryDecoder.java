package dev.cinnabar.quadstore.index;

/**
 * Decodes entries (format in {@link SegmentWriter}) from a byte array, into a key array it reuses: the per-entry
 * path allocates nothing. A delta entry is applied to the key of the entry before it, which {@link #key} still
 * holds.
 */
final class EntryDecoder {

    /** Thrown for bytes that are not an entry (a varint longer than 10 bytes); callers report it as damage. */
    static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    byte[] bytes;
    /** The next byte to read. */
    int position;
    /** The current key, updated in place. */
    final long[] key = new long[4];
    /** The current entry's tombstone flag. */
    boolean tombstone;

    EntryDecoder(byte[] bytes) {
        this.bytes = bytes;
    }

    long varint() {
        int p = position;
        long value = bytes[p];
        if (value >= 0) { // one byte, the common case: kept small so that it inlines into the entry decoders
            position = p + 1;
            return value;
        }
        return longVarint(p);
    }

    private long longVarint(int start) {
        byte[] b = bytes;
        int p = start;
        long value = b[p++] & 0x7F;
        for (int shift = 7; ; shift += 7) {
            long x = b[p++];
            value |= (x & 0x7F) << shift;
            if (x >= 0) {
                break;
            }
            if (shift == 63) {
                throw new MalformedException("varint longer than 10 bytes at " + start);
            }
        }
        position = p;
        return value;
    }

    /** Decodes an entry written in full. */
    void full() {
        int header = bytes[position++];
        tombstone = (header & EntryCodec.TOMBSTONE_BIT) != 0;
        long[] k = key;
        k[0] = varint();
        k[1] = varint();
        k[2] = varint();
        k[3] = varint();
    }

    /**
     * Decodes an entry written relative to the current key, with {@code width} key positions (4, or 3 in a block
     * whose entries share k3, which then stays as it is).
     */
    void delta(int width) {
        int header = bytes[position++] & 0xFF;
        int d = header & 3;
        if (d >= width) {
            throw new MalformedException("first differing position " + d + " in an entry of " + width);
        }
        tombstone = (header & EntryCodec.TOMBSTONE_BIT) != 0;
        long[] k = key;
        int modeBits = width - 1 - d;
        long inline = header >>> (EntryCodec.MODE_SHIFT + modeBits);
        k[d] += inline != 0 ? inline : varint() + (1L << (8 - EntryCodec.MODE_SHIFT - modeBits));
        int modes = header >>> EntryCodec.MODE_SHIFT;
        for (int i = d + 1; i < width; i++, modes >>>= 1) {
            long value = varint();
            k[i] = (modes & 1) != 0 ? k[i] + EntryCodec.unzigzag(value) : value;
        }
    }
}
