package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;

class TermCodecTest {

    private static final Iri XSD_INTEGER = new Iri(Iri.XSD + "integer");
    private static final Iri XSD_DATE = new Iri(Iri.XSD + "date");
    private static final Iri USD = new Iri("http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/vocabulary/USD");

    /** A stand-in for the atom store's ids of datatype IRIs: assigns ids on demand, counts callback calls. */
    private static final class Datatypes {
        final Map<Iri, Long> ids = new HashMap<>();
        final Map<Long, Iri> iris = new HashMap<>();
        long next = 1;
        int idCalls;
        int iriCalls;

        Datatypes put(Iri iri, long id) {
            ids.put(iri, id);
            iris.put(id, iri);
            return this;
        }

        long intern(Iri iri) {
            idCalls++;
            return ids.computeIfAbsent(iri, k -> {
                long id = next++;
                iris.put(id, k);
                return id;
            });
        }

        long lookup(Iri iri) {
            idCalls++;
            return ids.getOrDefault(iri, AtomStore.NO_ATOM);
        }

        Iri byId(long id) {
            iriCalls++;
            return iris.get(id);
        }
    }

    private final TermCodec codec = new TermCodec();
    private final Datatypes datatypes = new Datatypes();

    private byte[] encode(Term term) {
        int length = codec.encode(term, datatypes::intern);
        assertTrue(length > 0, "encoded length " + length);
        return Arrays.copyOf(codec.scratchArray(), length);
    }

    private Term decode(byte[] bytes) {
        return codec.decode(new UnsafeBuffer(bytes), 0, bytes.length, datatypes::byId);
    }

