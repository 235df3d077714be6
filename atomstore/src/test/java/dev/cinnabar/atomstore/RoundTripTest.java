package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One million terms of every shape through intern, lookup, resolve, commit and reopen, with default options. */
class RoundTripTest {

    private static final int TERMS = 1_000_000;

    @TempDir
    Path dir;

    /** Term {@code i}: distinct for distinct i, regenerated on demand so the test holds no million-term list. */
    static byte[] term(int i) {
        if (i == 0) {
            return new byte[0];
        }
        if (i <= 256) {
            return new byte[] {(byte) (i - 1)}; // every single byte value
        }
        if (i % 100_000 == 7) {
            return big(i, 1 << 20); // 1 MiB
        }
        if (i % 20_000 == 3) {
            return big(i, 1 << 16); // 64 KiB
        }
        switch (i % 5) {
            case 0:
                return ("<http://www.Department" + (i % 15) + ".University" + (i % 97) + ".edu/GraduateStudent" + i
                    + ">").getBytes(StandardCharsets.UTF_8);
            case 1:
                return ("\"Grüße aus Köln, 東京, Москва 🌍 #" + i + "\"@de").getBytes(StandardCharsets.UTF_8);
            case 2: {
                byte[] all = new byte[256 + 4]; // every byte value, then the index
                for (int b = 0; b < 256; b++) {
                    all[b] = (byte) b;
                }
                putInt(all, 256, i);
                return all;
            }
            case 3:
                return ("\"" + i + "\"^^<http://www.w3.org/2001/XMLSchema#integer>").getBytes(StandardCharsets.UTF_8);
            default:
                return ("_:b" + i).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] big(int i, int length) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (k * 31 + i);
        }
        putInt(bytes, 0, i);
        return bytes;
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    @Test
    void aMillionTermsOfEveryShapeRoundTripThroughCommitAndReopen() throws IOException {
        try (AtomStore store = AtomStore.open(dir)) {
            for (int i = 0; i < TERMS; i++) {
                assertEquals(i + 1, store.intern(term(i)), "term " + i);
            }
            for (int i = 0; i < TERMS; i += 7) {
                assertEquals(i + 1, store.intern(term(i)), "re-intern of term " + i);
            }
            assertEquals(TERMS, store.size());
            checkAll(store);
            store.commit();
        }
        try (AtomStore store = AtomStore.open(dir)) {
            assertEquals(TERMS, store.size());
            assertEquals(TERMS, store.committedSize());
            checkAll(store);
            store.verify();
        }
    }

    private static void checkAll(AtomStore store) {
        for (int i = 0; i < TERMS; i++) {
            byte[] term = term(i);
            assertEquals(i + 1, store.lookup(term), "lookup of term " + i);
            byte[] resolved = store.resolve(i + 1);
            if (!Arrays.equals(term, resolved)) {
                assertArrayEquals(term, resolved, "resolve of atom " + (i + 1));
            }
        }
    }
}
