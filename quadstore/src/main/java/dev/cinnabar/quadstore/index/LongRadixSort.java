package dev.cinnabar.quadstore.index;

import java.util.Arrays;

/**
 * A least-significant-digit radix sort of non-negative longs below {@code 2^bits}, for the packed quad keys of
 * {@link SortedRows}: a bulk chunk of a million keys or more sorts in a few passes over the array instead of the
 * twenty-odd levels of a comparison sort.
 *
 * <p>Digits are {@value #DIGIT_BITS} bits: one pass writes 256 streams, which the caches and the TLB hold even with
 * two sorts at once (11-bit digits were slower then, 31 against 24 ms for 1.3M keys of 40 bits). One pass over the
 * keys counts every digit at once; a digit all keys share is skipped. Small arrays go to {@link Arrays#sort}.
 */
final class LongRadixSort {

    static final int DIGIT_BITS = 8;
    private static final int BUCKETS = 1 << DIGIT_BITS;
    private static final int DIGIT_MASK = BUCKETS - 1;
    /** Below this many keys the fixed cost of the counts outweighs the passes saved. */
    static final int MIN_KEYS = 1 << 12;

    private LongRadixSort() {
    }

    /**
     * Sorts {@code keys[0, count)} ascending. Every key must be in {@code [0, 2^bits)}; {@code bits} is at most 63.
     * Returns the array that holds the sorted keys: {@code keys}, or a new array of {@code count} keys.
     */
    static long[] sort(long[] keys, int count, int bits) {
        if (bits < 0 || bits > 63) {
            throw new IllegalArgumentException("bits " + bits + " not in [0, 63]");
        }
        if (count < MIN_KEYS) {
            Arrays.sort(keys, 0, count);
            return keys;
        }
        int digits = Math.max(1, (bits + DIGIT_BITS - 1) / DIGIT_BITS);
        int[] counts = new int[digits * BUCKETS];
        for (int i = 0; i < count; i++) {
            long key = keys[i];
            for (int d = 0, at = 0; d < digits; d++, at += BUCKETS) {
                counts[at + (int) (key >>> (d * DIGIT_BITS) & DIGIT_MASK)]++;
            }
        }
        long[] from = keys;
        long[] to = null;
        for (int d = 0; d < digits; d++) {
            int at = d * BUCKETS;
            if (sharedDigit(counts, at, count)) {
                continue; // every key has the same digit here: the pass would copy in order
            }
            // counts of this digit become each bucket's first position
            int position = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int n = counts[at + b];
                counts[at + b] = position;
                position += n;
            }
            if (to == null) {
                to = new long[count];
            }
            int shift = d * DIGIT_BITS;
            for (int i = 0; i < count; i++) {
                long key = from[i];
                to[counts[at + (int) (key >>> shift & DIGIT_MASK)]++] = key;
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }

    private static boolean sharedDigit(int[] counts, int at, int count) {
        for (int b = 0; b < BUCKETS; b++) {
            int n = counts[at + b];
            if (n != 0) {
                return n == count;
            }
        }
        return true;
    }
}
