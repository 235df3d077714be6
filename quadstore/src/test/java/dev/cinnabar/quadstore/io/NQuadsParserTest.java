package dev.cinnabar.quadstore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

class NQuadsParserTest {

    private static final Iri S = new Iri("http://example/s");
    private static final Iri P = new Iri("http://example/p");
    private static final Iri O = new Iri("http://example/o");
    private static final Iri G = new Iri("http://example/g");

    // ------------------------------------------------------------------------------------------- terms

    @Test
    void parsesTermsIntoFlyweights() throws IOException {
        String input = "<http://example/s> <http://example/p> \"chat\"@en-GB <http://example/g> .\n"
            + "_:b1 <http://example/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
            + "_:b1 <http://example/p> \"x\"^^<http://www.w3.org/2001/XMLSchema#string> _:g .\n";
        List<String> seen = new ArrayList<>();
        long n = new NQuadsParser(true, 1000).parse(in(input), "t.nq", (s, p, o, g) -> {
            seen.add(s.kind() + "|" + s.valueString() + "|" + p.valueString() + "|" + o.kind() + "|"
                + o.valueString() + "|" + o.datatypeString() + "|" + o.languageString() + "|" + o.isXsdString()
                + "|" + (g == null ? "-" : g.kind() + ":" + g.valueString()));
        }, SyntaxErrorHandler.STRICT);
        assertEquals(3, n);
        assertEquals(List.of(
            "1|http://example/s|http://example/p|3|chat|null|en-GB|false|1:http://example/g",
            "2|b1|http://example/p|3|1|http://www.w3.org/2001/XMLSchema#integer|null|false|-",
            "2|b1|http://example/p|3|x|http://www.w3.org/2001/XMLSchema#string|null|true|2:g"), seen);
    }

    @Test
    void toTermFollowsTheTermModel() throws IOException {
        List<Quad> quads = TestData.parse(true, "<http://example/s> <http://example/p> \"a\" .\n"
            + "<http://example/s> <http://example/p> \"a\"^^<http://www.w3.org/2001/XMLSchema#string> .\n"
            + "<http://example/s> <http://example/p> \"a\"@EN <http://example/g> .\n"
            + "_:x <http://example/p> \"1\"^^<http://example/dt> _:y .\n");
        assertEquals(List.of(
            Quad.of(S, P, Literal.of("a")),
            Quad.of(S, P, Literal.of("a")),
            new Quad(G, S, P, Literal.lang("a", "EN")),
            new Quad(new BlankNode("y"), new BlankNode("x"), P, Literal.typed("1", new Iri("http://example/dt")))),
            quads);
        assertSame(DefaultGraph.INSTANCE, quads.get(0).graph());
    }

    @Test
    void decodesEscapes() throws IOException {
        List<Quad> quads = TestData.parse(false, "<http://example/\\u0053\\U0001F600> <http://example/p> "
            + "\"t\\tb\\bn\\nr\\rf\\fq\\\"a\\'s\\\\ \\u00E9\\U0001F600\\uD83D\\uDE00\"^^<http://example/\\u0064t> .\n");
        assertEquals(Quad.of(new Iri("http://example/S\uD83D\uDE00"), P,
                Literal.typed("t\tb\bn\nr\rf\fq\"a's\\ \u00E9\uD83D\uDE00\uD83D\uDE00", new Iri("http://example/dt"))),
            quads.get(0));
    }

