package dev.cinnabar.quadstore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;

class NQuadsWriterTest {

    private static final Iri S = new Iri("http://example/s");
    private static final Iri P = new Iri("http://example/p");
    private static final Iri G = new Iri("http://example/g");

    @Test
    void writesTriplesAndQuads() {
        assertEquals("<http://example/s> <http://example/p> <http://example/g> .\n",
            NQuadsWriter.toNQuads(Quad.of(S, P, G)));
        assertEquals("_:b0 <http://example/p> \"x\" <http://example/g> .\n",
            NQuadsWriter.toNQuads(new Quad(G, new BlankNode("b0"), P, Literal.of("x"))));
        assertEquals("<http://example/s> <http://example/p> \"x\" _:g .\n",
            NQuadsWriter.toNQuads(new Quad(new BlankNode("g"), S, P, Literal.typed("x", Iri.XSD_STRING))));
        assertEquals("<http://example/s> <http://example/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            NQuadsWriter.toNQuads(Quad.of(S, P, Literal.typed("1", new Iri(Iri.XSD + "integer")))));
        assertEquals("<http://example/s> <http://example/p> \"chat\"@en-gb .\n",
            NQuadsWriter.toNQuads(Quad.of(S, P, Literal.lang("chat", "EN-gb"))));
    }

    @Test
    void canonicalEscapes() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("\u0080\u00E9\u2028\uFFFD\uFFFE\uFFFF\uD83D\uDE00");
        String line = NQuadsWriter.toNQuads(Quad.of(S, P, Literal.of(all.toString())));
        String expected = "<http://example/s> <http://example/p> \""
            + "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F"
            + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001A\\u001B\\u001C\\u001D"
            + "\\u001E\\u001F !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`"
            + "abcdefghijklmnopqrstuvwxyz{|}~\\u007F\u0080\u00E9\u2028\uFFFD\\uFFFE\\uFFFF\uD83D\uDE00\" .\n";
        assertEquals(expected, line);
    }

    @Test
    void writesLanguageTagsInLowerCase() throws IOException {
        Quad q = Quad.of(S, P, Literal.lang("chat", "EN-GB"));
        assertEquals("<http://example/s> <http://example/p> \"chat\"@en-gb .\n",
            new String(TestData.write(List.of(q)), StandardCharsets.UTF_8));
    }

    @Test
    void escapesWhatAnIriCannotHoldAndParsesBack() throws IOException {
        Quad q = Quad.of(new Iri("http://example/a b<c>\"{|}^`\\\u0000\u00E9"), P, Literal.of("x"));
        String line = NQuadsWriter.toNQuads(q);
        assertEquals("<http://example/a\\u0020b\\u003Cc\\u003E\\u0022\\u007B\\u007C\\u007D\\u005E\\u0060\\u005C"
            + "\\u0000\u00E9> <http://example/p> \"x\" .\n", line);
        assertEquals(List.of(q), TestData.parse(false, line));
    }

    @Test
    void rejectsTermsWithoutAnNQuadsFormAndWritesNothingOfTheirLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (NQuadsWriter w = new NQuadsWriter(bytes)) {
            w.write(Quad.of(S, P, Literal.of("ok")));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(S, P, Literal.of("bad \uD800"))));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(new Iri("http://x/\uDC00"), P, S)));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(new BlankNode("a b"), P, S)));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(new BlankNode("a."), P, S)));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(new BlankNode("-a"), P, S)));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(S, P, Literal.lang("x", "en us"))));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(S, P, Literal.lang("x", "abcdefghi"))));
            assertThrows(IllegalArgumentException.class, () -> w.write(Quad.of(S, P, Literal.lang("x", "1a"))));
            w.write(Quad.of(S, P, Literal.of("ok2")));
        }
        assertEquals("<http://example/s> <http://example/p> \"ok\" .\n"
            + "<http://example/s> <http://example/p> \"ok2\" .\n",
            bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void closeFlushesAndClosesOnceAndWriteAfterCloseFails() throws IOException {
        int[] closes = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closes[0]++;
            }
        };
        NQuadsWriter w = new NQuadsWriter(bytes);
        w.write(Quad.of(S, P, S));
        assertEquals(0, bytes.size());
        w.flush();
        assertEquals(NQuadsWriter.toNQuads(Quad.of(S, P, S)), bytes.toString(StandardCharsets.UTF_8));
        w.close();
        w.close();
        assertEquals(1, closes[0]);
        assertThrows(IOException.class, () -> w.write(Quad.of(S, P, S)));
    }

    @Test
    void longLinesAndManyLines() throws IOException {
        String big = "\u00E9\"\n".repeat(100_000);
        List<Quad> quads = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            quads.add(new Quad(G, S, P, Literal.of(i % 1000 == 0 ? big : "line " + i)));
        }
        assertEquals(quads, TestData.parse(true, TestData.write(quads)));
    }

    /** Random quads with nasty strings: the output parses back to the same quads, line by line. */
    @Test
    void randomQuadsRoundTrip() throws IOException {
        Random random = new Random(20240611);
        for (int round = 0; round < 20; round++) {
            List<Quad> quads = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                quads.add(RandomTerms.quad(random));
            }
            byte[] bytes = TestData.write(quads);
            assertEquals(quads, TestData.parse(true, bytes));
            StringBuilder lines = new StringBuilder();
            for (Quad q : quads) {
                lines.append(NQuadsWriter.toNQuads(q));
            }
            assertArrayEquals(bytes, lines.toString().getBytes(StandardCharsets.UTF_8));
            // the canonical writer is stable: writing what it parsed gives the same bytes
            assertArrayEquals(bytes, TestData.write(TestData.parse(true, bytes)));
        }
    }

    @Test
    void triplesParseAsNTriples() throws IOException {
        Random random = new Random(7);
        List<Quad> quads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Quad q = RandomTerms.quad(random);
            quads.add(Quad.of(q.subject(), q.predicate(), q.object()));
        }
        assertEquals(quads, TestData.parse(false, TestData.write(quads)));
    }

    @Test
    void writerNeverWritesToAClosedStreamOnError() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        NQuadsWriter w = new NQuadsWriter(failing);
        IOException e = assertThrows(IOException.class, () -> {
            w.write(Quad.of(S, P, S));
            w.flush();
        });
        assertTrue(e.getMessage().contains("disk full"));
    }
}
