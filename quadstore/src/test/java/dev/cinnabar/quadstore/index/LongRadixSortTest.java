package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The radix sort orders keys exactly as {@link Arrays#sort(long[])} does, whatever their width and spread. */
class LongRadixSortTest {

    private static void assertSortsLikeArraysSort(long[] keys, int count, int bits, String what) {
        long[] expected = Arrays.copyOf(keys, count);
        Arrays.sort(expected);
        long[] sorted = LongRadixSort.sort(keys.clone(), count, bits);
        assertArrayEquals(expected, Arrays.copyOf(sorted, count), what);
    }

    @Test
    void randomKeysOfEveryWidthSortLikeArraysSort() {
        Random random = new Random(21);
        for (int bits = 0; bits <= 63; bits++) {
            int count = LongRadixSort.MIN_KEYS + random.nextInt(20_000);
            long[] keys = new long[count];
            for (int i = 0; i < count; i++) {
                keys[i] = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
            }
            assertSortsLikeArraysSort(keys, count, bits, bits + "-bit keys, " + count + " of them");
        }
    }

    @Test
    void keysSharingDigitsSkipThosePassesAndStillSort() {
        Random random = new Random(22);
        int count = 50_000;
        long[] keys = new long[count];
        // high and low digits shared by all, the middle digit random: odd and even numbers of passes both occur
        for (int middleDigits = 1; middleDigits <= 3; middleDigits++) {
            for (int i = 0; i < count; i++) {
                long middle = random.nextLong() >>> (64 - middleDigits * LongRadixSort.DIGIT_BITS);
                keys[i] = 5L << 55 | middle << LongRadixSort.DIGIT_BITS | 3;
            }
            assertSortsLikeArraysSort(keys, count, 63, middleDigits + " random middle digits");
        }
    }

    @Test
    void duplicateHeavyAndPresortedInputsSort() {
        Random random = new Random(23);
        int count = 30_000;
        long[] few = new long[count];
        long[] ascending = new long[count];
        long[] descending = new long[count];
        for (int i = 0; i < count; i++) {
            few[i] = random.nextInt(7) * 1_000_003L;
            ascending[i] = i * 977L;
            descending[i] = (count - i) * 977L;
        }
        assertSortsLikeArraysSort(few, count, 23, "seven distinct keys");
        assertSortsLikeArraysSort(ascending, count, 25, "ascending");
        assertSortsLikeArraysSort(descending, count, 25, "descending");
    }

    @Test
    void onlyTheFirstCountKeysAreSorted() {
        Random random = new Random(24);
        long[] keys = new long[20_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong() >>> 20;
        }
        for (int count : new int[] {0, 1, LongRadixSort.MIN_KEYS - 1, LongRadixSort.MIN_KEYS, 12_345}) {
            assertSortsLikeArraysSort(keys, count, 44, count + " of " + keys.length + " keys");
        }
    }

    @Test
    void aWidthOutsideZeroTo63IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LongRadixSort.sort(new long[1], 1, 64));
        assertThrows(IllegalArgumentException.class, () -> LongRadixSort.sort(new long[1], 1, -1));
    }
}