    @Test
    void keepsValueDatatypeAndLanguageInOneBuffer() throws IOException {
        // every mix of escaped and plain value and datatype
        String[] values = {"\"plain\"", "\"esc\\u0061ped\""};
        String[] suffixes = {"^^<http://example/dt>", "^^<http://example/\\u0064t>", "@en-US", ""};
        for (String v : values) {
            for (String suffix : suffixes) {
                String line = "<http://example/s> <http://example/p> " + v + suffix + " .\n";
                new NQuadsParser(false, 1000).parse(in(line), "t", (s, p, o, g) -> {
                    String value = o.buffer().getStringWithoutLengthUtf8(o.valueOffset(), o.valueLength());
                    assertEquals(v.contains("esc") ? "escaped" : "plain", value, line);
                    if (suffix.startsWith("^^")) {
                        assertEquals("http://example/dt", o.buffer().getStringWithoutLengthUtf8(o.datatypeOffset(),
                            o.datatypeLength()), line);
                    } else {
                        assertEquals(0, o.datatypeLength(), line);
                    }
                    if (suffix.startsWith("@")) {
                        assertEquals("en-US", o.buffer().getStringWithoutLengthUtf8(o.languageOffset(),
                            o.languageLength()), line);
                    } else {
                        assertEquals(0, o.languageLength(), line);
                    }
                }, SyntaxErrorHandler.STRICT);
            }
        }
    }

    @Test
    void whitespaceCommentsBlankLinesAndLineEnds() throws IOException {
        String input = "\uFEFF# a comment \u00E9\r\n"
            + "\r\n"
            + "   \t\n"
            + "<http://example/s><http://example/p><http://example/o>.\r"
            + "\t<http://example/s>\t<http://example/p>  \"x\"  ^^  <http://example/dt>  .  # done\r\n"
            + "<http://example/s> <http://example/p> \"y\" @en .\n"
            + "_:a.b <http://example/p> _:c.\n"
            + "VERSION \"1.2\" # version directive\n"
            + "<http://example/s> <http://example/p> <http://example/o> ."; // no line end at the end
        List<Quad> quads = TestData.parse(false, input);
        assertEquals(List.of(Quad.of(S, P, O),
            Quad.of(S, P, Literal.typed("x", new Iri("http://example/dt"))),
            Quad.of(S, P, Literal.lang("y", "en")),
            Quad.of(new BlankNode("a.b"), P, new BlankNode("c")),
            Quad.of(S, P, O)), quads);
    }

    @Test
    void blankNodeLabelCharacters() throws IOException {
        List<Quad> quads = TestData.parse(false, "_:0a-b_c\u00B7\u0300.d <http://example/p> _:\u00C0\uD800\uDC00 .\n");
        assertEquals(Quad.of(new BlankNode("0a-b_c\u00B7\u0300.d"), P, new BlankNode("\u00C0\uD800\uDC00")),
            quads.get(0));
        assertError(false, "_:-a <http://example/p> <http://example/o> .", 1, 3, "must start with");
        assertError(false, "_:\u00B7 <http://example/p> <http://example/o> .", 1, 3, "cannot start with U+00B7");
        assertError(false, "_:a:b <http://example/p> <http://example/o> .", 1, 4, "':' is not allowed");
        assertError(false, "_: <http://example/p> <http://example/o> .", 1, 3, "empty blank node label");
    }

    // ------------------------------------------------------------------------------------------ errors

