package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

class Crc32cTest {

    @Test
    void combiningTheChecksumsOfTwoRangesGivesTheChecksumOfBoth() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        for (int trial = 0; trial < 200; trial++) {
            int split = random.nextInt(bytes.length + 1);
            int end = split + random.nextInt(bytes.length - split + 1);
            assertEquals(crc(bytes, 0, end),
                Crc32c.combine(crc(bytes, 0, split), crc(bytes, split, end), end - split),
                "split " + split + " end " + end);
        }
    }

    @Test
    void combiningARangeLongerThanFourGibUsesItsWholeLength() {
        // A commit combines the data file's checksum with that of the bytes appended since the last one; a length
        // cut to 32 bits would give a wrong checksum, which verify() then reports as damage. Zeros, hashed from
        // memory: no file is written.
        long length = (1L << 32) + 4099;
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        byte[] head = {'a', 't', 'o', 'm'};
        CRC32C whole = new CRC32C();
        whole.update(head);
        CRC32C tail = new CRC32C();
        for (long left = length; left > 0; left -= zeros.limit()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), left));
            whole.update(zeros.duplicate());
            tail.update(zeros);
        }
        assertEquals((int) whole.getValue(),
            Crc32c.combine(crc(head, 0, head.length), (int) tail.getValue(), length));
    }

    @Test
    void combiningWithAnEmptyRangeKeepsTheChecksum() {
        assertEquals(0x12345678, Crc32c.combine(0x12345678, 0, 0));
    }

    private static int crc(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }
}
