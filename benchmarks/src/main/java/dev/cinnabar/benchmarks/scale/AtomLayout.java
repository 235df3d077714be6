package dev.cinnabar.benchmarks.scale;

/**
 * Where an atom store places each next record, by the rule of ADR-002, worked out independently of the store so
 * that {@link AtomScaleReport} can check the store's offsets against it: a record is an unsigned LEB128 length
 * prefix and the term bytes, appended at the end of the data, unless it would cross a chunk boundary; then it
 * starts at the next chunk and the rest of the chunk is padding.
 */
final class AtomLayout {

    private final long chunkBytes;
    private long end;

    AtomLayout(int chunkBytes) {
        if (Integer.bitCount(chunkBytes) != 1) {
            throw new IllegalArgumentException("chunk size " + chunkBytes + " is not a power of two");
        }
        this.chunkBytes = chunkBytes;
    }

    /** Places the record of a term of {@code termBytes} bytes and returns its start offset. */
    long place(int termBytes) {
        long record = prefixBytes(termBytes) + (long) termBytes;
        if (record > chunkBytes) {
            throw new IllegalArgumentException("a record of " + record + " bytes does not fit in a chunk of "
                + chunkBytes);
        }
        long start = end;
        long left = chunkBytes - (start & (chunkBytes - 1));
        if (record > left) {
            start += left;
        }
        end = start + record;
        return start;
    }

    /** Bytes of data in use: the end of the last record placed. */
    long end() {
        return end;
    }

    static int prefixBytes(int termBytes) {
        int bytes = 1;
        for (int v = termBytes >>> 7; v != 0; v >>>= 7) {
            bytes++;
        }
        return bytes;
    }
}
