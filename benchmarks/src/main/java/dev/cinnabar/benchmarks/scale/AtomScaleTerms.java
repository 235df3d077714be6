package dev.cinnabar.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The distinct terms {@link AtomScaleReport} interns: term {@code i} is a pure function of {@code (seed, i)}, so the
 * check after the reopen regenerates what atom {@code i + 1} must hold without keeping anything from the load.
 *
 * <p>One term in eight is a short BSBM-like IRI; the others are BSBM-like literals of 20 to {@value #MAX_BYTES}
 * bytes (half of them up to 200, a third up to 1,500, the rest up to the maximum; about 770 bytes on average)
 * made of dictionary words. Every term embeds its index right after its first character, ended by a character
 * that no digit is, so no two terms are equal. ASCII only, so every term is valid UTF-8 at any length.
 */
public final class AtomScaleTerms {

    /** The longest term: it fits, with its length prefix, in the smallest chunk (4 KiB) a store allows. */
    public static final int MAX_BYTES = 4000;
    static final int MIN_LITERAL_BYTES = 20;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final byte[][] WORDS = words("accelerates adjustable aluminium anodized battery bluetooth "
        + "bracket cable ceramic charger compact cordless durable ergonomic firmware flexible gasket hinge "
        + "insulated keyboard lightweight magnetic modular monitor nozzle optical portable precision "
        + "rechargeable reinforced router sensor shielded spindle stainless telescopic thermostat titanium "
        + "transmitter tripod ultrasonic vibration waterproof wireless zoom the and with for of a to");
    private static final byte[] PRODUCT_PREFIX = ascii(
        "<http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/instances/dataFromProducer");
    private static final byte[] PRODUCT_MIDDLE = ascii("/Product");
    private static final byte[] LITERAL_SUFFIX = ascii("\"@en");

    private final long seed;

    /** The terms of {@code seed}. */
    public AtomScaleTerms(long seed) {
        this.seed = seed;
    }

    /** Term {@code index} (from 0): the bytes atom {@code index + 1} of a store that interned them in order holds. */
    public byte[] term(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("term index " + index + " < 0");
        }
        // A generator of its own per term, seeded from the index: no term depends on the ones before it.
        SplittableRandom random = new SplittableRandom(seed ^ (index * GOLDEN));
        if (random.nextInt(8) == 0) {
            return iri(index, random);
        }
        int bucket = random.nextInt(100);
        int length = bucket < 50 ? random.nextInt(MIN_LITERAL_BYTES, 201)
            : bucket < 85 ? random.nextInt(201, 1501) : random.nextInt(1501, MAX_BYTES + 1);
        return literal(index, length, random);
    }

    private static byte[] iri(long index, SplittableRandom random) {
        byte[] producer = ascii(Integer.toString(1 + random.nextInt(1000)));
        byte[] counter = ascii(Long.toString(index));
        byte[] term = new byte[PRODUCT_PREFIX.length + producer.length + PRODUCT_MIDDLE.length + counter.length + 1];
        int at = put(term, 0, PRODUCT_PREFIX);
        at = put(term, at, producer);
        at = put(term, at, PRODUCT_MIDDLE);
        at = put(term, at, counter);
        term[at] = '>';
        return term;
    }

    /** {@code "<index> words..."@en}, cut or filled with words to exactly {@code length} bytes. */
    private static byte[] literal(long index, int length, SplittableRandom random) {
        byte[] term = new byte[length];
        term[0] = '"';
        int at = put(term, 1, ascii(Long.toString(index)));
        term[at++] = ' '; // ends the index: "12 x" and "123 x" differ
        int end = length - LITERAL_SUFFIX.length;
        if (at > end) {
            throw new IllegalStateException("term index " + index + " does not fit in " + length + " bytes");
        }
        while (at < end) {
            byte[] word = WORDS[random.nextInt(WORDS.length)];
            int n = Math.min(word.length, end - at);
            System.arraycopy(word, 0, term, at, n);
            at += n;
            if (at < end) {
                term[at++] = ' ';
            }
        }
        put(term, end, LITERAL_SUFFIX);
        return term;
    }

    private static int put(byte[] term, int at, byte[] part) {
        System.arraycopy(part, 0, term, at, part.length);
        return at + part.length;
    }

    private static byte[][] words(String text) {
        String[] split = text.split(" ");
        byte[][] words = new byte[split.length][];
        for (int i = 0; i < split.length; i++) {
            words[i] = ascii(split[i]);
        }
        return words;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
