package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentReadTest {

    private static final SegmentFixture DATA = SegmentFixture.random(42, 3000);

    @TempDir
    Path dir;

    private Segment write(int blockBytes) throws IOException {
        return write(blockBytes, SegmentWriter.DEFAULT_RESTART_INTERVAL);
    }

    private Segment write(int blockBytes, int restartInterval) throws IOException {
        Path file = dir.resolve("segment-" + blockBytes + "-" + restartInterval);
        long length = DATA.write(file, blockBytes, SegmentWriter.DEFAULT_CHUNK_BYTES, restartInterval);
        assertEquals(Files.size(file), length);
        return Segment.open(file);
    }

    @ParameterizedTest
    @CsvSource({"128, 32", "512, 1", "512, 7", "4096, 32", "4096, 65536", "65536, 32"})
    void everyOrderReadsBackCompletelyInKeyOrderWithItsTombstones(int blockBytes, int restartInterval)
        throws IOException {
        try (Segment segment = write(blockBytes, restartInterval)) {
            assertEquals(DATA.quads.length, segment.entryCount());
            assertEquals(DATA.tombstoneCount(), segment.tombstoneCount());
            assertTrue(DATA.tombstoneCount() > 0 && DATA.quads.length > 10_000);
            for (IndexOrder order : IndexOrder.values()) {
                assertTrue(segment.blockCount(order) > 1 || blockBytes == 65536, "several blocks per order");
                long[][] rows = SegmentFixture.drain(segment.cursor(order, null, 0));
                assertEquals(DATA.sorted[order.ordinal()].length, rows.length, order.toString());
                for (int i = 0; i < rows.length; i++) {
                    assertArrayEquals(DATA.sorted[order.ordinal()][i], rows[i], order + " entry " + i);
                }
            }
            segment.verify();
        }
    }

    @Test
    void blocksWhoseEntriesShareTheLastKeyPositionAreWrittenNarrowAndReadBack() throws IOException {
        try (Segment segment = write(256)) {
            int[] narrow = new int[6];
            for (IndexOrder order : IndexOrder.values()) {
                BlockReader reader = new BlockReader(segment, segment.index(order), new BlockCache(1));
                for (int b = 0; b < segment.blockCount(order); b++) {
                    reader.load(b);
                    narrow[order.ordinal()] += reader.width == 3 ? 1 : 0;
                }
                assertArrayEquals(DATA.sorted[order.ordinal()], SegmentFixture.drain(segment.cursor(order, null, 0)));
            }
            int spog = segment.blockCount(IndexOrder.SPOG);
            assertTrue(narrow[IndexOrder.SPOG.ordinal()] > spog / 5 && narrow[IndexOrder.SPOG.ordinal()] < spog,
                "SPOG has narrow and wide blocks: " + narrow[IndexOrder.SPOG.ordinal()] + " of " + spog);
            assertEquals(0, narrow[IndexOrder.GSPO.ordinal()], "objects differ within every GSPO block");
        }
    }

    /**
     * A block that stays narrow past many restart entries and then widens is encoded wide only then, from the keys
     * it kept: every entry reads back, and a seek to each (through the restart offsets) lands on it.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64})
    void aBlockThatWidensAfterManyNarrowEntriesReadsBackAndSeeksToEveryEntry(int restartInterval) throws IOException {
        List<long[]> keys = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(restartInterval);
        long s = 1;
        for (int i = 0; i < 20_000; i++) {
            s += 1 + random.nextInt(3);
            // long runs sharing k3, broken now and then deep inside a block
            keys.add(new long[] {s, 1 + random.nextInt(4), 1 + random.nextInt(1000), random.nextInt(300) == 0 ? 9 : 7});
        }
        Path file = dir.resolve("widening-" + restartInterval);
        try (SegmentWriter writer = SegmentWriter.create(dev.cinnabar.storage.StorageIo.system(), file, 4096,
            SegmentWriter.DEFAULT_CHUNK_BYTES, restartInterval)) {
            for (IndexOrder order : IndexOrder.values()) {
                writer.beginOrder(order);
                for (long[] k : keys) {
                    writer.append(k[0], k[1], k[2], k[3], k[2] % 13 == 0);
                }
                writer.endOrder();
            }
            writer.finish();
        }
        try (Segment segment = Segment.open(file)) {
            segment.verify();
            int wide = 0;
            BlockReader reader = new BlockReader(segment, segment.index(IndexOrder.SPOG), new BlockCache(1));
            for (int b = 0; b < segment.blockCount(IndexOrder.SPOG); b++) {
                reader.load(b);
                wide += reader.width == 4 ? 1 : 0;
            }
            assertTrue(wide > 0 && wide < segment.blockCount(IndexOrder.SPOG), wide + " wide blocks of "
                + segment.blockCount(IndexOrder.SPOG));
            long[][] rows = SegmentFixture.drain(segment.cursor(IndexOrder.SPOG, null, 0));
            assertEquals(keys.size(), rows.length);
            for (int i = 0; i < rows.length; i++) {
                long[] k = keys.get(i);
                assertArrayEquals(new long[] {k[0], k[1], k[2], k[3], k[2] % 13 == 0 ? 1 : 0}, rows[i], "entry " + i);
            }
            EntryCursor cursor = segment.cursor(IndexOrder.SPOG, null, 0);
            for (int i = 0; i < keys.size(); i += 1 + random.nextInt(5)) {
                long[] k = keys.get(i);
                cursor.seek(k[0], k[1], k[2], k[3]);
                assertTrue(cursor.next(), "seek to entry " + i);
                assertArrayEquals(k, new long[] {cursor.key(0), cursor.key(1), cursor.key(2), cursor.key(3)},
                    "seek to entry " + i);
            }
        }
    }

    @Test
    void prefixScansOfEveryLengthReturnExactlyTheEntriesWithThatPrefix() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        try (Segment segment = write(256)) {
            for (IndexOrder order : IndexOrder.values()) {
                long[][] keys = DATA.sorted[order.ordinal()];
                for (int trial = 0; trial < 150; trial++) {
                    int prefixLength = 1 + trial % 4;
                    long[] prefix = keys[random.nextInt(keys.length)].clone();
                    switch (random.nextInt(4)) { // also prefixes that match nothing, inside and outside the keys
                        case 0:
                            prefix[prefixLength - 1]++;
                            break;
                        case 1:
                            prefix[prefixLength - 1]--;
                            break;
                        default:
                            break;
                    }
                    if (trial == 0) {
                        prefix[0] = Long.MIN_VALUE; // before every key
                    } else if (trial == 1) {
                        prefix[0] = Long.MAX_VALUE; // after every key (ids stop below it in the data)
                    }
                    assertScanMatches(segment, order, prefix, prefixLength);
                }
            }
        }
    }

    private static void assertScanMatches(Segment segment, IndexOrder order, long[] prefix, int prefixLength) {
        List<long[]> expected = new ArrayList<>();
        for (long[] key : DATA.sorted[order.ordinal()]) {
            if (SegmentFixture.hasPrefix(key, prefix, prefixLength)) {
                expected.add(key);
            }
        }
        long[][] rows = SegmentFixture.drain(segment.cursor(order, prefix, prefixLength));
        String what = order + " prefix " + java.util.Arrays.toString(prefix) + " length " + prefixLength;
        assertEquals(expected.size(), rows.length, what);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(expected.get(i), rows[i], what + " entry " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, SegmentWriter.DEFAULT_RESTART_INTERVAL, 65536})
    void seekLandsOnTheFirstEntryAtOrAfterTheTargetInsideThePrefixAndNeverMovesBack(int restartInterval)
        throws IOException {
        SplittableRandom random = new SplittableRandom(2);
        try (Segment segment = write(1024, restartInterval)) {
            for (IndexOrder order : IndexOrder.values()) {
                long[][] keys = DATA.sorted[order.ordinal()];
                for (int trial = 0; trial < 40; trial++) {
                    int prefixLength = trial % 3; // 0, 1 or 2
                    long[] prefix = keys[random.nextInt(keys.length)];
                    int first = DATA.ceiling(order, prefix(prefix, prefixLength));
                    EntryCursor cursor = segment.cursor(order, prefix, prefixLength);
                    int expected = first; // index of the entry the next next() must return
                    for (int step = 0; step < 60; step++) {
                        if (random.nextBoolean()) {
                            // Targets ahead, sometimes far ahead (other blocks), sometimes not present as keys.
                            int ahead = random.nextInt(3) == 0
                                ? random.nextInt(keys.length / 4 + 1) : random.nextInt(5);
                            long[] target = keys[Math.min(keys.length - 1, Math.max(0, expected - 1) + ahead)].clone();
                            if (random.nextBoolean()) {
                                target[3]++;
                            }
                            cursor.seek(target[0], target[1], target[2], target[3]);
                            expected = Math.max(expected, DATA.ceiling(order, target));
                        } else if (random.nextInt(8) == 0 && expected > first) {
                            long[] behind = keys[first + random.nextInt(expected - first)];
                            cursor.seek(behind[0], behind[1], behind[2], behind[3]); // backwards: no effect
                        }
                        boolean inRange = expected < keys.length
                            && SegmentFixture.hasPrefix(keys[expected], prefix, prefixLength);
                        String what = order + " trial " + trial + " step " + step;
                        assertEquals(inRange, cursor.next(), what);
                        if (!inRange) {
                            break;
                        }
                        assertArrayEquals(keys[expected], SegmentFixture.row(cursor), what);
                        expected++;
                    }
                }
            }
        }
    }

    @Test
    void seekBeforeTheFirstNextOnlyRaisesTheStartAndSeekPastThePrefixEndsTheScan() throws IOException {
        try (Segment segment = write(256)) {
            long[][] keys = DATA.sorted[IndexOrder.GSPO.ordinal()];
            long[] middle = keys[keys.length / 2];
            EntryCursor cursor = segment.cursor(IndexOrder.GSPO, null, 0);
            cursor.seek(middle[0], middle[1], middle[2], middle[3]);
            cursor.seek(Long.MIN_VALUE, 0, 0, 0); // lower than the pending target: ignored
            assertTrue(cursor.next());
            assertArrayEquals(middle, SegmentFixture.row(cursor));

            EntryCursor prefixed = segment.cursor(IndexOrder.GSPO, middle, 1);
            prefixed.seek(middle[0] + 1, 0, 0, 0);
            assertFalse(prefixed.next());
            assertFalse(prefixed.next());
        }
    }

    @Test
    void aSeekIntoALaterBlockDecodesOnlyThatBlock() throws IOException {
        try (Segment segment = write(256, 65536)) { // no restart points: the block is decoded from its start
            IndexOrder order = IndexOrder.POSG;
            long[][] keys = DATA.sorted[order.ordinal()];
            BlockIndex index = segment.index(order);
            SegmentCursor cursor = (SegmentCursor) segment.cursor(order, null, 0);
            assertTrue(cursor.next());
            assertEquals(1, cursor.blockLoads());
            int block = index.blockCount / 2;
            long[] target = new long[4];
            for (int i = 0; i < 4; i++) {
                target[i] = index.firstKey(block, i);
            }
            target[3]++; // just after the block's first key: the answer lies in that block or the next
            cursor.seek(target[0], target[1], target[2], target[3]);
            assertTrue(cursor.next());
            int answer = DATA.ceiling(order, target);
            assertArrayEquals(keys[answer], SegmentFixture.row(cursor));
            // Decoded: the first entry, then the target's block from its start to the answer; nothing else.
            long[] blockFirst = {target[0], target[1], target[2], target[3] - 1};
            assertEquals(1 + answer - DATA.ceiling(order, blockFirst) + 1, cursor.entriesDecoded());
            assertEquals(2, cursor.blockLoads());
        }
    }

    @Test
    void cursorsAndProbesDecodeAtMostOneRestartIntervalToReachAKey() throws IOException {
        int interval = 8;
        SplittableRandom random = new SplittableRandom(6);
        try (Segment segment = write(SegmentWriter.DEFAULT_BLOCK_BYTES, interval)) {
            for (IndexOrder order : IndexOrder.values()) {
                long[][] keys = DATA.sorted[order.ordinal()];
                Probe probe = segment.probe(order);
                for (int trial = 0; trial < 200; trial++) {
                    int i = random.nextInt(keys.length);
                    long[] k = keys[i];
                    SegmentCursor exact = (SegmentCursor) segment.cursor(order, k, 4);
                    assertTrue(exact.next());
                    assertArrayEquals(k, SegmentFixture.row(exact));
                    assertTrue(exact.entriesDecoded() <= interval, exact.entriesDecoded() + " decoded");
                    assertFalse(exact.next());

                    long before = probe.entriesDecoded();
                    assertTrue(probe.find(k[0], k[1], k[2], k[3]) != Segment.ABSENT);
                    assertTrue(probe.entriesDecoded() - before <= interval, "probe decoded "
                        + (probe.entriesDecoded() - before));

                    int j = Math.min(keys.length - 1, i + 1 + random.nextInt(100)); // often in the same block
                    exact = (SegmentCursor) segment.cursor(order, null, 0);
                    exact.seek(k[0], k[1], k[2], k[3]);
                    assertTrue(exact.next());
                    long decoded = exact.entriesDecoded();
                    exact.seek(keys[j][0], keys[j][1], keys[j][2], keys[j][3]);
                    assertTrue(exact.next());
                    assertArrayEquals(keys[j], SegmentFixture.row(exact));
                    assertTrue(exact.entriesDecoded() - decoded <= interval, "seek decoded "
                        + (exact.entriesDecoded() - decoded) + " from " + i + " to " + j);
                }
            }
        }
    }

    @Test
    void ascendingProbesDecodeEachBlockAndEntryOnce() throws IOException {
        try (Segment segment = write(256)) {
            for (IndexOrder order : IndexOrder.values()) {
                Probe probe = segment.probe(order);
                for (long[] k : DATA.sorted[order.ordinal()]) {
                    assertTrue(probe.find(k[0], k[1], k[2], k[3]) != Segment.ABSENT);
                }
                assertEquals(segment.blockCount(order), probe.blockLoads(), order.toString());
                assertEquals(DATA.quads.length, probe.entriesDecoded(), order + ": each entry decoded once");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"true, 32", "false, 1", "false, 4", "false, 32", "false, 65536"})
    void probeTellsPresentAbsentAndTombstone(boolean ascending, int restartInterval) throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        try (Segment segment = write(1024, restartInterval)) {
            for (IndexOrder order : IndexOrder.values()) {
                long[][] keys = DATA.sorted[order.ordinal()];
                List<long[]> queries = new ArrayList<>();
                for (int i = 0; i < keys.length; i += 1 + random.nextInt(3)) {
                    queries.add(keys[i]);
                    long[] absent = keys[i].clone();
                    absent[3] += 1 + random.nextInt(2);
                    queries.add(absent);
                }
                queries.add(new long[] {Long.MIN_VALUE, 0, 0, 0});
                queries.add(new long[] {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE});
                if (ascending) {
                    queries.sort(SegmentFixture.KEY_ORDER);
                } else {
                    java.util.Collections.shuffle(queries, new java.util.Random(4));
                }
                Probe probe = segment.probe(order);
                assertEquals(order, probe.order());
                int tombstones = 0;
                for (long[] q : queries) {
                    int index = DATA.ceiling(order, q);
                    boolean found = index < keys.length && SegmentFixture.KEY_ORDER.compare(keys[index], q) == 0;
                    int expected = !found ? Segment.ABSENT : keys[index][4] != 0 ? Segment.TOMBSTONE : Segment.PRESENT;
                    tombstones += expected == Segment.TOMBSTONE ? 1 : 0;
                    assertEquals(expected, probe.find(q[0], q[1], q[2], q[3]),
                        order + " " + java.util.Arrays.toString(q));
                }
                assertTrue(tombstones > 0);
            }
        }
    }

    @Test
    void anEmptySegmentOpensWithNoEntriesInAnyOrder() throws IOException {
        Path file = dir.resolve("empty");
        SegmentFixture empty = new SegmentFixture(new long[0][]);
        long length = empty.write(file, SegmentWriter.DEFAULT_BLOCK_BYTES);
        try (Segment segment = Segment.open(file)) {
            assertEquals(length, segment.fileBytes());
            assertEquals(0, segment.entryCount());
            assertEquals(0, segment.tombstoneCount());
            for (IndexOrder order : IndexOrder.values()) {
                assertEquals(0, segment.blockCount(order));
                assertFalse(segment.cursor(order, null, 0).next());
                assertFalse(segment.cursor(order, new long[] {1, 2}, 2).next());
                assertEquals(Segment.ABSENT, segment.probe(order).find(1, 2, 3, 4));
            }
            segment.verify();
        }
    }

    @Test
    void withTinyChunksBlocksArePaddedToChunkEdgesAndEverythingReadsBack() throws IOException {
        Path file = dir.resolve("tiny-chunks");
        int chunkBytes = 1 << 10;
        DATA.write(file, 1000, chunkBytes, SegmentWriter.DEFAULT_RESTART_INTERVAL);
        try (Segment segment = Segment.open(file)) {
            int padded = 0;
            for (IndexOrder order : IndexOrder.values()) {
                BlockIndex index = segment.index(order);
                for (int b = 0; b < index.blockCount; b++) {
                    long offset = index.offset(b);
                    assertEquals(offset / chunkBytes, (offset + index.length(b) - 1) / chunkBytes,
                        "block " + b + " inside one chunk");
                    padded += offset % chunkBytes == 0 ? 1 : 0;
                }
                assertArrayEquals(DATA.sorted[order.ordinal()], SegmentFixture.drain(segment.cursor(order, null, 0)),
                    order.toString());
                long[] first = DATA.sorted[order.ordinal()][0];
                assertEquals(first[4] != 0 ? Segment.TOMBSTONE : Segment.PRESENT,
                    segment.probe(order).find(first[0], first[1], first[2], first[3]));
            }
            assertTrue(padded > 100, "most blocks start a chunk after padding: " + padded);
            assertTrue(segment.fileBytes() > 100L * chunkBytes, "many chunks");
            segment.verify();
        }
    }

    @Test
    void orderBytesAddUpToTheFileApartFromHeaderTrailerAndFooterStart() throws IOException {
        try (Segment segment = write(SegmentWriter.DEFAULT_BLOCK_BYTES)) {
            long sum = 0;
            for (IndexOrder order : IndexOrder.values()) {
                assertTrue(segment.orderBytes(order) > 0);
                sum += segment.orderBytes(order);
            }
            long overhead = segment.fileBytes() - sum;
            assertTrue(overhead >= 16 + 32 && overhead <= 16 + 32 + 16, "overhead " + overhead);
        }
    }

    @Test
    void concurrentReadersWithTheirOwnCursorsAndProbesSeeTheSameEntries() throws Exception {
        try (Segment segment = write(512)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    IndexOrder order = IndexOrder.of(t % 6);
                    results.add(pool.submit(() -> {
                        for (int round = 0; round < 5; round++) {
                            assertArrayEquals(DATA.sorted[order.ordinal()],
                                SegmentFixture.drain(segment.cursor(order, null, 0)));
                            Probe probe = segment.probe(order);
                            for (long[] k : DATA.sorted[order.ordinal()]) {
                                assertEquals(k[4] != 0 ? Segment.TOMBSTONE : Segment.PRESENT,
                                    probe.find(k[0], k[1], k[2], k[3]));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> result : results) {
                    result.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static long[] prefix(long[] key, int prefixLength) {
        long[] target = new long[4];
        for (int i = 0; i < 4; i++) {
            target[i] = i < prefixLength ? key[i] : Long.MIN_VALUE;
        }
        return target;
    }
}