    @Test
    void errorNamesSourceLineAndColumnInCharacters() {
        String input = "<http://example/s> <http://example/p> \"\u00E9\u00E9\" .\n"
            + "\n"
            + "<http://example/s> <http://example/p> \"\u00E9\uD83D\uDE00\" <> .\n";
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> new NQuadsParser(true, 1000)
            .parse(in(input), "data.nq", (s, p, o, g) -> { }, SyntaxErrorHandler.STRICT));
        assertEquals("data.nq", e.source());
        assertEquals(3, e.line());
        assertEquals(44, e.column()); // 38 + '"' + 2 characters + '"' + ' ' = the '<' at column 44
        assertEquals("relative IRI <> (N-Quads needs absolute IRIs)", e.reason());
        assertEquals("data.nq:3:44: relative IRI <> (N-Quads needs absolute IRIs)", e.getMessage());
        assertFalse(e.unsupported());
    }

    @Test
    void lineNumbersCountLfCrAndCrLfAsOneLineEndEach() {
        for (int buffer : new int[] {1, 2, 3, 1 << 20}) {
            RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> new NQuadsParser(false, 100, 100, buffer)
                .parse(new TrickleInputStream("<http://example/s> <http://example/p> <http://example/o> .\r\r\n\n\r<bad"
                    .getBytes(StandardCharsets.UTF_8), 1), "cr", (s, p, o, g) -> { }, SyntaxErrorHandler.STRICT));
            assertEquals("cr:5:5: IRI not closed: the line ends before '>'", e.getMessage());
        }
    }

    @Test
    void relativeIriLikeLubmIsRejectedStrictAndSkippedOnRequest() throws IOException {
        String input = "<> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            + "<http://www.w3.org/2002/07/owl#Ontology> .\n"
            + "<http://example/s> <http://example/p> <http://example/o> .\n"
            + "<> <http://www.w3.org/2002/07/owl#imports> <http://example/onto> .\n";
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> new NQuadsParser(false, 1000)
            .parse(in(input), "lubm.nt", (s, p, o, g) -> { }, SyntaxErrorHandler.STRICT));
        assertEquals("lubm.nt:1:1: relative IRI <> (N-Triples needs absolute IRIs)", e.getMessage());

        List<RdfSyntaxException> errors = new ArrayList<>();
        List<Quad> quads = new ArrayList<>();
        NQuadsParser parser = new NQuadsParser(false, 1000);
        long n = parser.parse(in(input), "lubm.nt", TestData.collector(quads), errors::add);
        assertEquals(1, n);
        assertEquals(List.of(Quad.of(S, P, O)), quads);
        assertEquals(2, parser.skippedLines());
        assertEquals(List.of(1L, 3L), errors.stream().map(RdfSyntaxException::line).toList());
    }

    @Test
    void skipModeSkipsExactlyTheBadLines() throws IOException {
        String[] lines = {
            "<http://example/s> <http://example/p> <http://example/o> .",        // 1 ok
            "<http://example/s> <http://example/p> \"unterminated .",             // 2 bad
            "<http://example/s> <http://example/p> <http://example/o> <http://example/g> .", // 3 bad in N-Triples
            "# comment",                                                           // 4
            "<http://example/s> <http://example/p> \"bad \\x escape\" .",          // 5 bad
            "<http://example/s> <http://example/p> \"\u00E9\" .",                 // 6 ok
            "_:a <http://example/p> <rel> .",                                      // 7 bad
            "<http://example/s> <http://example/p> <http://example/o> . extra",   // 8 bad
            "<http://example/s> <http://example/p> <<( <http://example/s> <http://example/p> <http://example/o> )>> .",
            "<http://example/s> <http://example/p> \"x\"@en--ltr .",              // 10 ok (RDF 1.2)
            "<http://example/s> <http://example/p> <http://example/o> .",          // 11 ok
        };
        String input = String.join("\r\n", lines);
        List<RdfSyntaxException> errors = new ArrayList<>();
        NQuadsParser parser = new NQuadsParser(false, 1000);
        List<Quad> quads = new ArrayList<>();
        long n = parser.parse(in(input), "x.nt", TestData.collector(quads), errors::add);
        assertEquals(5, n);
        assertEquals(5, quads.size());
        assertEquals(5, parser.skippedLines());
        assertEquals(List.of(2L, 3L, 5L, 7L, 8L), errors.stream().map(RdfSyntaxException::line).toList());
        assertEquals(List.of(false, false, false, false, false),
            errors.stream().map(RdfSyntaxException::unsupported).toList());
        assertEquals(new TripleTerm(S, P, O), quads.get(2).object());
        assertEquals(Literal.dirLang("x", "en", Literal.Direction.LTR), quads.get(3).object());
    }

    @Test
    void tripleTermsAndDirectionsAreDelivered() throws IOException {
        Iri s = new Iri("http://example/s");
        Iri p = new Iri("http://example/p");
        String input = "<http://example/s> <http://example/p> <<(_:b1 <http://example/p> \"a\\u00E9\"@EN--rtl)>> .\n"
            + "<http://example/s> <http://example/p> <<( <http://example/s> <http://ex\\u0061mple/p> <<( _:b2 "
            + "<http://example/p> \"1\"^^<http://example/dt> )>> )>> <http://example/g> .\n"
            + "<http://example/s> <http://example/p> \"x\\n\"@ar--ltr .\n";
        for (int buffer : new int[] {1, 7, 1 << 20}) {
            List<Quad> quads = new ArrayList<>();
            new NQuadsParser(true, 1000, 1000, buffer).parse(in(input), "x.nq", TestData.collector(quads),
                SyntaxErrorHandler.STRICT);
            assertEquals(List.of(
                Quad.of(s, p, new TripleTerm(new BlankNode("b1"), p, Literal.dirLang("a\u00E9", "en",
                    Literal.Direction.RTL))),
                new Quad(new Iri("http://example/g"), s, p, new TripleTerm(s, p, new TripleTerm(new BlankNode("b2"), p,
                    Literal.typed("1", new Iri("http://example/dt"))))),
                Quad.of(s, p, Literal.dirLang("x\n", "ar", Literal.Direction.LTR))), quads);
        }
        String deepest = "<http://example/s> <http://example/p> " + "<<( <http://example/s> <http://example/p> "
            .repeat(64) + "<http://example/o>"
            + " )>>".repeat(64) + " .";
        List<Quad> quads = new ArrayList<>();
        new NQuadsParser(false, 100_000).parse(in(deepest), "deep.nt", TestData.collector(quads),
            SyntaxErrorHandler.STRICT);
        Term object = quads.get(0).object();
        int depth = 0;
        while (object instanceof TripleTerm triple) {
            object = triple.object();
            depth++;
        }
        assertEquals(64, depth);
    }

    @Test
    void tripleTermsOnlyAsObjects() {
        String tt = "<<( <http://example/s> <http://example/p> <http://example/o> )>>";
        assertError(false, tt + " <http://example/p> <http://example/o> .", 1, 1, "a triple term cannot be the subject");
        assertError(false, "<http://example/s> " + tt + " <http://example/o> .", 1, 20,
            "a triple term cannot be the predicate");
        assertError(true, "<http://example/s> <http://example/p> <http://example/o> " + tt + " .", 1, 58,
            "a triple term cannot be the graph label");
        assertError(false, "<http://example/s> <http://example/p> <<( " + tt + " <http://example/p> <http://example/o> )>> .",
            1, 43, "a triple term cannot be the subject of a triple term");
        assertError(false, "<http://example/s> <http://example/p> <<( <http://example/s> \"p\" <http://example/o> )>> .",
            1, 62, "a literal cannot be the predicate of a triple term");
        assertError(false, "<http://example/s> <http://example/p> \"x\"@en--LTR .", 1, 45, "ltr or rtl");
    }

    @Test
    void handlerThatThrowsAbortsAfterTheGoodLinesBefore() {
        String input = "<http://example/s> <http://example/p> <http://example/o> .\n<bad\n"
            + "<http://example/s> <http://example/p> <http://example/o> .\n";
        List<Quad> quads = new ArrayList<>();
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> new NQuadsParser(false, 100)
            .parse(in(input), "x", TestData.collector(quads), SyntaxErrorHandler.STRICT));
        assertEquals(2, e.line());
        assertEquals(1, quads.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1 << 20})
    void maxLineBytesIsEnforcedAndSkippable(int initialBuffer) throws IOException {
        String ok = "<http://example/s> <http://example/p> \"" + "x".repeat(40) + "\" ."; // 82 bytes
        String tooLong = "<http://example/s> <http://example/p> \"" + "x".repeat(41) + "\" .";
        String wayTooLong = "<http://example/s> <http://example/p> \"" + "y".repeat(5000) + "\" .";
        int max = ok.length();
        String input = ok + "\n" + tooLong + "\r\n" + ok + "\n" + wayTooLong + "\n" + ok;
        NQuadsParser parser = new NQuadsParser(false, max, max, initialBuffer);
        List<RdfSyntaxException> errors = new ArrayList<>();
        long n = parser.parse(new TrickleInputStream(input.getBytes(StandardCharsets.UTF_8), 5), "long.nt",
            (s, p, o, g) -> assertEquals(40, o.valueLength()), errors::add);
        assertEquals(3, n);
        assertEquals(List.of(2L, 4L), errors.stream().map(RdfSyntaxException::line).toList());
        assertEquals("line longer than the limit of " + max + " bytes", errors.get(0).reason());
        assertEquals(max + 1, errors.get(0).column());

        RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> new NQuadsParser(false, max, max,
            initialBuffer).parse(in(input), "long.nt", (s, p, o, g) -> { }, SyntaxErrorHandler.STRICT));
        assertEquals("long.nt:2:" + (max + 1) + ": line longer than the limit of " + max + " bytes", e.getMessage());
    }

    @Test
    void nTriplesRejectsAFourthTerm() {
        assertError(false, "<http://example/s> <http://example/p> <http://example/o> <http://example/g> .", 1, 58,
            "N-Triples has three terms to a line");
        assertError(true, "<http://example/s> <http://example/p> <http://example/o> <http://example/g> "
            + "<http://example/h> .", 1, 77, "at most four terms");
    }

    @Test
    void syntaxErrors() {
        assertError(false, "<http://example/s> <http://example/p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#"
            + "langString> .", 1, 44, "needs a language tag");
        assertError(false, "<http://example/s> <http://example/p> \"x\"@en-abcdefghi .", 1, 46, "at most 8");
        assertError(false, "<http://example/s> <http://example/p> \"x\"@en- .", 1, 46, "empty subtag");
        assertError(false, "<http://example/s> <http://example/p> \"x\"@en--xyz .", 1, 45, "ltr or rtl");
        assertError(false, "<http://example/s> <http://example/p> \"\\uD800\" .", 1, 40, "lone surrogate");
        assertError(false, "<http://example/s> <http://example/p> \"\\uDC00\\uD800\" .", 1, 40, "lone surrogate");
        assertError(false, "<http://example/s> <http://example/p> \"\\U00110000\" .", 1, 40, "above U+10FFFF");
        assertError(false, "<http://example/s> <http://example/p> <http://example/o> .  <x>", 1, 61,
            "expected the end of the line");
        assertError(false, "<http://example/s> <http://example/p> <http://example/o> {| <http://example/q> "
            + "<http://example/r> |} .", 1, 58, "annotations");
        assertError(false, "<http://example/s> <http://example/p> <http://example/o>, <http://example/o2> .", 1, 57,
            "lists are Turtle");
        assertError(false, "<http://ex ample/s> <http://example/p> <http://example/o> .", 1, 11, "space");
        assertError(false, "<http://example/s\u0001> <http://example/p> <http://example/o> .", 1, 18, "U+0001");
        assertError(false, "<http://example/s", 1, 18, "IRI not closed");
        assertError(false, "<http://example/s> <http://example/p> \"abc", 1, 43, "string not closed");
        assertError(false, "<http://example/s> <http://example/p> <http://example/o>", 1, 57, "expected '.'");
        assertError(false, "VERSION 1.2", 1, 9, "version string");
        assertError(false, "VERSION \"1.2\" .", 1, 15, "has no '.'");
        assertError(false, "@prefix ex: <http://example/> .", 1, 1, "Turtle");
        assertError(false, "<http://example/s> <http://example/p> true .", 1, 39, "expected an object");
        assertError(false, "<http://example/s> <http://example/p> <<( <http://example/s> <http://example/p> "
            + "<http://example/o> ) .", 1, 100, "expected ')>>'");
        assertError(false, "<http://example/s> <http://example/p> " + "<<( <http://example/s> <http://example/p> "
            .repeat(70) + "<http://example/o>" + " )>>".repeat(69) + " .", 1, 39 + 70 * 42 + 18 + 69 * 4 + 1,
            "expected ')>>'");
    }

    @Test
    void malformedUtf8IsAnErrorWithItsPosition() {
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0x80},                     // overlong NUL
            {(byte) 0xE0, (byte) 0x80, (byte) 0x80},        // overlong
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},        // encoded surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // never in UTF-8
            {(byte) 0x80},                                   // stray continuation
            {(byte) 0xE2, (byte) 0x82},                     // cut short by the closing quote
            {(byte) 0xFF},
        };
        for (byte[] b : bad) {
            for (String where : new String[] {"literal", "iri", "comment", "label"}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                String prefix;
                String suffix;
                switch (where) {
                    case "literal":
                        prefix = "<http://example/s> <http://example/p> \"\u00E9";
                        suffix = "\" .\n";
                        break;
                    case "iri":
                        prefix = "<http://example/s> <http://example/p> <http://example/\u00E9";
                        suffix = "> .\n";
                        break;
                    case "comment":
                        prefix = "<http://example/s> <http://example/p> <http://example/o> . # \u00E9";
                        suffix = "\n";
                        break;
                    default:
                        prefix = "<http://example/s> <http://example/p> _:a\u00E9";
                        suffix = " .\n";
                }
                out.writeBytes("# line 1\n".getBytes(StandardCharsets.UTF_8));
                out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
                out.writeBytes(b);
                out.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
                RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> TestData.parse(false,
                    out.toByteArray()), where + " " + java.util.Arrays.toString(b));
                assertEquals(2, e.line());
                assertEquals(prefix.length() + 1, e.column(), e.getMessage());
                assertTrue(e.reason().startsWith("malformed UTF-8") || where.equals("label"), e.getMessage());
            }
        }
        // cut short by the end of the input
        byte[] cut = {'#', ' ', (byte) 0xE2, (byte) 0x82};
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> TestData.parse(false, cut));
        assertEquals("test:1:3: malformed UTF-8: the sequence starting with 0xE2 is cut short", e.getMessage());
    }

    @Test
    void versionDirectiveIsAcceptedAnywhere() throws IOException {
        assertEquals(2, TestData.parse(true, "VERSION \"1.2\"\n<http://example/s> <http://example/p> <http://example/o>"
            + " .\nversion \"1.2-basic\"\n<http://example/s> <http://example/p> <http://example/o> .\n").size());
    }

    @Test
    void emptyInputAndOnlyComments() throws IOException {
        assertEquals(0, TestData.parse(false, "").size());
        assertEquals(0, TestData.parse(false, "# only\n\n# comments").size());
        assertEquals(0, TestData.parse(false, "\uFEFF").size());
    }

    @Test
    void parserIsReusable() throws IOException {
        NQuadsParser parser = new NQuadsParser(false, 200, 200, 16);
        String line = "<http://example/s> <http://example/p> \"x\\u0041\" .\n";
        for (int i = 1; i <= 3; i++) {
            List<Quad> quads = new ArrayList<>();
            assertEquals(i, parser.parse(in(line.repeat(i)), "x", TestData.collector(quads),
                SyntaxErrorHandler.STRICT));
            assertEquals(Literal.of("xA"), quads.get(i - 1).object());
        }
        List<RdfSyntaxException> errors = new ArrayList<>();
        parser.parse(in("bad\nbad\n"), "y", (s, p, o, g) -> { }, errors::add);
        assertEquals(2, parser.skippedLines());
        assertEquals(List.of(1L, 2L), errors.stream().map(RdfSyntaxException::line).toList());
    }

    @Test
    void sinkExceptionsPassThrough() {
        IOException boom = new IOException("boom");
        IOException e = assertThrows(IOException.class, () -> new NQuadsParser(false, 100).parse(
            in("<http://example/s> <http://example/p> <http://example/o> .\n"), "x", (s, p, o, g) -> {
                throw boom;
            }, SyntaxErrorHandler.STRICT));
        assertSame(boom, e);
    }

    @Test
    void constructorChecksMaxLineBytes() {
        assertThrows(IllegalArgumentException.class, () -> new NQuadsParser(false, 0));
        assertThrows(IllegalArgumentException.class, () -> new NQuadsParser(false, (1 << 30) + 1));
        assertNull(null);
    }

    // ------------------------------------------------------------------------------ buffer boundaries

    /**
     * Random valid and invalid lines, parsed whole and through tiny, growing buffers fed a few bytes at a time:
     * the statements and the errors (line, column, reason) must be the same.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 13, 100, 4096})
    void bufferBoundariesDoNotMatter(int initialBuffer) throws IOException {
        Random random = new Random(42 + initialBuffer);
        StringBuilder input = new StringBuilder();
        String[] eols = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
        for (int i = 0; i < 2000; i++) {
            input.append(RandomTerms.line(random, true)).append(eols[random.nextInt(eols.length)]);
        }
        byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
        List<String> expected = run(new NQuadsParser(true, 1 << 20), new ByteArrayInputStream(bytes));
        List<String> actual = run(new NQuadsParser(true, 1 << 20, 1 << 20, initialBuffer),
            new TrickleInputStream(bytes, 1 + random.nextInt(17)));
        assertTrue(expected.size() > 1500, "sanity: " + expected.size());
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("error")), "sanity: errors");
        assertEquals(expected, actual);
    }

    private static List<String> run(NQuadsParser parser, InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        parser.parse(in, "r", (s, p, o, g) -> out.add(s + " " + p + " " + o + (g == null ? "" : " " + g)),
            e -> out.add("error " + e.getMessage()));
        return out;
    }

    // -------------------------------------------------------------------------------- real data, allocation

    /** lubm1 (if the shared data is present): every line but the two relative-IRI lines, which are skipped. */
    @Test
    void lubm1ParsesWithTheTwoRelativeIriLinesSkipped() throws IOException {
        java.nio.file.Path shared = TestData.sharedDir().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null, TestData::sharedHint);
        java.nio.file.Path file = shared.resolve("data/lubm/lubm1.nt.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(file), () -> "no " + file);
        List<RdfSyntaxException> errors = new ArrayList<>();
        NQuadsParser parser = new NQuadsParser(RdfFiles.isQuads(file), 1 << 20);
        long n;
        try (InputStream in = RdfFiles.open(file)) {
            n = parser.parse(in, file.getFileName().toString(), (s, p, o, g) -> { }, errors::add);
        }
        assertEquals(103_076 - 2, n);
        assertEquals(2, parser.skippedLines());
        assertEquals(List.of("lubm1.nt.gz:1:1: relative IRI <> (N-Triples needs absolute IRIs)",
            "lubm1.nt.gz:2:1: relative IRI <> (N-Triples needs absolute IRIs)"),
            errors.stream().map(RdfSyntaxException::getMessage).toList());
    }

    /** Once warm, a parse allocates nothing per statement (the thread's allocation counter barely moves). */
    @Test
    void parsingAllocatesNothingPerStatement() throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean,
            "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("<http://example/s").append(i).append("> <http://example/p> \"v\\u00E9\\n").append(i)
                .append("\"@en-GB <http://example/g> .\n_:b").append(i).append(" <http://example/\\u0070> \"")
                .append(i).append("\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        NQuadsParser parser = new NQuadsParser(true, 1 << 16, 1 << 16, 1 << 16);
        long[] sum = {0};
        StatementSink sink = (s, p, o, g) -> sum[0] += s.valueLength() + o.valueLength() + o.languageLength();
        for (int warm = 0; warm < 3; warm++) {
            parser.parse(new ByteArrayInputStream(bytes), "warm", sink, SyntaxErrorHandler.STRICT);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        long n = parser.parse(in, "measured", sink, SyntaxErrorHandler.STRICT);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(40_000, n);
        assertTrue(allocated < 4096, () -> allocated + " bytes allocated for " + n + " statements");
    }

    // ------------------------------------------------------------------------------------------ helpers

    static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(boolean quads, String input, long line, long column, String reasonPart) {
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> TestData.parse(quads, input), input);
        assertTrue(e.reason().contains(reasonPart), () -> "'" + e.getMessage() + "' does not contain '"
            + reasonPart + "' for " + input);
        assertEquals(line, e.line(), e::getMessage);
        assertEquals(column, e.column(), e::getMessage);
    }

    /** Returns at most {@code chunk} bytes per read, to split lines anywhere. */
    static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        TrickleInputStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
