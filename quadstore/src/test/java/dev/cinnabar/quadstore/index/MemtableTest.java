package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The memtable's runs and merges agree with a sorted map of the newest state of every quad, in every order. */
class MemtableTest {

    private static final java.util.Comparator<long[]> KEYS = (a, b) -> Arrays.compare(a, b);

    @Test
    void everyOrderMatchesTheNewestStateOfEachQuadAfterManyCommits() {
        Random random = new Random(7);
        Memtable memtable = Memtable.empty();
        Map<List<Long>, Boolean> newest = new java.util.HashMap<>(); // gspo -> tombstone
        List<Memtable> history = new ArrayList<>();
        List<Map<List<Long>, Boolean>> states = new ArrayList<>();
        for (int commit = 0; commit < 200; commit++) {
            TreeMap<long[], Boolean> changes = new TreeMap<>(KEYS);
            int size = random.nextInt(commit % 10 == 0 ? 400 : 20);
            for (int i = 0; i < size; i++) {
                changes.put(new long[] {1 + random.nextInt(3), 1 + random.nextInt(20), 1 + random.nextInt(4),
                    1 + random.nextInt(30)}, random.nextInt(4) == 0);
            }
            long[] gspo = new long[changes.size() * 4];
            byte[] tombstone = new byte[changes.size()];
            int row = 0;
            for (Map.Entry<long[], Boolean> change : changes.entrySet()) {
                System.arraycopy(change.getKey(), 0, gspo, row * 4, 4);
                tombstone[row++] = (byte) (change.getValue() ? 1 : 0);
                newest.put(Arrays.stream(change.getKey()).boxed().toList(), change.getValue());
            }
            memtable = memtable.with(gspo, tombstone, changes.size());
            history.add(memtable);
            states.add(new java.util.HashMap<>(newest));
        }
        assertFalse(memtable.runCount() > 20, "runs merge: " + memtable.runCount());
        // Every version still reads as it was (immutability), in every order and through find.
        for (int version = 0; version < history.size(); version += 37) {
            check(history.get(version), states.get(version));
        }
        check(memtable, newest);
    }

    private static void check(Memtable memtable, Map<List<Long>, Boolean> expected) {
        for (IndexOrder order : IndexOrder.values()) {
            TreeMap<long[], Boolean> sorted = new TreeMap<>(KEYS);
            for (Map.Entry<List<Long>, Boolean> quad : expected.entrySet()) {
                long[] key = new long[4];
                order.toKey(quad.getKey().get(0), quad.getKey().get(1), quad.getKey().get(2), quad.getKey().get(3),
                    key);
                sorted.put(key, quad.getValue());
            }
            EntryCursor cursor = memtable.cursor(order, new long[4], 0, false);
            for (Map.Entry<long[], Boolean> entry : sorted.entrySet()) {
                assertEquals(true, cursor.next(), order + " ends early");
                long[] key = {cursor.key(0), cursor.key(1), cursor.key(2), cursor.key(3)};
                assertEquals(Arrays.toString(entry.getKey()), Arrays.toString(key), order.toString());
                assertEquals(entry.getValue(), cursor.tombstone(), order + " " + Arrays.toString(key));
            }
            assertFalse(cursor.next(), order + " has extra entries");
            long[] prefix = sorted.isEmpty() ? new long[4] : sorted.firstKey();
            long expectedWithPrefix = sorted.keySet().stream().filter(k -> k[0] == prefix[0] && k[1] == prefix[1])
                .filter(k -> !sorted.get(k)).count();
            EntryCursor prefixed = memtable.cursor(order, prefix, 2, true);
            long found = 0;
            while (prefixed.next()) {
                found++;
            }
            assertEquals(expectedWithPrefix, found, order + " prefix scan");
        }
        for (Map.Entry<List<Long>, Boolean> quad : expected.entrySet()) {
            List<Long> q = quad.getKey();
            assertEquals(quad.getValue() ? MemoryIndex.TOMBSTONE : MemoryIndex.PRESENT,
                memtable.find(q.get(0), q.get(1), q.get(2), q.get(3)));
        }
        assertEquals(MemoryIndex.ABSENT, memtable.find(9, 9, 9, 9));
    }
}