    private static List<Term> edgeCaseTerms() {
        String supplementary = "\uD83D\uDE00 \uD800\uDC00 \uDBFF\uDFFF"; // U+1F600, U+10000, U+10FFFF
        String boundaries = "\u007F\u0080\u07FF\u0800\uFFFD\uFFFF\uFEFF"; // UTF-8 length boundaries, BOM
        String combining = "e\u0301 \u0065\u0308\u0323 \u1100\u1161\u11A8"; // decomposed accents, Hangul jamo
        String nul = "a\u0000b\u0000";
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            longText.append((char) ('a' + i % 26)).append(i % 1000 == 0 ? "\u00e9\uD83D\uDE00" : "");
        }
        List<Term> terms = new ArrayList<>(List.of(
            new Iri("http://example.org/a"), new Iri(""), new Iri("http://example.org/" + supplementary),
            new Iri("urn:x:" + nul), new BlankNode("b1"), new BlankNode(combining), new BlankNode("\uD83D\uDE00"),
            Literal.of(""), Literal.of("abc"), Literal.of(supplementary), Literal.of(boundaries),
            Literal.of(combining), Literal.of(nul), Literal.of("\u0000"), Literal.of(longText.toString()),
            Literal.lang("", "en"), Literal.lang("chat", "fr"), Literal.lang("a", "EN"),
            Literal.lang("a", "en-Latn-GB"),
            Literal.lang(supplementary + nul, "zh-Hant"), Literal.lang("x", "x".repeat(200)),
            Literal.lang(longText.toString(), "de"),
            Literal.typed("1", XSD_INTEGER), Literal.typed("01", XSD_INTEGER), Literal.typed("", XSD_INTEGER),
            Literal.typed("not a number", XSD_INTEGER), Literal.typed("2008-03-20", XSD_DATE),
            Literal.typed("7683.53", USD),
            Literal.typed(combining + nul, new Iri("http://example.org/dt/" + combining)),
            DefaultGraph.INSTANCE));
        return terms;
    }

    @Test
    void roundTripOfEveryKindAndEdgeCase() {
        for (Term term : edgeCaseTerms()) {
            byte[] bytes = encode(term);
            assertEquals(term, decode(bytes), () -> "round trip of " + term);
            assertArrayEquals(bytes, encode(decode(bytes)), () -> "re-encoding of " + term);
        }
    }

    @Test
    void roundTripAtAnOffsetInALargerBuffer() {
        for (Term term : edgeCaseTerms()) {
            byte[] bytes = encode(term);
            byte[] padded = new byte[bytes.length + 13];
            Arrays.fill(padded, (byte) 0xFF);
            System.arraycopy(bytes, 0, padded, 7, bytes.length);
            assertEquals(term, codec.decode(new UnsafeBuffer(padded), 7, bytes.length, datatypes::byId));
        }
    }

    @Test
    void layoutOfEachKind() {
        assertArrayEquals(bytes(0x01, 'a', ':', 'b'), encode(new Iri("a:b")));
        assertArrayEquals(bytes(0x01), encode(new Iri("")));
        assertArrayEquals(bytes(0x02, 'b', '1'), encode(new BlankNode("b1")));
        assertArrayEquals(bytes(0x03, 'x'), encode(Literal.of("x")));
        assertArrayEquals(bytes(0x03), encode(Literal.of("")));
        assertArrayEquals(bytes(0x03, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x00),
            encode(Literal.of("\u00e9\uD83D\uDE00\u0000")));
        assertArrayEquals(bytes(0x04, 2, 'e', 'n', 'h', 'i'), encode(Literal.lang("hi", "en")));
        assertArrayEquals(bytes(0x06), encode(DefaultGraph.INSTANCE));

        datatypes.put(XSD_INTEGER, 5).put(XSD_DATE, 300).put(USD, (1L << 40) - 1);
        assertArrayEquals(bytes(0x05, 5, '4', '2'), encode(Literal.typed("42", XSD_INTEGER)));
        assertArrayEquals(bytes(0x05, 0xAC, 0x02, '1'), encode(Literal.typed("1", XSD_DATE))); // 300 = 0x12C
        assertArrayEquals(bytes(0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F), encode(Literal.typed("", USD)));
    }

    @Test
    void largeDatatypeIdsRoundTrip() {
        for (long id : new long[] {1, 127, 128, 16_383, 16_384, (1L << 40) - 1, 1L << 40, Long.MAX_VALUE}) {
            TermCodec fresh = new TermCodec();
            Iri dt = new Iri("http://example.org/dt" + id);
            Literal literal = Literal.typed("v", dt);
            int length = fresh.encode(literal, iri -> id);
            byte[] bytes = Arrays.copyOf(fresh.scratchArray(), length);
            assertEquals(literal, fresh.decode(new UnsafeBuffer(bytes), 0, length, x -> x == id ? dt : null));
        }
    }

    @Test
    void distinctTermsHaveDistinctEncodings() {
        List<Term> terms = new ArrayList<>(edgeCaseTerms());
        terms.addAll(List.of(
            new Iri("x"), new BlankNode("x"), Literal.of("x"), Literal.lang("x", "en"), Literal.typed("x", XSD_INTEGER),
            Literal.typed("x", XSD_DATE), Literal.typed("x", new Iri("x")),
            Literal.lang("a", "en"), Literal.lang("a", "En"),
            Literal.typed("1", XSD_INTEGER), Literal.typed("01", XSD_INTEGER), Literal.typed("+1", XSD_INTEGER),
            Literal.lang("b", "en"), Literal.lang("nb", "e"), Literal.lang("enb", "e"),  // the length prefix splits
            Literal.of("e\u0301"), Literal.of("\u00e9"),                                   // no Unicode normalization
            new Iri("\u0001"), new Iri("\u0002"), new Iri("\u0006"), new BlankNode("\u0001")));
        Set<Term> distinctTerms = new HashSet<>(terms);
        Set<String> encodings = new HashSet<>();
        for (Term term : distinctTerms) {
            encodings.add(Arrays.toString(encode(term)));
        }
        assertEquals(distinctTerms.size(), encodings.size());
    }

    @Test
    void xsdStringLiteralsAreOneKindWhateverTheirSpelling() {
        byte[] plain = encode(Literal.of("a"));
        assertArrayEquals(plain, encode(Literal.typed("a", new Iri(Iri.XSD + "string"))));
        assertEquals(0, datatypes.idCalls, "no datatype id for xsd:string");
        encode(Literal.lang("a", "en"));
        assertEquals(0, datatypes.idCalls, "no datatype id for rdf:langString");
    }

    @Test
    void absentDatatypeGivesMinusOneAndIsNotCached() {
        Literal literal = Literal.typed("5", XSD_INTEGER);
        assertEquals(-1, codec.encode(literal, datatypes::lookup));
        datatypes.intern(XSD_INTEGER);
        int length = codec.encode(literal, datatypes::lookup);
        assertTrue(length > 0);
        assertEquals(literal, codec.decode(codec.scratch(), 0, length, datatypes::byId));
    }

    @Test
    void negativeDatatypeIdIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(Literal.typed("5", XSD_INTEGER), dt -> -2));
    }

    @Test
    void datatypeIdsAreCached() {
        for (int i = 0; i < 100; i++) {
            decode(encode(Literal.typed(Integer.toString(i), XSD_INTEGER)));
            decode(encode(Literal.typed(i + ".5", USD)));
        }
        assertEquals(2, datatypes.idCalls);
        assertEquals(2, datatypes.iriCalls);
        Literal a = (Literal) decode(encode(Literal.typed("1", XSD_INTEGER)));
        Literal b = (Literal) decode(encode(Literal.typed("2", XSD_INTEGER)));
        assertSame(a.datatype(), b.datatype(), "decode reuses the cached Iri");

        codec.clearCaches();
        decode(encode(Literal.typed("3", XSD_INTEGER)));
        assertEquals(3, datatypes.idCalls);
        assertEquals(3, datatypes.iriCalls);
    }

    @Test
    void cachesStayBoundedAndCorrectWithManyDatatypes() {
        List<Literal> literals = new ArrayList<>();
        for (int i = 0; i < 10 * TermCodec.CACHE_SLOTS; i++) {
            literals.add(Literal.typed("v" + i, new Iri("http://example.org/dt" + i)));
        }
        for (int round = 0; round < 3; round++) {
            for (Literal literal : literals) {
                assertEquals(literal, decode(encode(literal)));
            }
        }
    }

    @Test
    void callbacksMayUseTheSameCodec(@TempDir Path dir) throws IOException {
        try (AtomStore atoms = AtomStore.open(dir)) {
            // The callbacks encode and decode the datatype IRI with this same codec and the same view.
            UnsafeBuffer view = new UnsafeBuffer(0, 0);
            ToLongFunction<Iri> internIri = iri -> {
                int length = codec.encode(iri, x -> {
                    throw new AssertionError();
                });
                try {
                    return atoms.intern(codec.scratch(), 0, length);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            LongFunction<Iri> iriById = id -> {
                atoms.wrapAtom(id, view);
                return (Iri) codec.decode(view, 0, view.capacity(), x -> {
                    throw new AssertionError();
                });
            };
            Literal literal = Literal.typed("2008-03-20", XSD_DATE);
            int length = codec.encode(literal, internIri);
            long id = atoms.intern(codec.scratch(), 0, length);
            atoms.wrapAtom(id, view);
            assertEquals(literal, codec.decode(view, 0, view.capacity(), iriById));
        }
    }

    @Test
    void roundTripThroughTheAtomStore(@TempDir Path dir) throws IOException {
        List<Term> terms = edgeCaseTerms();
        long[] ids = new long[terms.size()];
        try (AtomStore atoms = AtomStore.open(dir)) {
            ToLongFunction<Iri> internIri = iri -> {
                try {
                    return atoms.intern(encode(iri));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i < terms.size(); i++) {
                int length = codec.encode(terms.get(i), internIri);
                ids[i] = atoms.intern(codec.scratch(), 0, length);
                assertEquals(ids[i], atoms.intern(codec.scratchArray(), 0, length));
            }
            atoms.commit();
        }
        try (AtomStore atoms = AtomStore.open(dir)) {
            TermCodec reader = new TermCodec();
            UnsafeBuffer view = new UnsafeBuffer(0, 0);
            LongFunction<Iri> iriById = id -> (Iri) new TermCodec().decode(
                new UnsafeBuffer(atoms.resolve(id)), 0, atoms.length(id), x -> null);
            for (int i = 0; i < terms.size(); i++) {
                atoms.wrapAtom(ids[i], view);
                assertEquals(terms.get(i), reader.decode(view, 0, view.capacity(), iriById));
                int length = reader.encode(terms.get(i), iri -> atoms.lookup(encode(iri)));
                assertEquals(ids[i], atoms.lookup(reader.scratch(), 0, length), "lookup of " + terms.get(i));
            }
            assertEquals(-1, reader.encode(Literal.typed("1", new Iri("http://example.org/unknown")),
                iri -> atoms.lookup(encode(iri))));
        }
    }

    @Test
    void scratchGrowsAndStaysConsistent() {
        String big = "z".repeat(1 << 20);
        int length = codec.encode(Literal.of(big), datatypes::intern);
        assertEquals(1 + (1 << 20), length);
        DirectBuffer scratch = codec.scratch();
        assertTrue(scratch.capacity() >= length);
        assertSame(codec.scratchArray(), scratch.byteArray());
        assertEquals(Literal.of(big), codec.decode(scratch, 0, length, datatypes::byId));
    }

    @Test
    void unpairedSurrogatesAreRejectedNamingTheTerm() {
        List<Term> bad = List.of(
            new Iri("http://example.org/\uD800"), new BlankNode("b\uDC00"), Literal.of("x\uD800y"),
            Literal.of("\uDC00\uD800"), Literal.of("end\uD83D"), Literal.lang("a", "en\uD800"),
            Literal.lang("\uDFFF", "en"), Literal.typed("\uD800", XSD_INTEGER));
        for (Term term : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(term, datatypes::intern), () -> term.toString());
            assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
            assertTrue(e.getMessage().contains(term.toString()), e.getMessage());
        }
    }

    @Test
    void garbageFailsToDecodeClearly() {
        datatypes.put(XSD_INTEGER, 1).put(Iri.XSD_STRING, 2).put(Iri.RDF_LANG_STRING, 3);
        List<byte[]> garbage = List.of(
            bytes(), bytes(0x00), bytes(0x09, 'a'), bytes(0xFF), bytes(0x07, 1, 2, 3), bytes(0x08, 1, 2, 'e', 'n', 'x'),
            bytes(0x06, 0x00), bytes(0x02),
            bytes(0x04), bytes(0x04, 0, 'x'), bytes(0x04, 5, 'e', 'n'), bytes(0x04, 0x82, 0x00, 'e', 'n'),
            bytes(0x04, 0x80), bytes(0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 'x'),
            bytes(0x05), bytes(0x05, 0x80), bytes(0x05, 0x81, 0x00, 'x'), bytes(0x05, 0, 'x'),
            bytes(0x05, 2, 'x'), bytes(0x05, 3, 'x'), bytes(0x05, 99, 'x'),
            bytes(0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F),
            bytes(0x05, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
            bytes(0x03, 0xC0, 0x80), bytes(0x03, 0xC1, 0xBF), bytes(0x03, 0xE0, 0x80, 0x80),
            bytes(0x03, 0xED, 0xA0, 0x80), bytes(0x01, 0xED, 0xBF, 0xBF), bytes(0x03, 0xF4, 0x90, 0x80, 0x80),
            bytes(0x03, 0xF0, 0x80, 0x80, 0x80), bytes(0x03, 0xF5, 0x80, 0x80, 0x80), bytes(0x03, 'a', 0xE2, 0x82),
            bytes(0x03, 0x80), bytes(0x02, 0xFE), bytes(0x04, 2, 'e', 0xFF, 'x'), bytes(0x03, 0xC3, 'x'));
        for (byte[] bytes : garbage) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decode(bytes),
                () -> "decoded " + Arrays.toString(bytes));
            assertTrue(e.getMessage().startsWith("malformed term encoding"), e.getMessage());
        }
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
            () -> decode(bytes(0x07, 1, 2, 3)));
        assertTrue(reserved.getMessage().contains("RDF 1.2"), reserved.getMessage());
        IllegalArgumentException shown = assertThrows(IllegalArgumentException.class,
            () -> decode(bytes(0x03, 0xC0, 0x80)));
        assertTrue(shown.getMessage().contains("03 C0 80"), shown.getMessage());
    }

    /** Every byte string either fails to decode or is the one encoding of the term it decodes to. */
    @Test
    void everyDecodableByteStringIsCanonical() {
        datatypes.put(XSD_INTEGER, 1).put(Iri.XSD_STRING, 2).put(USD, 300);
        Random random = new Random(42);
        byte[] alphabet = bytes(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 'a', 'e', 0x7F, 0x80, 0x81, 0xAC,
            0xBF, 0xC0, 0xC3, 0xA9, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0x90, 0x9F, 0xA0, 0xFF);
        int decoded = 0;
        for (int i = 0; i < 300_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(7)];
            bytes[0] = (byte) (1 + random.nextInt(8));
            for (int k = 1; k < bytes.length; k++) {
                bytes[k] = alphabet[random.nextInt(alphabet.length)];
            }
            Term term;
            try {
                term = decode(bytes);
            } catch (IllegalArgumentException e) {
                continue;
            }
            decoded++;
            assertArrayEquals(bytes, encode(term), () -> "non-canonical bytes " + Arrays.toString(bytes));
        }
        assertTrue(decoded > 10_000, "decoded " + decoded);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
