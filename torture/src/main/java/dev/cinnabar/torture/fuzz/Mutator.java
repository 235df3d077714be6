package dev.cinnabar.torture.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes hostile inputs from seeds: bit flips, inserted, deleted and duplicated bytes, two seeds spliced, cuts,
 * long runs (longer than the line limit, or one long term), invalid UTF-8, NULs, mixed line ends, deep and broken
 * escapes, or random bytes. Several mutations may stack on one input.
 */
final class Mutator {

    /** Invalid or borderline UTF-8: a lone continuation, overlong forms, surrogates, past U+10FFFF, cut, a BOM. */
    private static final byte[][] BAD_UTF8 = {
        {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80,
        (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF5}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
    };
    private static final String[] ESCAPES = {
        "\\u0000", "\\uD83D", "\\uDE00", "\\uD83D\\uDE00", "\\uD83D\\u0041", "\\U0010FFFF", "\\U00110000", "\\U",
        "\\u12", "\\\\", "\\\"", "\\n", "\\x41", "\\", "\\uFFFF", "\\U0001F600", "\\u003E", "\\u0020",
    };
    private static final String[] FRAGMENTS = {
        "<", ">", "\"", "_:", "@", "^^", " .", ".", "\n", "\r", "\r\n", "\t", "#", "<<(", ")>>", "<<", "VERSION ",
        "@en-", "<http://x/", "\"\"\"", "'", "{|", "|}", ",", ";", " ", "\u00e9", "\ud83d\ude00",
    };
    /** What long runs are made of: characters that keep a term or a line going. */
    private static final String[] RUN_UNITS = {"a", "\\u0041", "\u00e9", "\ud83d\ude00", " ", "\\\\", "x.", "\r",
        "\n", "_", "%"};

    private final Random random;
    private final List<FuzzCorpus.Seed> seeds;
    private final int runBytes;

    /**
     * @param runBytes the typical length of an inserted long run: a few times the line limit under test
     */
    Mutator(Random random, List<FuzzCorpus.Seed> seeds, int runBytes) {
        this.random = random;
        this.seeds = seeds;
        this.runBytes = runBytes;
    }

    FuzzCorpus.Seed seed() {
        return seeds.get(random.nextInt(seeds.size()));
    }

    /** A hostile input from {@code seed}, and a short description of what was done to it. */
    Input mutate(FuzzCorpus.Seed seed) {
        if (random.nextInt(20) == 0) {
            byte[] noise = new byte[random.nextInt(4096)];
            random.nextBytes(noise);
            return new Input(noise, seed.quads(), "random " + noise.length + " bytes");
        }
        byte[] bytes = seed.bytes();
        StringBuilder how = new StringBuilder(seed.name());
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int what = random.nextInt(12);
            how.append(' ');
            bytes = switch (what) {
                case 0 -> flip(bytes, how);
                case 1 -> insert(bytes, randomBytes(1 + random.nextInt(8)), how.append("insert"));
                case 2 -> delete(bytes, how);
                case 3 -> duplicate(bytes, how);
                case 4 -> splice(bytes, seed().bytes(), how);
                case 5 -> copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length), how.append("cut"));
                case 6 -> insert(bytes, run(), how.append("run"));
                case 7 -> insert(bytes, BAD_UTF8[random.nextInt(BAD_UTF8.length)], how.append("bad-utf8"));
                case 8 -> insert(bytes, new byte[1 + random.nextInt(3)], how.append("nul"));
                case 9 -> lineEnds(bytes, how);
                case 10 -> insert(bytes, escapes(), how.append("escapes"));
                default -> insert(bytes, utf8(FRAGMENTS[random.nextInt(FRAGMENTS.length)]), how.append("fragment"));
            };
        }
        return new Input(bytes, random.nextInt(8) == 0 != seed.quads(), how.toString());
    }

    /** A hostile input and how it was made; {@code quads}: parse as N-Quads. */
    record Input(byte[] bytes, boolean quads, String how) {
    }

    private static byte[] copyOf(byte[] bytes, int length, StringBuilder how) {
        return Arrays.copyOf(bytes, length);
    }

    private byte[] flip(byte[] bytes, StringBuilder how) {
        how.append("flip");
        if (bytes.length == 0) {
            return bytes;
        }
        byte[] out = bytes.clone();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] insert(byte[] bytes, byte[] what, StringBuilder how) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
        byte[] out = new byte[bytes.length + what.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(bytes, at, out, at + what.length, bytes.length - at);
        return out;
    }

    private byte[] delete(byte[] bytes, StringBuilder how) {
        how.append("delete");
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        int length = Math.min(bytes.length - at, 1 + random.nextInt(random.nextBoolean() ? 4 : 200));
        byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
        return out;
    }

    private byte[] duplicate(byte[] bytes, StringBuilder how) {
        how.append("duplicate");
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        int length = Math.min(bytes.length - at, 1 + random.nextInt(300));
        byte[] part = Arrays.copyOfRange(bytes, at, at + length);
        int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + part.length * times);
        out.write(bytes, 0, at + length);
        for (int i = 0; i < times; i++) {
            out.write(part, 0, part.length);
        }
        out.write(bytes, at + length, bytes.length - at - length);
        return out.toByteArray();
    }

    private byte[] splice(byte[] a, byte[] b, StringBuilder how) {
        how.append("splice");
        int cutA = a.length == 0 ? 0 : random.nextInt(a.length + 1);
        int cutB = b.length == 0 ? 0 : random.nextInt(b.length + 1);
        byte[] out = Arrays.copyOf(a, cutA + b.length - cutB);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    /** A long run of one unit: past the line limit, or at least long enough to be one huge term. */
    private byte[] run() {
        byte[] unit = utf8(RUN_UNITS[random.nextInt(RUN_UNITS.length)]);
        int length = runBytes / 4 + random.nextInt(runBytes * 2);
        byte[] out = new byte[length - length % unit.length];
        for (int i = 0; i < out.length; i += unit.length) {
            System.arraycopy(unit, 0, out, i, unit.length);
        }
        return out;
    }

    private byte[] lineEnds(byte[] bytes, StringBuilder how) {
        how.append("line-ends");
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            if ((out[i] == '\n' || out[i] == '\r') && random.nextInt(3) == 0) {
                out[i] = random.nextBoolean() ? (byte) '\r' : (byte) '\n';
            }
        }
        return random.nextBoolean() ? out : insert(out, utf8("\r\r\n\n\r"), how);
    }

    private byte[] escapes() {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(10) == 0 ? runBytes / 6 : 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            text.append(ESCAPES[random.nextInt(ESCAPES.length)]);
        }
        return utf8(text.toString());
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
