package dev.cinnabar.quadstore.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class QuadTest {

    private static final Iri S = new Iri("http://example.org/s");
    private static final Iri P = new Iri("http://example.org/p");
    private static final Iri G = new Iri("http://example.org/g");
    private static final BlankNode B = new BlankNode("b1");
    private static final Literal L = Literal.of("lit");

    @Test
    void validQuads() {
        Quad q = Quad.of(S, P, L);
        assertEquals(DefaultGraph.INSTANCE, q.graph());
        assertTrue(q.inDefaultGraph());
        assertEquals(S, q.subject());
        assertEquals(P, q.predicate());
        assertEquals(L, q.object());
        new Quad(G, B, P, B);
        new Quad(B, S, P, S);
        assertFalse(new Quad(G, S, P, L).inDefaultGraph());
        assertEquals(new Quad(DefaultGraph.INSTANCE, S, P, L), Quad.of(S, P, L));
    }

    @Test
    void graphPositionIsChecked() {
        assertRejected("graph", "the literal \"lit\"", () -> new Quad(L, S, P, L));
        assertRejected("graph", "null", () -> new Quad(null, S, P, L));
    }

    @Test
    void subjectPositionIsChecked() {
        assertRejected("subject", "the literal \"lit\"", () -> Quad.of(L, P, L));
        assertRejected("subject", "the default graph", () -> Quad.of(DefaultGraph.INSTANCE, P, L));
        assertRejected("subject", "null", () -> Quad.of(null, P, L));
    }

    @Test
    void predicatePositionIsChecked() {
        assertRejected("predicate", "the blank node _:b1", () -> Quad.of(S, B, L));
        assertRejected("predicate", "the literal \"lit\"", () -> Quad.of(S, L, L));
        assertRejected("predicate", "null", () -> Quad.of(S, null, L));
    }

    @Test
    void objectPositionIsChecked() {
        assertRejected("object", "the default graph", () -> Quad.of(S, P, DefaultGraph.INSTANCE));
        assertRejected("object", "null", () -> Quad.of(S, P, null));
    }

    @Test
    void aTripleTermOnlyAsTheObject() {
        TripleTerm t = new TripleTerm(S, (Iri) P, L);
        assertEquals(t, Quad.of(S, P, t).object());
        TripleTerm nested = new TripleTerm(B, (Iri) P, t);
        assertEquals(t, ((TripleTerm) Quad.of(S, P, nested).object()).object());
        assertRejected("subject", "the triple term <<( ", () -> Quad.of(t, P, L));
        assertRejected("predicate", "the triple term <<( ", () -> Quad.of(S, t, L));
        assertRejected("graph", "the triple term <<( ", () -> new Quad(t, S, P, L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TripleTerm(t, (Iri) P, L));
        assertTrue(e.getMessage().contains("triple term subject"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TripleTerm(L, (Iri) P, L));
        assertTrue(e.getMessage().contains("triple term subject must be an IRI or a blank node, but is the literal"),
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TripleTerm(S, null, L));
        assertThrows(IllegalArgumentException.class, () -> new TripleTerm(S, (Iri) P, DefaultGraph.INSTANCE));
        assertEquals("<http://example.org/s> <http://example.org/p> <<( _:b1 <http://example.org/p> \"lit\" )>> .",
            Quad.of(S, P, new TripleTerm(B, (Iri) P, L)).toString());
    }

    @Test
    void toStringIsNQuads() {
        assertEquals("<http://example.org/s> <http://example.org/p> \"lit\" .", Quad.of(S, P, L).toString());
        assertEquals("_:b1 <http://example.org/p> \"a\"@en <http://example.org/g> .",
            new Quad(G, B, P, Literal.lang("a", "en")).toString());
    }

    private static void assertRejected(String position, String term, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().contains("quad " + position + " "), e.getMessage());
        assertTrue(e.getMessage().contains(term), e.getMessage());
    }
}
