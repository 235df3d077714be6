package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cinnabar.storage.CorruptStoreException;

class BlockCacheTest {

    private static final SegmentFixture DATA = SegmentFixture.random(7, 1500);

    @TempDir
    Path dir;

    private Segment write(String name) throws IOException {
        return DATA.writeAndOpen(dir.resolve(name), 512);
    }

    private static long[][] expected(IndexOrder order, long[] prefix, int prefixLength) {
        List<long[]> rows = new ArrayList<>();
        for (long[] key : DATA.sorted[order.ordinal()]) {
            if (SegmentFixture.hasPrefix(key, prefix, prefixLength)) {
                rows.add(key);
            }
        }
        return rows.toArray(new long[0][]);
    }

    @Test
    void cursorsAndProbesSharingACacheCopyAndCheckEachBlockOnce() throws IOException {
        try (Segment segment = write("segment")) {
            BlockCache cache = new BlockCache(64);
            long[][] keys = DATA.sorted[IndexOrder.SPOG.ordinal()];
            long[] key = keys[keys.length / 2];
            for (int i = 0; i < 100; i++) {
                EntryCursor cursor = segment.cursor(IndexOrder.SPOG, key, 4, cache);
                assertTrue(cursor.next());
                assertEquals(key[3], cursor.key(3));
                Probe probe = segment.probe(IndexOrder.SPOG, cache);
                assertEquals(key[4] == 0 ? Segment.PRESENT : Segment.TOMBSTONE,
                    probe.find(key[0], key[1], key[2], key[3]));
            }
            assertEquals(1, cache.copies);
        }
    }

