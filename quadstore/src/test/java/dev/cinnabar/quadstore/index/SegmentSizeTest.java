package dev.cinnabar.quadstore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentSizeTest {

    @TempDir
    Path dir;

    /**
     * A million LUBM-like quads cost about 3 bytes per entry per order (see the printed table); the bounds leave
     * room for changes to the generator but fail if the entry encoding loses its compactness.
     */
    @Test
    void aMillionLubmLikeQuadsTakeAFewBytesPerEntryPerOrder() throws IOException {
        long[] quads = SegmentSizeReport.lubmLike(1_000_000, 1);
        Path file = dir.resolve("lubm-like");
        SegmentSizeReport.write(quads, file, SegmentWriter.DEFAULT_BLOCK_BYTES,
            SegmentWriter.DEFAULT_RESTART_INTERVAL);
        try (Segment segment = Segment.open(file)) {
            assertTrue(segment.entryCount() > 990_000, "distinct quads: " + segment.entryCount());
            System.out.print("Segment of 1M LUBM-like quads:\n" + SegmentSizeReport.sizes(segment));
            long total = 0;
            for (IndexOrder order : IndexOrder.values()) {
                double perEntry = (double) segment.orderBytes(order) / segment.entryCount();
                assertTrue(perEntry < 6, order + ": " + perEntry + " bytes per entry");
                total += segment.orderBytes(order);
            }
            assertTrue((double) total / segment.entryCount() < 24, total + " bytes");
            segment.verify();
            long[] key = new long[4];
            for (IndexOrder order : IndexOrder.values()) {
                Probe probe = segment.probe(order);
                for (int i = 0; i < quads.length / 4; i += 97) {
                    order.toKey(quads[4 * i], quads[4 * i + 1], quads[4 * i + 2], quads[4 * i + 3], key);
                    assertEquals(Segment.PRESENT, probe.find(key[0], key[1], key[2], key[3]), order + " quad " + i);
                }
            }
        }
    }
}
