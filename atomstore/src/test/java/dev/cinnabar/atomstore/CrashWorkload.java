package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random interning workload against an open {@link AtomStore}, with a model of what the store must hold:
 * every term by id, and how many of them the last commit made durable. Every intern is checked against the model
 * (a known term keeps its id, a new one gets the next dense id).
 */
final class CrashWorkload {

    private static final String[] NON_ASCII = {
        "\u00e9", "\u00df", "\u00fc", "\u65e5\u672c\u8a9e", "\u0416", "\u03bb", "\ud83d\ude00", "\ud834\udd1e", "\u20ac",
        "\u0627\u0644", "\u00a0", "x", "-", "\u4e2d"};

    final Random rnd;
    final AtomStore store;
    /** Term of atom id i + 1. */
    private final List<byte[]> terms = new ArrayList<>();
    private final Map<ByteBuffer, Long> ids = new HashMap<>();
    private int committed;
    private long freshCounter;

    CrashWorkload(AtomStore store, Random rnd) {
        this.store = store;
        this.rnd = rnd;
    }

    /** A random term: empty, one byte, short ASCII, non-ASCII, binary, multi-KiB, medium, or a repeat. */
    byte[] nextTerm() {
        int r = rnd.nextInt(100);
        if (r < 3) {
            return new byte[0];
        }
        if (r < 8) {
            return new byte[] {(byte) rnd.nextInt(256)};
        }
        if (r < 28 && !terms.isEmpty()) {
            return terms.get(rnd.nextInt(terms.size())).clone();
        }
        if (r < 45) {
            return ("term-" + rnd.nextInt(20_000)).getBytes(StandardCharsets.UTF_8);
        }
        if (r < 60) {
            StringBuilder sb = new StringBuilder();
            int parts = 1 + rnd.nextInt(12);
            for (int i = 0; i < parts; i++) {
                sb.append(NON_ASCII[rnd.nextInt(NON_ASCII.length)]);
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (r < 70) {
            return binary(2 + rnd.nextInt(63));
        }
        if (r < 78) {
            return binary(1024 + rnd.nextInt((1 << 14) - 1024 + 1));
        }
        return ascii(16 + rnd.nextInt(600));
    }

    /** Random bytes that never start with 0xFF (reserved for the oracle's own terms). */
    byte[] binary(int length) {
        byte[] bytes = new byte[length];
        rnd.nextBytes(bytes);
        if (length > 0 && bytes[0] == (byte) 0xFF) {
            bytes[0] = 0;
        }
        return bytes;
    }

    private byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('!' + rnd.nextInt(94));
        }
        return bytes;
    }

    /** Interns {@code term}, checking the id against the model; returns the id. */
    long intern(byte[] term) throws IOException {
        Long known = ids.get(ByteBuffer.wrap(term));
        long id = store.intern(term);
        if (known != null) {
            assertEquals(known.longValue(), id, "a known term changed its id");
        } else {
            assertEquals(terms.size() + 1L, id, "a new term must get the next dense id");
            byte[] copy = term.clone();
            terms.add(copy);
            ids.put(ByteBuffer.wrap(copy), id);
        }
        return id;
    }

    /** Interns a random term (new or not). */
    long internRandom() throws IOException {
        return intern(nextTerm());
    }

    /** Interns a term the store does not hold yet, of {@code minLength}..{@code maxLength} bytes. */
    long internFresh(int minLength, int maxLength) throws IOException {
        while (true) {
            byte[] prefix = ("fresh-" + freshCounter++ + "-").getBytes(StandardCharsets.UTF_8);
            int length = Math.max(prefix.length, minLength + rnd.nextInt(maxLength - minLength + 1));
            byte[] term = new byte[length];
            System.arraycopy(prefix, 0, term, 0, prefix.length);
            for (int i = prefix.length; i < length; i++) {
                term[i] = (byte) ('a' + rnd.nextInt(26));
            }
            if (!ids.containsKey(ByteBuffer.wrap(term))) {
                return intern(term);
            }
        }
    }

    void commit() throws IOException {
        store.commit();
        committed = terms.size();
        assertEquals(committed, store.committedSize(), "committedSize after commit");
        assertEquals(committed, store.size(), "size after commit");
    }

    int size() {
        return terms.size();
    }

    int committedCount() {
        return committed;
    }

    /** Terms of ids 1..count. */
    List<byte[]> prefix(int count) {
        return List.copyOf(terms.subList(0, count));
    }

    List<byte[]> committedTerms() {
        return prefix(committed);
    }

    /** Terms of ids committed+1..size: interned since the last commit. */
    List<byte[]> uncommittedTerms() {
        return List.copyOf(terms.subList(committed, terms.size()));
    }

    /** Terms of ids from+1..to. */
    List<byte[]> range(int from, int to) {
        return List.copyOf(terms.subList(from, to));
    }
}
