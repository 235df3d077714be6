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
import dev.cinnabar.quadstore.term.TripleTerm;

class TermCodecTest {

    private static final Iri XSD_INTEGER = new Iri(Iri.XSD + "integer");
    private static final Iri XSD_DATE = new Iri(Iri.XSD + "date");
    private static final Iri USD = new Iri("http://www4.wiwiss.fu-berlin.de/bizer/bsbm/v01/vocabulary/USD");

    /**
     * A stand-in for the atom store's ids of the terms an encoding names (datatype IRIs, triple term components):
     * assigns ids on demand, counts callback calls.
     */
    private static final class Datatypes {
        final Map<Term, Long> ids = new HashMap<>();
        final Map<Long, Term> iris = new HashMap<>();
        long next = 1;
        int idCalls;
        int iriCalls;

        Datatypes put(Term iri, long id) {
            ids.put(iri, id);
            iris.put(id, iri);
            return this;
        }

        long intern(Term iri) {
            idCalls++;
            return ids.computeIfAbsent(iri, k -> {
                long id = next++;
                iris.put(id, k);
                return id;
            });
        }

        long lookup(Term iri) {
            idCalls++;
            return ids.getOrDefault(iri, AtomStore.NO_ATOM);
        }

        Term byId(long id) {
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
            Literal.dirLang("", "en", Literal.Direction.LTR), Literal.dirLang("\u0645\u0631\u062d\u0628\u0627", "AR",
                Literal.Direction.RTL), Literal.dirLang(supplementary, "en-Latn-GB", Literal.Direction.RTL),
            DefaultGraph.INSTANCE));
        Iri p = new Iri("http://example.org/p");
        TripleTerm inner = new TripleTerm(new BlankNode("b1"), p, Literal.typed("1", XSD_INTEGER));
        terms.add(inner);
        terms.add(new TripleTerm(new Iri("http://example.org/s"), p, Literal.dirLang("x", "he", Literal.Direction.RTL)));
        Term nested = inner;
        for (int depth = 0; depth < 100; depth++) { // the codec sets no depth limit
            nested = new TripleTerm(new Iri("http://example.org/s" + depth), p, nested);
        }
        terms.add(nested);
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

        assertArrayEquals(bytes(0x08, 1, 2, 'e', 'n', 'h', 'i'), encode(Literal.dirLang("hi", "en", Literal.Direction.LTR)));
        assertArrayEquals(bytes(0x08, 2, 2, 'a', 'r', 'h', 'i'), encode(Literal.dirLang("hi", "AR", Literal.Direction.RTL)));
        Iri s = new Iri("a:s");
        Iri p = new Iri("a:p");
        datatypes.put(s, 10).put(p, 11).put(Literal.of("o"), 300);
        int calls = datatypes.idCalls;
        assertArrayEquals(bytes(0x07, 10, 11, 0xAC, 0x02), encode(new TripleTerm(s, p, Literal.of("o"))));
        assertEquals(calls + 3, datatypes.idCalls, "one id asked for each component");
        TripleTerm inner = new TripleTerm(s, p, Literal.of("o"));
        datatypes.put(inner, 12);
        assertArrayEquals(bytes(0x07, 10, 11, 12), encode(new TripleTerm(s, p, inner)), "nested by the inner's id");
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
            ToLongFunction<Term> internIri = iri -> {
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
            for (int i = 0; i < terms.size(); i++) {
                int length = codec.encode(terms.get(i), named -> internInto(atoms, named));
                ids[i] = atoms.intern(codec.scratch(), 0, length);
                assertEquals(ids[i], atoms.intern(codec.scratchArray(), 0, length));
            }
            atoms.commit();
        }
        try (AtomStore atoms = AtomStore.open(dir)) {
            TermCodec reader = new TermCodec();
            UnsafeBuffer view = new UnsafeBuffer(0, 0);
            LongFunction<Term> iriById = id -> decodeFrom(atoms, id);
            for (int i = 0; i < terms.size(); i++) {
                atoms.wrapAtom(ids[i], view);
                assertEquals(terms.get(i), reader.decode(view, 0, view.capacity(), iriById));
                int length = reader.encode(terms.get(i), named -> lookupIn(atoms, named));
                assertEquals(ids[i], atoms.lookup(reader.scratch(), 0, length), "lookup of " + terms.get(i));
            }
            assertEquals(-1, reader.encode(Literal.typed("1", new Iri("http://example.org/unknown")),
                named -> lookupIn(atoms, named)));
            assertEquals(-1, reader.encode(new TripleTerm(new Iri("http://example.org/a"), new Iri("http://example.org/b"),
                new TripleTerm(new BlankNode("absent"), new Iri("http://example.org/b"), Literal.of("c"))),
                named -> lookupIn(atoms, named)), "a triple term with an absent component is absent");
        }
    }

    /** Interns {@code term} and every term it names into {@code atoms}, with a codec of its own. */
    private static long internInto(AtomStore atoms, Term term) {
        TermCodec own = new TermCodec();
        int length = own.encode(term, named -> internInto(atoms, named));
        try {
            return atoms.intern(own.scratch(), 0, length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lookupIn(AtomStore atoms, Term term) {
        TermCodec own = new TermCodec();
        int length = own.encode(term, named -> lookupIn(atoms, named));
        return length < 0 ? AtomStore.NO_ATOM : atoms.lookup(own.scratch(), 0, length);
    }

    private static Term decodeFrom(AtomStore atoms, long id) {
        return new TermCodec().decode(new UnsafeBuffer(atoms.resolve(id)), 0, atoms.length(id),
            named -> decodeFrom(atoms, named));
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
        // 4: a literal (not a subject or predicate), 5: the default graph and 6: absent (no component at all), 7:
        // rdf:dirLangString (which has its own kind)
        datatypes.put(XSD_INTEGER, 1).put(Iri.XSD_STRING, 2).put(Iri.RDF_LANG_STRING, 3).put(Literal.of("l"), 4)
            .put(DefaultGraph.INSTANCE, 5).put(Iri.RDF_DIR_LANG_STRING, 7);
        List<byte[]> garbage = List.of(
            bytes(), bytes(0x00), bytes(0x09, 'a'), bytes(0xFF),
            bytes(0x07), bytes(0x07, 1, 2), bytes(0x07, 1, 2, 3, 4), bytes(0x07, 0, 1, 1), bytes(0x07, 0x81, 0x00, 1, 1),
            bytes(0x07, 1, 1, 0x80), bytes(0x07, 9, 1, 1), bytes(0x07, 4, 1, 1), bytes(0x07, 1, 4, 1),
            bytes(0x07, 1, 1, 5), bytes(0x07, 1, 1, 6),
            bytes(0x08), bytes(0x08, 0, 2, 'e', 'n', 'x'), bytes(0x08, 3, 2, 'e', 'n', 'x'), bytes(0x08, 1, 0, 'x'),
            bytes(0x08, 2, 2, 'E', 'n', 'x'), bytes(0x08, 1, 5, 'e', 'n'),
            bytes(0x05, 7, 'x'),
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
        IllegalArgumentException shown = assertThrows(IllegalArgumentException.class,
            () -> decode(bytes(0x03, 0xC0, 0x80)));
        assertTrue(shown.getMessage().contains("03 C0 80"), shown.getMessage());
    }

    /** Every byte string either fails to decode or is the one encoding of the term it decodes to. */
    @Test
    void everyDecodableByteStringIsCanonical() {
        datatypes.put(XSD_INTEGER, 1).put(Iri.XSD_STRING, 2).put(USD, 300).put(new BlankNode("b"), 3)
            .put(Literal.of("o"), 4);
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
