package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

class TermHashTest {

    private static final XXHash64 REFERENCE = XXHashFactory.safeInstance().hash64();

    @Test
    void matchesTheXxh64ReferenceValues() {
        assertEquals(0xEF46DB3751D8E999L, TermHash.hash(new byte[0], 0, 0));
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(REFERENCE.hash(abc, 0, 3, 0), TermHash.hash(abc, 0, 3));
    }

    @Test
    void matchesAnIndependentXxh64ImplementationForEveryLengthAndOffset() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] bytes = new byte[1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        for (int length = 0; length <= 300; length++) {
            for (int offset = 0; offset < 9; offset++) {
                assertEquals(REFERENCE.hash(bytes, offset, length, 0), TermHash.hash(bytes, offset, length),
                    "length " + length + " offset " + offset);
            }
        }
    }

    @Test
    void heapAndDirectMemoryHashAlike() {
        byte[] term = "<http://www.Department0.University0.edu/GraduateStudent42>".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(term.length + 3);
        direct.position(3);
        direct.put(term);
        UnsafeBuffer view = new UnsafeBuffer(direct);
        assertEquals(TermHash.hash(term, 0, term.length), TermHash.hash(null, view.addressOffset() + 3, term.length));
    }
}
