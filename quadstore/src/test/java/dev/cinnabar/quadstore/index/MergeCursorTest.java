package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Merging stacks of sources (linear for a few, a heap for many): the newest source decides each key. */
class MergeCursorTest {

    @Test
    void theNewestSourceDecidesEveryKeyForAnyNumberOfSources() {
        Random random = new Random(5);
        for (int sourceCount = 1; sourceCount <= 12; sourceCount++) {
            for (boolean hide : new boolean[] {false, true}) {
                List<MemoryIndex> sources = new ArrayList<>();
                TreeMap<long[], Boolean> newest = new TreeMap<>(Arrays::compare); // key -> tombstone
                for (int s = 0; s < sourceCount; s++) {
                    sources.add(new MemoryIndex());
                }
                // Fill newest first so that the first put of a key is the one that counts.
                for (int s = 0; s < sourceCount; s++) {
                    for (int i = 0; i < 200; i++) {
                        long[] q = {1 + random.nextInt(2), 1 + random.nextInt(15), 1 + random.nextInt(3),
                            1 + random.nextInt(15)};
                        boolean tombstone = random.nextInt(3) == 0;
                        sources.get(s).put(q[0], q[1], q[2], q[3], tombstone);
                        newest.putIfAbsent(q, sources.get(s).find(q[0], q[1], q[2], q[3]) == MemoryIndex.TOMBSTONE);
                    }
                }
                // A key put twice in one source keeps its last state there; recompute from the sources.
                newest.replaceAll((q, ignored) -> {
                    for (MemoryIndex source : sources) {
                        int state = source.find(q[0], q[1], q[2], q[3]);
                        if (state != MemoryIndex.ABSENT) {
                            return state == MemoryIndex.TOMBSTONE;
                        }
                    }
                    throw new AssertionError();
                });
                for (IndexOrder order : new IndexOrder[] {IndexOrder.GSPO, IndexOrder.OSPG}) {
                    EntryCursor[] cursors = sources.stream().map(m -> m.cursor(order, new long[4], 0))
                        .toArray(EntryCursor[]::new);
                    MergeCursor merged = new MergeCursor(cursors, hide);
                    TreeMap<long[], Boolean> expected = new TreeMap<>(Arrays::compare);
                    newest.forEach((q, tombstone) -> {
                        long[] key = new long[4];
                        order.toKey(q[0], q[1], q[2], q[3], key);
                        if (!(hide && tombstone)) {
                            expected.put(key, tombstone);
                        }
                    });
                    List<String> actual = new ArrayList<>();
                    while (merged.next()) {
                        actual.add(Arrays.toString(new long[] {merged.key(0), merged.key(1), merged.key(2),
                            merged.key(3)}) + merged.tombstone());
                    }
                    List<String> wanted = new ArrayList<>();
                    expected.forEach((k, t) -> wanted.add(Arrays.toString(k) + t));
                    assertEquals(wanted, actual, sourceCount + " sources, hide " + hide + ", " + order);
                }
            }
        }
    }

    @Test
    void seekSkipsAheadInEverySourceForManySources() {
        List<EntryCursor> cursors = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            MemoryIndex source = new MemoryIndex();
            for (int g = 1; g <= 5; g++) {
                source.put(g, s + 1, 1, 1, false);
            }
            cursors.add(source.cursor(IndexOrder.GSPO, new long[4], 0));
        }
        MergeCursor merged = new MergeCursor(cursors.toArray(new EntryCursor[0]), true);
        List<Long> graphs = new ArrayList<>();
        while (merged.next()) {
            graphs.add(merged.key(0));
            merged.seek(merged.key(0) + 1, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), graphs);
    }
    @Test
    void longRunsFromOneSourceEndingInKeysOthersHoldTooMergeAsTheNewestDecides() {
        // Like a bulk load's chunks: each source holds ranges of keys the others lack, runs of a hundred entries,
        // and every run ends in a key some other source holds too (with a state of its own).
        Random random = new Random(11);
        for (int sourceCount = 2; sourceCount <= 12; sourceCount++) { // linear up to 4, a heap above
            List<MemoryIndex> sources = new ArrayList<>();
            for (int s = 0; s < sourceCount; s++) {
                sources.add(new MemoryIndex());
            }
            TreeMap<Long, Boolean> newest = new TreeMap<>(); // subject -> tombstone
            long subject = 1;
            for (int run = 0; run < 60; run++) {
                int owner = random.nextInt(sourceCount);
                for (int i = 0; i < 100; i++, subject++) {
                    boolean tombstone = random.nextInt(5) == 0;
                    sources.get(owner).put(1, subject, 2, 3, tombstone);
                    newest.put(subject, tombstone);
                }
                int other = random.nextInt(sourceCount);
                boolean tombstone = random.nextBoolean();
                sources.get(other).put(1, subject - 1, 2, 3, tombstone);
                if (other <= owner) {
                    newest.put(subject - 1, tombstone); // the newer source decides; in the same one, the last put
                }
            }
            for (boolean hide : new boolean[] {false, true}) {
                EntryCursor[] cursors = sources.stream().map(m -> m.cursor(IndexOrder.GSPO, new long[4], 0))
                    .toArray(EntryCursor[]::new);
                MergeCursor merged = new MergeCursor(cursors, hide);
                List<String> actual = new ArrayList<>();
                while (merged.next()) {
                    actual.add(merged.key(1) + (merged.tombstone() ? "-" : "+"));
                }
                List<String> wanted = new ArrayList<>();
                newest.forEach((s, t) -> {
                    if (!(hide && t)) {
                        wanted.add(s + (t ? "-" : "+"));
                    }
                });
                assertEquals(String.join(" ", wanted), String.join(" ", actual), sourceCount + " sources, hide " + hide);
            }
        }
    }
}
