package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The reading thread hands every block and then the end to a reader that may lag behind by all its buffers. */
class InflatingInputStreamTest {

    @Test
    void aReaderThatLagsByEveryBufferStillSeesTheEnd() throws Exception {
        for (int blocks : new int[] {1, 9, 10, 11, 25}) {
            byte[] data = new byte[blocks * (1 << 18) - 7];
            new Random(blocks).nextBytes(data);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (InputStream in = new InflatingInputStream(new ByteArrayInputStream(data), "test")) {
                    Thread.sleep(300); // the reading thread fills every buffer before the first read
                    assertArrayEquals(data, in.readAllBytes(), blocks + " blocks");
                }
            });
        }
    }
}
