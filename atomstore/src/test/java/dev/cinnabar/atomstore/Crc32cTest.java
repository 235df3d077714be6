package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void combiningWithAnEmptyRangeKeepsTheChecksum() {
        assertEquals(0x12345678, Crc32c.combine(0x12345678, 0, 0));
    }

    private static int crc(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }
}
