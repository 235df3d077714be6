package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

class SegmentWriterTest {

    @TempDir
    Path dir;

    private SegmentWriter create(String name) throws IOException {
        return SegmentWriter.create(StorageIo.system(), dir.resolve(name), SegmentWriter.DEFAULT_BLOCK_BYTES);
    }

    @Test
    void appendingAKeyNotGreaterThanThePreviousFailsNamingBothKeys() throws IOException {
        try (SegmentWriter writer = create("s")) {
            writer.beginOrder(IndexOrder.SPOG);
            writer.append(5, 6, 7, 8, false);
            IllegalArgumentException smaller = assertThrows(IllegalArgumentException.class,
                () -> writer.append(5, 6, 7, 3, false));
            assertTrue(smaller.getMessage().contains("(5, 6, 7, 3)") && smaller.getMessage().contains("(5, 6, 7, 8)")
                && smaller.getMessage().contains("SPOG"), smaller.getMessage());
            IllegalArgumentException equal = assertThrows(IllegalArgumentException.class,
                () -> writer.append(5, 6, 7, 8, true));
            assertTrue(equal.getMessage().contains("(5, 6, 7, 8) follows (5, 6, 7, 8)"), equal.getMessage());
            writer.append(5, 6, 7, 9, false); // the rejected calls appended nothing
        }
    }

    @Test
    void finishingWithUnequalEntryCountsFailsAndNamesTheCounts() throws IOException {
        try (SegmentWriter writer = create("s")) {
            for (IndexOrder order : IndexOrder.values()) {
                writer.beginOrder(order);
                writer.append(1, 2, 3, 4, false);
                if (order == IndexOrder.OSPG) {
                    writer.append(1, 2, 3, 5, false);
                }
                writer.endOrder();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, writer::finish);
            assertTrue(e.getMessage().contains("OSPG=2"), e.getMessage());
        }
    }

    @Test
    void finishingWithUnequalTombstoneCountsFails() throws IOException {
        try (SegmentWriter writer = create("s")) {
            for (IndexOrder order : IndexOrder.values()) {
                writer.beginOrder(order);
                writer.append(1, 2, 3, 4, order == IndexOrder.GPOS);
                writer.endOrder();
            }
            assertThrows(IllegalStateException.class, writer::finish);
        }
    }

    @Test
    void ordersMustComeInDeclarationOrderEachOnceAndAllBeforeFinish() throws IOException {
        try (SegmentWriter writer = create("s")) {
            assertThrows(IllegalStateException.class, () -> writer.beginOrder(IndexOrder.POSG));
            assertThrows(IllegalStateException.class, () -> writer.append(1, 1, 1, 1, false));
            assertThrows(IllegalStateException.class, writer::endOrder);
            writer.beginOrder(IndexOrder.SPOG);
            assertThrows(IllegalStateException.class, () -> writer.beginOrder(IndexOrder.POSG));
            writer.endOrder();
            assertThrows(IllegalStateException.class, () -> writer.beginOrder(IndexOrder.SPOG));
            assertThrows(IllegalStateException.class, writer::finish);
        }
    }

    @Test
    void blockSizesOutsideTheRangeAreRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> SegmentWriter.create(StorageIo.system(), dir.resolve("a"), SegmentWriter.MIN_BLOCK_BYTES - 1));
        assertThrows(IllegalArgumentException.class,
            () -> SegmentWriter.create(StorageIo.system(), dir.resolve("b"), SegmentWriter.MAX_BLOCK_BYTES + 1));
        assertThrows(IllegalArgumentException.class,
            () -> SegmentWriter.create(StorageIo.system(), dir.resolve("c"), 4096, 2048, 32)); // chunk < block
        assertThrows(IllegalArgumentException.class,
            () -> SegmentWriter.create(StorageIo.system(), dir.resolve("d"), 4096, 1 << 20, 0)); // restart interval
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void aWriterClosedWithoutFinishLeavesAFileThatOpenRejects() throws IOException {
        Path file = dir.resolve("s");
        try (SegmentWriter writer = SegmentWriter.create(StorageIo.system(), file, 128)) {
            writer.beginOrder(IndexOrder.SPOG);
            for (int i = 1; i <= 1000; i++) {
                writer.append(i, 2, 3, 4, false);
            }
        }
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> Segment.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void creatingOverAnExistingFileReplacesItsContent() throws IOException {
        Path file = dir.resolve("s");
        Files.write(file, new byte[1 << 16]);
        SegmentFixture data = SegmentFixture.random(5, 100);
        long length = data.write(file, SegmentWriter.DEFAULT_BLOCK_BYTES);
        assertEquals(length, Files.size(file));
        try (Segment segment = Segment.open(file)) {
            assertEquals(data.quads.length, segment.entryCount());
        }
    }

    @Test
    void finishForcesTheFileThroughStorageIo() throws IOException {
        int[] forces = {0};
        StorageIo counting = new ForwardingStorageIo(StorageIo.system()) {
            @Override public void force(java.nio.channels.FileChannel channel, Path file) throws IOException {
                forces[0]++;
                delegate.force(channel, file);
            }
        };
        try (SegmentWriter writer = SegmentWriter.create(counting, dir.resolve("s"), 4096)) {
            for (IndexOrder order : IndexOrder.values()) {
                writer.beginOrder(order);
                writer.endOrder();
            }
            assertEquals(0, forces[0]);
            writer.finish();
            assertEquals(1, forces[0]);
            assertThrows(IllegalStateException.class, () -> writer.beginOrder(IndexOrder.SPOG));
        }
    }
}
