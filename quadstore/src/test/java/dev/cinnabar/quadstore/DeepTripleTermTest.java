package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.io.NQuadsParser;
import dev.cinnabar.quadstore.io.NQuadsWriter;
import dev.cinnabar.quadstore.io.RdfSyntaxException;
import dev.cinnabar.quadstore.io.SyntaxErrorHandler;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

/**
 * Triple terms nested to any depth the line length allows: parse, both load paths, reopen, decode, write and verify
 * without recursion per level (a depth of {@value #DEEP} would overflow any recursive step's stack).
 */
class DeepTripleTermTest {

    private static final int DEEP = 100_000;
    private static final int MAX_LINE = 4 << 20;
    private static final Iri S = new Iri("e:s");
    private static final Iri P = new Iri("e:p");

    @TempDir
    Path dir;

    /**
     * Two statements sharing the chain below their top level, each {@code depth} deep, in c14n N-Triples (IRIs only:
     * a bulk load scopes blank node labels to their file, so they would not come back byte for byte).
     */
    private static String deepLines(int depth) {
        String chain = "<<( <e:b> <e:p> ".repeat(depth - 1) + "\"x\"@en--rtl" + " )>>".repeat(depth - 1);
        return "<e:s> <e:p> <<( <e:s> <e:p> " + chain + " )>> .\n"
            + "<e:s> <e:q> " + chain + " .\n";
    }

    private static List<Quad> parse(String text, int maxLine) throws IOException {
        List<Quad> quads = new ArrayList<>();
        new NQuadsParser(false, maxLine).parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            "deep.nt", (s, p, o, g) -> quads.add(Quad.of(s.toTerm(), p.toTerm(), o.toTerm())),
            SyntaxErrorHandler.STRICT);
        return quads;
    }

    /** The store's quads written in c14n N-Triples, in index order. */
    private static String written(QuadStore store) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReadTxn r = store.beginRead(); NQuadsWriter w = new NQuadsWriter(out)) {
            for (Quad quad : r.match(null, null, null, null).collect(Collectors.toList())) {
                w.write(quad);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Sorted lines, as the store's order is the index's, not the file's. */
    private static List<String> lines(String text) {
        return text.lines().sorted().collect(Collectors.toList());
    }

    private void roundTripsThroughTheTransactionalPath(int depth) throws IOException {
        String text = deepLines(depth);
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                for (Quad q : parse(text, MAX_LINE)) {
                    w.add(q.graph(), q.subject(), q.predicate(), q.object());
                }
                w.commit();
            }
        }
        checkReopened(text, depth);
    }

    private void roundTripsThroughTheBulkLoader(int depth) throws IOException {
        String text = deepLines(depth);
        Path file = Files.writeString(dir.resolveSibling(dir.getFileName() + "-deep.nt"), text);
        try (QuadStore store = QuadStore.open(dir)) {
            store.bulkLoad(List.of(file), BulkLoadOptions.defaults().withMaxLineBytes(MAX_LINE));
        } finally {
            Files.delete(file);
        }
        checkReopened(text, depth);
    }

    /** Reopened: the same bytes written back, verify passes, and the shared chain is one atom. */
    private void checkReopened(String text, int depth) throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            store.verify();
            // not assertEquals: a failure would print megabytes
            assertTrue(lines(text).equals(lines(written(store))), "written back byte for byte");
            try (ReadTxn r = store.beginRead()) {
                List<Quad> all = r.match(null, null, null, null).collect(Collectors.toList());
                Term top = all.stream().filter(q -> q.predicate().equals(P)).findFirst().orElseThrow().object();
                Term chain = ((TripleTerm) top).object();
                Term shared = all.stream().filter(q -> !q.predicate().equals(P)).findFirst().orElseThrow().object();
                assertEquals(depth, ((TripleTerm) top).depth());
                assertEquals(r.termId(shared), r.termId(chain), "the same triple term is one atom");
                assertEquals(2, r.count(null, null, null, null));
            }
        }
    }

    @Test
    void aDeepTripleTermRoundTripsThroughTheTransactionalPath() throws IOException {
        roundTripsThroughTheTransactionalPath(DEEP);
    }

    @Test
    void aShallowTripleTermRoundTripsThroughTheTransactionalPath() throws IOException {
        roundTripsThroughTheTransactionalPath(2);
    }

    @Test
    void aDeepTripleTermRoundTripsThroughTheBulkLoader() throws IOException {
        roundTripsThroughTheBulkLoader(DEEP);
    }

    @Test
    void aShallowTripleTermRoundTripsThroughTheBulkLoader() throws IOException {
        roundTripsThroughTheBulkLoader(2);
    }

    @Test
    void aDeepLineOverTheLineLengthLimitIsRefusedAsTooLong() {
        String text = deepLines(DEEP);
        RdfSyntaxException e = assertThrows(RdfSyntaxException.class, () -> parse(text, 1 << 20));
        assertTrue(e.getMessage().contains("deep.nt") && e.getMessage().contains("1048576"), e.getMessage());
    }

    @Test
    void deepTripleTermsCompareHashAndPrintWithoutRecursion() {
        Term a = Literal.of("x");
        Term b = Literal.of("x");
        Term c = Literal.of("y");
        for (int i = 0; i < DEEP; i++) {
            a = new TripleTerm(S, P, a);
            b = new TripleTerm(S, P, b);
            c = new TripleTerm(S, P, c);
        }
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c, "they differ only at the bottom");
        assertNotEquals(a, ((TripleTerm) b).object(), "one level less deep");
        assertNotEquals(a, Literal.of("x"));
        assertEquals("<<( <e:s> <e:p> ".repeat(DEEP) + "\"x\"" + " )>>".repeat(DEEP), a.toString());
    }
}