    /**
     * Nested loops over one cache far smaller than the blocks they read: every cursor's blocks are evicted while it
     * is open, and every cursor still reads exactly its entries.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 64})
    void cursorsWhoseBlocksAreEvictedBetweenCallsStillReadTheirEntries(int blocks) throws IOException {
        try (Segment older = write("older"); Segment newer = write("newer")) {
            BlockCache cache = new BlockCache(blocks);
            SplittableRandom random = new SplittableRandom(blocks);
            IndexOrder[] orders = IndexOrder.values();
            for (int trial = 0; trial < 40; trial++) {
                int open = 2 + random.nextInt(6);
                EntryCursor[] cursors = new EntryCursor[open];
                long[][][] expected = new long[open][][];
                int[] read = new int[open];
                for (int c = 0; c < open; c++) {
                    IndexOrder order = orders[random.nextInt(orders.length)];
                    long[][] keys = DATA.sorted[order.ordinal()];
                    int prefixLength = random.nextInt(3);
                    long[] prefix = keys[random.nextInt(keys.length)];
                    expected[c] = expected(order, prefix, prefixLength);
                    cursors[c] = (c % 2 == 0 ? older : newer).cursor(order, prefix, prefixLength, cache);
                }
                boolean any = true;
                while (any) { // round robin, a few entries each, so that they evict each other's blocks
                    any = false;
                    for (int c = 0; c < open; c++) {
                        for (int step = random.nextInt(40); step > 0 && read[c] < expected[c].length; step--) {
                            assertTrue(cursors[c].next(), "cursor " + c + " ends early");
                            assertArrayEquals(expected[c][read[c]], SegmentFixture.row(cursors[c]));
                            read[c]++;
                        }
                        any |= read[c] < expected[c].length;
                    }
                }
                for (EntryCursor cursor : cursors) {
                    assertTrue(!cursor.next(), "no entry after the expected ones");
                }
            }
        }
    }

    @Test
    void probesAndCursorsFindEveryKeyInAnyOrderThroughASharedCache() throws IOException {
        try (Segment segment = write("segment")) {
            BlockCache cache = new BlockCache(4);
            long[][] keys = DATA.sorted[IndexOrder.GSPO.ordinal()];
            Probe probe = segment.probe(IndexOrder.GSPO, cache);
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 3000; i++) {
                long[] key = i < keys.length ? keys[i] : keys[random.nextInt(keys.length)];
                int state = key[4] == 0 ? Segment.PRESENT : Segment.TOMBSTONE;
                assertEquals(state, probe.find(key[0], key[1], key[2], key[3]), "probe " + i);
                long[][] rows = SegmentFixture.drain(segment.cursor(IndexOrder.GSPO, key, 3, cache));
                assertEquals(expected(IndexOrder.GSPO, key, 3).length, rows.length, "cursor " + i);
                long[][] exact = SegmentFixture.drain(segment.cursor(IndexOrder.GSPO, key, 4, cache));
                assertEquals(1, exact.length, "exact cursor " + i);
                assertArrayEquals(key, exact[0], "exact cursor " + i);
                long[] after = {key[0], key[1], key[2], key[3] + 1};
                assertEquals(stateOf(IndexOrder.GSPO, after), probe.find(after[0], after[1], after[2], after[3]),
                    "probe after " + i);
            }
        }
    }

    private static int stateOf(IndexOrder order, long[] key) {
        long[][] keys = DATA.sorted[order.ordinal()];
        int at = DATA.ceiling(order, key);
        if (at == keys.length || SegmentFixture.KEY_ORDER.compare(keys[at], key) != 0) {
            return Segment.ABSENT;
        }
        return keys[at][4] == 0 ? Segment.PRESENT : Segment.TOMBSTONE;
    }

    @Test
    void aDamagedBlockIsReportedOnEveryReadThroughACacheAndNeverKept() throws IOException {
        Path file = dir.resolve("damaged");
        DATA.write(file, 512);
        long offset;
        long[] inBlock = new long[4];
        try (Segment segment = Segment.open(file)) {
            BlockIndex index = segment.index(IndexOrder.POSG);
            offset = index.offset(5);
            for (int i = 0; i < 4; i++) {
                inBlock[i] = index.firstKey(5, i);
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, offset + 11);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            channel.write(b, offset + 11);
        }
        try (Segment segment = Segment.open(file)) {
            BlockCache cache = new BlockCache(64);
            for (int attempt = 0; attempt < 3; attempt++) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> SegmentFixture.drain(segment.cursor(IndexOrder.POSG, inBlock, 4, cache)));
                assertInstanceOf(CorruptStoreException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains(file + ": POSG block 5"), e.getCause().getMessage());
                assertTrue(e.getCause().getMessage().contains("checksum mismatch"), e.getCause().getMessage());
                Probe probe = segment.probe(IndexOrder.POSG, cache);
                assertThrows(UncheckedIOException.class, () -> probe.find(inBlock[0], inBlock[1], inBlock[2],
                    inBlock[3]));
            }
            long[] first = DATA.sorted[IndexOrder.POSG.ordinal()][0];
            assertEquals(expected(IndexOrder.POSG, first, 2).length,
                SegmentFixture.drain(segment.cursor(IndexOrder.POSG, first, 2, cache)).length);
        }
    }

    @Test
    void intervalsRecordedInABlockReadRepeatedlyAreReplayedBySeeksToEveryKey() throws IOException {
        try (Segment segment = write("segment")) {
            IndexOrder order = IndexOrder.OSPG;
            BlockCache cache = new BlockCache(2 * Integer.highestOneBit(segment.blockCount(order))); // holds all
            long[][] keys = DATA.sorted[order.ordinal()];
            for (int pass = 0; pass < 4; pass++) { // two passes decode, the third records, the fourth replays
                SegmentCursor cursor = (SegmentCursor) segment.cursor(order, null, 0, cache);
                for (int i = 0; i < keys.length; i += 1 + i % 3) {
                    long[] key = keys[i];
                    cursor.seek(key[0], key[1], key[2], key[3]);
                    assertTrue(cursor.next(), "pass " + pass + " key " + i);
                    assertArrayEquals(key, SegmentFixture.row(cursor), "pass " + pass + " key " + i);
                }
                if (pass == 3) {
                    assertTrue(cursor.entriesReplayed() > 0, "replayed " + cursor.entriesReplayed());
                    assertEquals(0, cursor.entriesDecoded() - cursor.entriesReplayed(),
                        "entries decoded from bytes in the fourth pass");
                }
            }
        }
    }

    @Test
    void aCacheHoldsOneOrAPowerOfTwoBlocks() {
        assertThrows(IllegalArgumentException.class, () -> new BlockCache(0));
        assertThrows(IllegalArgumentException.class, () -> new BlockCache(3));
        assertEquals(0, new BlockCache(1).copies);
    }
}
