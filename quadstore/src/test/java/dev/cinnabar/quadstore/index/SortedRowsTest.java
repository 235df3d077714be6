package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** Both sorts (packed keys when the ranges fit in a long, rows otherwise) order rows like a sorted set does. */
class SortedRowsTest {

    /** Rows whose component ranges are {@code bits} wide: small ranges take the packed path, wide ones the rows. */
    private static long[] randomRows(Random random, int count, int bits) {
        long[] rows = new long[count * 4];
        for (int i = 0; i < count; i++) {
            rows[i * 4] = 1 + random.nextInt(3);
            for (int c = 1; c < 4; c++) {
                rows[i * 4 + c] = 1 + (random.nextLong() >>> (64 - bits));
            }
        }
        return rows;
    }

    private static List<String> expected(long[] gspo, int count, IndexOrder order) {
        TreeSet<long[]> sorted = new TreeSet<>(Arrays::compare);
        for (int i = 0; i < count; i++) {
            long[] key = new long[4];
            order.toKey(gspo[i * 4], gspo[i * 4 + 1], gspo[i * 4 + 2], gspo[i * 4 + 3], key);
            sorted.add(key);
        }
        return sorted.stream().map(Arrays::toString).toList();
    }

    @Test
    void sortedDistinctOrdersAndDeduplicatesRowsInEveryOrderOnBothPaths() {
        Random random = new Random(11);
        for (int bits : new int[] {4, 12, 39}) { // 3 x 39 bits no longer fit one long
            long[] rows = randomRows(random, 5000, bits);
            System.arraycopy(rows, 0, rows, 4 * 4000, 4 * 500); // duplicates
            for (IndexOrder order : IndexOrder.values()) {
                EntryCursor cursor = SortedRows.sortedDistinct(rows, 5000, order);
                List<String> actual = new ArrayList<>();
                while (cursor.next()) {
                    actual.add(Arrays.toString(new long[] {cursor.key(0), cursor.key(1), cursor.key(2),
                        cursor.key(3)}));
                }
                assertEquals(expected(rows, 5000, order), actual, order + " with " + bits + "-bit ranges");
            }
        }
    }

    @Test
    void sortWithFlagsCarriesEachRowsFlagOnBothPaths() {
        Random random = new Random(12);
        for (int bits : new int[] {6, 39}) {
            TreeMap<long[], Byte> distinct = new TreeMap<>(Arrays::compare);
            long[] candidates = randomRows(random, 3000, bits);
            for (int i = 0; i < 3000; i++) {
                distinct.put(Arrays.copyOfRange(candidates, i * 4, i * 4 + 4), (byte) random.nextInt(2));
            }
            int count = distinct.size();
            long[] gspo = new long[count * 4];
            byte[] flags = new byte[count];
            int row = 0;
            for (var entry : distinct.entrySet()) {
                System.arraycopy(entry.getKey(), 0, gspo, row * 4, 4);
                flags[row++] = entry.getValue();
            }
            for (IndexOrder order : IndexOrder.values()) {
                long[] rows = new long[count * 4];
                byte[] rowFlags = new byte[count];
                SortedRows.sortWithFlags(gspo, flags, count, order, rows, rowFlags);
                assertEquals(expected(gspo, count, order), java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> Arrays.toString(Arrays.copyOfRange(rows, i * 4, i * 4 + 4))).toList(),
                    order + " with " + bits + "-bit ranges");
                for (int i = 0; i < count; i++) {
                    long[] key = Arrays.copyOfRange(rows, i * 4, i * 4 + 4);
                    long[] quad = new long[4];
                    order.toQuad(key, quad);
                    assertEquals(distinct.get(quad).byteValue(), rowFlags[i], order + " flag of " + Arrays.toString(quad));
                }
            }
        }
    }
}
