package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.storage.CorruptStoreException;

class SegmentDamageTest {

    private static final SegmentFixture DATA = SegmentFixture.random(9, 400);

    @TempDir
    Path dir;

    private Path write() throws IOException {
        Path file = dir.resolve("segment");
        DATA.write(file, 256);
        return file;
    }

    private static void flip(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            channel.write(b, position);
        }
    }

    private static void assertNames(Path file, Exception e, String... parts) {
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void aDamagedBlockMakesCursorProbeAndVerifyReportTheFileOrderBlockAndOffset() throws IOException {
        Path file = write();
        long offset;
        try (Segment segment = Segment.open(file)) {
            offset = segment.index(IndexOrder.OSPG).offset(3);
        }
        flip(file, offset + 9);
        try (Segment segment = Segment.open(file)) { // open does not read blocks
            UncheckedIOException scan = assertThrows(UncheckedIOException.class,
                () -> SegmentFixture.drain(segment.cursor(IndexOrder.OSPG, null, 0)));
            assertInstanceOf(CorruptStoreException.class, scan.getCause());
            assertNames(file, scan.getCause(), "OSPG block 3", "offset " + offset, "checksum mismatch");

            long[] inBlock = DATA.sorted[IndexOrder.OSPG.ordinal()][0].clone();
            BlockIndex index = segment.index(IndexOrder.OSPG);
            for (int i = 0; i < 4; i++) {
                inBlock[i] = index.firstKey(3, i);
            }
            Probe probe = segment.probe(IndexOrder.OSPG);
            UncheckedIOException find = assertThrows(UncheckedIOException.class,
                () -> probe.find(inBlock[0], inBlock[1], inBlock[2], inBlock[3]));
            assertNames(file, find.getCause(), "OSPG block 3");
            // Other blocks and orders still read; the probe did not keep the damaged block.
            long[] first = DATA.sorted[IndexOrder.OSPG.ordinal()][0];
            assertTrue(probe.find(first[0], first[1], first[2], first[3]) != Segment.ABSENT);
            assertThrows(UncheckedIOException.class, () -> probe.find(inBlock[0], inBlock[1], inBlock[2], inBlock[3]));
            assertEquals(DATA.quads.length, SegmentFixture.drain(segment.cursor(IndexOrder.SPOG, null, 0)).length);

            CorruptStoreException verify = assertThrows(CorruptStoreException.class, segment::verify);
            assertEquals(1, verify.problems().size(), verify.getMessage());
            assertNames(file, verify, "OSPG block 3");
        }
    }

    @Test
    void aDamagedFooterIsReportedByOpen() throws IOException {
        Path file = write();
        long size = Files.size(file);
        flip(file, size - 32 - 5);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> Segment.open(file));
        assertNames(file, e, "footer checksum mismatch");
    }

    @Test
    void aDamagedTrailerIsReportedByOpen() throws IOException {
        Path file = write();
        long size = Files.size(file);
        flip(file, size - 30); // footer offset
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> Segment.open(file));
        assertNames(file, e, "trailer checksum mismatch");
        flip(file, size - 30);
        flip(file, size - 1); // magic
        e = assertThrows(CorruptStoreException.class, () -> Segment.open(file));
        assertNames(file, e, "bad magic in the trailer");
    }

    @Test
    void aDamagedHeaderIsReportedByOpen() throws IOException {
        Path file = write();
        flip(file, 2);
        assertNames(file, assertThrows(CorruptStoreException.class, () -> Segment.open(file)), "bad magic");
        flip(file, 2);
        flip(file, 9); // version
        assertNames(file, assertThrows(CorruptStoreException.class, () -> Segment.open(file)),
            "header checksum mismatch");
    }

    @Test
    void aTruncatedFileIsReportedByOpen() throws IOException {
        Path file = write();
        long size = Files.size(file);
        for (long length : new long[] {size - 1, size - 32, size / 2, 47, 0}) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> Segment.open(file),
                "length " + length);
            assertNames(file, e);
        }
        assertNames(file, assertThrows(CorruptStoreException.class, () -> Segment.open(file)), "truncated");
    }

    @Test
    void everySingleByteFlipIsFoundByOpenOrVerify() throws IOException {
        Path file = dir.resolve("small");
        SegmentFixture small = SegmentFixture.random(11, 12);
        long size = small.write(file, 128); // default chunk size: no padding, every byte is checksummed
        assertTrue(size > 1000 && small.quads.length > 30, size + " bytes");
        for (long position = 0; position < size; position++) {
            flip(file, position);
            try (Segment segment = Segment.open(file)) {
                segment.verify();
                fail("a flip at " + position + " of " + size + " went unnoticed");
            } catch (CorruptStoreException e) {
                assertNames(file, e);
            }
            flip(file, position);
        }
    }
}
