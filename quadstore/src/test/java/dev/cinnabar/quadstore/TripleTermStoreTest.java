package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.TripleTerm;
import dev.cinnabar.storage.CorruptStoreException;

/** RDF 1.2 triple terms and directional literals in a store: one atom per term, patterns, and verify's checks. */
class TripleTermStoreTest {

    private static final Iri S = new Iri("http://example.org/s");
    private static final Iri P = new Iri("http://example.org/p");
    private static final Iri G = new Iri("http://example.org/g");

    @TempDir
    Path dir;

    @Test
    void aTripleTermIsOneAtomFoundByPatternsAndKeptAcrossReopen() throws IOException {
        TripleTerm inner = new TripleTerm(new BlankNode("b"), P, Literal.dirLang("x", "EN", Literal.Direction.RTL));
        TripleTerm outer = new TripleTerm(S, P, inner);
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(G, S, P, outer);
                w.add(G, S, new Iri("http://example.org/q"), outer);
                w.add(DefaultGraph.INSTANCE, S, P, inner);
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                long id = r.termId(new TripleTerm(S, P,
                    new TripleTerm(new BlankNode("b"), P, Literal.dirLang("x", "en", Literal.Direction.RTL))));
                assertTrue(id > 0);
                assertNotEquals(id, r.termId(inner));
                assertEquals(QuadStore.NO_ID, r.termId(new TripleTerm(S, P, Literal.of("absent"))));
                assertEquals(QuadStore.NO_ID, r.termId(
                    Literal.dirLang("x", "en", Literal.Direction.LTR)), "the direction is part of the term");
                assertEquals(2, r.count(G, null, null, outer));
                assertEquals(1, r.count(null, null, null, inner));
                assertTrue(inner.object().equals(((TripleTerm) r.term(r.termId(inner))).object()));
            }
        }
        try (QuadStore store = QuadStore.open(dir)) {
            store.verify();
            try (ReadTxn r = store.beginRead()) {
                List<Quad> all = r.match(null, null, null, null).collect(Collectors.toList());
                assertEquals(3, all.size());
                assertTrue(all.contains(new Quad(G, S, P, outer)), all::toString);
            }
        }
    }

    /**
     * Issue 15 added kinds 0x07 and 0x08 without a format bump (ADR-006): a store of RDF 1.1 terms must hold only the
     * kinds an older build wrote (0x01..0x06, whose bytes TermCodecTest pins), so such a build still opens it.
     */
    @Test
    void aStoreOfRdf11TermsHoldsOnlyTheKindsOlderVersionsWrote() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(G, S, P, Literal.lang("x", "en"));
                w.add(DefaultGraph.INSTANCE, new BlankNode("b"), P, Literal.typed("1",
                    new Iri("http://www.w3.org/2001/XMLSchema#integer")));
                w.add(DefaultGraph.INSTANCE, S, P, Literal.of("o"));
                w.commit();
            }
        }
        try (AtomStore atoms = AtomStore.open(dir)) {
            org.agrona.concurrent.UnsafeBuffer view = new org.agrona.concurrent.UnsafeBuffer(0, 0);
            for (long id = 1; id <= atoms.size(); id++) {
                atoms.wrapAtom(id, view);
                byte kind = view.getByte(0);
                assertTrue(kind >= TermCodec.KIND_IRI && kind <= TermCodec.KIND_DEFAULT_GRAPH,
                    "atom " + id + " has kind " + kind);
            }
        }
        try (QuadStore store = QuadStore.open(dir)) {
            store.verify();
        }
    }

    @Test
    void verifyReportsATripleTermOfBadComponents() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, S, P, Literal.of("o"));
                w.commit();
            }
        }
        long literal;
        long self;
        try (AtomStore atoms = AtomStore.open(dir)) {
            long s = atoms.intern(new byte[] {TermCodec.KIND_IRI, 'a'});
            literal = atoms.intern(new byte[] {TermCodec.KIND_STRING, 'l'});
            atoms.intern(new byte[] {TermCodec.KIND_TRIPLE_TERM, (byte) literal, (byte) s, (byte) s});
            long next = atoms.size() + 1; // a triple term naming itself as its object
            self = atoms.intern(new byte[] {TermCodec.KIND_TRIPLE_TERM, (byte) s, (byte) s, (byte) next});
            assertEquals(next, self);
            atoms.commit();
        }
        try (QuadStore store = QuadStore.open(dir)) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, store::verify);
            String problems = String.join("\n", e.problems());
            assertTrue(problems.contains("triple term subject must be an IRI or a blank node, but is the literal"),
                problems);
            assertTrue(problems.contains("atom " + self + " does not decode")
                && problems.contains("not older than itself"), problems);
        }
    }
}
