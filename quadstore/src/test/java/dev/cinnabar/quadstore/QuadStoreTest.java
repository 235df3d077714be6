package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.storage.StoreLockedException;

class QuadStoreTest {

    @TempDir
    Path dir;

    static final Iri G1 = new Iri("http://example.org/g1");
    static final Iri G2 = new Iri("http://example.org/g2");
    static final Iri ALICE = new Iri("http://example.org/alice");
    static final Iri BOB = new Iri("http://example.org/bob");
    static final Iri KNOWS = new Iri("http://xmlns.com/foaf/0.1/knows");
    static final Iri NAME = new Iri("http://xmlns.com/foaf/0.1/name");
    static final Iri AGE = new Iri("http://example.org/age");
    static final Iri XSD_INTEGER = new Iri("http://www.w3.org/2001/XMLSchema#integer");

    static Quad q(Term g, Term s, Term p, Term o) {
        return new Quad(g, s, p, o);
    }

    static Set<Quad> all(QuadReader txn) {
        try (Stream<Quad> quads = txn.match(null, null, null, null)) {
            return quads.collect(Collectors.toSet());
        }
    }

    static QuadStoreOptions small() {
        return QuadStoreOptions.defaults().withTxnBufferMaxQuads(64).withMemtableMaxQuads(256)
            .withAutoCompaction(false);
    }

    @Test
    void committedQuadsAreVisibleToLaterReaders() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, ALICE, KNOWS, BOB);
                w.add(G1, ALICE, NAME, Literal.lang("Alice", "en"));
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(Set.of(q(DefaultGraph.INSTANCE, ALICE, KNOWS, BOB),
                    q(G1, ALICE, NAME, Literal.lang("Alice", "en"))), all(r));
                assertTrue(r.contains(q(DefaultGraph.INSTANCE, ALICE, KNOWS, BOB)));
                assertFalse(r.contains(q(G1, ALICE, KNOWS, BOB)));
            }
        }
    }

    @Test
    void closingWithoutCommitRollsBackQuadsAndTerms() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            long atomsBefore = store.stats().atoms();
            try (WriteTxn w = store.beginWrite()) {
                w.add(G1, ALICE, KNOWS, BOB);
                assertEquals(1, w.count(null, null, null, null));
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(0, r.count(null, null, null, null));
                assertEquals(QuadStore.NO_ID, r.termId(ALICE));
            }
            assertEquals(atomsBefore, store.stats().atoms());
        }
    }

    @Test
    void aWriteTransactionSeesItsOwnChanges() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(G1, ALICE, KNOWS, BOB);
                w.commit();
            }
            try (WriteTxn w = store.beginWrite()) {
                w.add(G2, BOB, KNOWS, ALICE);
                w.remove(q(G1, ALICE, KNOWS, BOB));
                assertEquals(Set.of(q(G2, BOB, KNOWS, ALICE)), all(w));
                assertTrue(w.contains(q(G2, BOB, KNOWS, ALICE)));
                assertFalse(w.contains(q(G1, ALICE, KNOWS, BOB)));
                assertEquals(1, w.count(null, null, KNOWS, null));
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(Set.of(q(G2, BOB, KNOWS, ALICE)), all(r));
            }
        }
    }

    @Test
    void addingAPresentQuadOrRemovingAnAbsentOneChangesNothing() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(G1, ALICE, KNOWS, BOB);
                w.add(G1, ALICE, KNOWS, BOB);
                w.commit();
            }
            try (WriteTxn w = store.beginWrite()) {
                w.add(G1, ALICE, KNOWS, BOB);
                w.remove(q(G2, ALICE, KNOWS, BOB));
                w.remove(q(G2, new Iri("http://never.seen/"), KNOWS, BOB));
                w.commit();
            }
            assertEquals(1, store.stats().quads());
            try (ReadTxn r = store.beginRead()) {
                assertEquals(1, r.count(null, null, null, null));
            }
        }
    }

    @Test
    void theDefaultGraphPatternMatchesOnlyTheDefaultGraphAndNullMatchesEveryGraph() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, ALICE, KNOWS, BOB);
                w.add(G1, ALICE, KNOWS, BOB);
                w.add(G2, ALICE, KNOWS, BOB);
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(1, r.count(DefaultGraph.INSTANCE, null, null, null));
                assertEquals(3, r.count(null, ALICE, KNOWS, BOB));
                assertEquals(1, r.count(G2, null, null, null));
            }
            assertEquals(3, store.stats().graphs());
        }
    }

    @Test
    void removeAllRemovesEveryMatchAndReturnsHowMany() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                for (int i = 0; i < 500; i++) {
                    w.add(i % 2 == 0 ? G1 : G2, new Iri("http://example.org/s" + i), KNOWS, BOB);
                }
                w.commit();
            }
            try (WriteTxn w = store.beginWrite()) {
                assertEquals(250, w.removeAll(G1, null, null, null));
                assertEquals(0, w.count(G1, null, null, null));
                assertEquals(0, w.removeAll(G1, null, null, null));
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(0, r.count(G1, null, null, null));
                assertEquals(250, r.count(null, null, null, null));
            }
            assertEquals(250, store.stats().quads());
        }
    }

    @Test
    void commitsSurviveReopening() throws IOException {
        Quad typed = q(G1, ALICE, AGE, Literal.typed("42", XSD_INTEGER));
        Quad blank = q(DefaultGraph.INSTANCE, new BlankNode("b0"), NAME, Literal.of("x\u0000y\uD83D\uDE00"));
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(typed);
                w.add(blank);
                w.commit();
            }
        }
        try (QuadStore store = QuadStore.open(dir); ReadTxn r = store.beginRead()) {
            assertEquals(Set.of(typed, blank), all(r));
        }
    }

    @Test
    void streamsAndCursorsFailAfterTheirTransactionCloses() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(G1, ALICE, KNOWS, BOB);
                w.add(G1, BOB, KNOWS, ALICE);
                w.commit();
            }
            Iterator<Quad> quads;
            QuadIdCursor ids;
            try (ReadTxn r = store.beginRead()) {
                quads = r.match(null, null, null, null).iterator();
                ids = r.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
                quads.next();
            }
            assertThrows(IllegalStateException.class, quads::next);
            assertThrows(IllegalStateException.class, ids::next);
        }
    }

    @Test
    void aSecondOpenOfTheSameStoreFailsNamingIt() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> QuadStore.open(dir));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }

    @Test
    void aTransactionLargerThanItsBufferSpillsToDiskAndCommits() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                for (int i = 0; i < 1000; i++) {
                    w.add(G1, new Iri("http://example.org/s" + i), KNOWS, new Iri("http://example.org/o" + (i % 7)));
                }
                w.remove(q(G1, new Iri("http://example.org/s3"), KNOWS, new Iri("http://example.org/o3")));
                assertEquals(999, w.count(null, null, null, null));
                w.commit();
            }
            assertEquals(999, store.stats().quads());
        }
        try (QuadStore store = QuadStore.open(dir, small()); ReadTxn r = store.beginRead()) {
            assertEquals(999, r.count(null, null, null, null));
            assertEquals(142, r.count(null, null, KNOWS, new Iri("http://example.org/o3")));
        }
    }

    @Test
    void rollingBackASpilledTransactionLeavesNoFilesBehind() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            List<Path> before = files();
            try (WriteTxn w = store.beginWrite()) {
                for (int i = 0; i < 1000; i++) {
                    w.add(G1, new Iri("http://example.org/s" + i), KNOWS, BOB);
                }
                assertNotEquals(before, files());
            }
            assertEquals(before, files());
            try (ReadTxn r = store.beginRead()) {
                assertEquals(0, r.count(null, null, null, null));
            }
        }
    }

    @Test
    void checkpointsMoveCommitsFromTheLogIntoSegments() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            for (int t = 0; t < 20; t++) {
                try (WriteTxn w = store.beginWrite()) {
                    for (int i = 0; i < 50; i++) {
                        w.add(G1, new Iri("http://example.org/s" + t + "-" + i), KNOWS, BOB);
                    }
                    w.commit();
                }
            }
            QuadStoreStats stats = store.stats();
            assertEquals(1000, stats.quads());
            assertTrue(stats.segments() >= 3, stats.toString());
            assertTrue(stats.memtableQuads() < 256 + 50, stats.toString());
        }
        try (QuadStore store = QuadStore.open(dir, small()); ReadTxn r = store.beginRead()) {
            assertEquals(1000, r.count(null, null, null, null));
        }
    }

    @Test
    void compactionReclaimsTheSpaceOfRemovedQuads() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            for (int t = 0; t < 10; t++) {
                try (WriteTxn w = store.beginWrite()) {
                    for (int i = 0; i < 200; i++) {
                        w.add(G1, new Iri("http://example.org/s" + t + "-" + i), KNOWS, BOB);
                    }
                    w.commit();
                }
            }
            store.compact();
            long full = store.stats().bytesOnDisk().get("segments");
            try (WriteTxn w = store.beginWrite()) {
                assertEquals(2000, w.removeAll(null, null, null, null));
                w.commit();
            }
            store.compact();
            QuadStoreStats after = store.stats();
            assertEquals(0, after.quads());
            assertEquals(0, after.segments());
            assertTrue(after.bytesOnDisk().get("segments") < full / 4, after.toString());
        }
    }

    @Test
    void idLevelReadsMatchTheTermLevelOnes() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(G1, ALICE, KNOWS, BOB);
                w.add(G1, BOB, KNOWS, ALICE);
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                long knows = r.termId(KNOWS);
                long alice = r.termId(ALICE);
                assertEquals(QuadStore.NO_ID, r.termId(new Iri("http://never.seen/")));
                QuadIdCursor ids = r.matchIds(QuadStore.ANY, alice, knows, QuadStore.ANY);
                assertTrue(ids.next());
                assertEquals(BOB, r.term(ids.object()));
                assertEquals(G1, r.term(ids.graph()));
                assertFalse(ids.next());
                assertFalse(r.matchIds(QuadStore.ANY, QuadStore.NO_ID, QuadStore.ANY, QuadStore.ANY).next());
            }
        }
    }

    @Test
    void statsReportQuadsAtomsGraphsAndBytesPerFileKind() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                for (int i = 0; i < 300; i++) {
                    w.add(i % 3 == 0 ? DefaultGraph.INSTANCE : G1, new Iri("http://example.org/s" + i), KNOWS, BOB);
                }
                w.commit();
            }
            QuadStoreStats stats = store.stats();
            assertEquals(300, stats.quads());
            assertEquals(2, stats.graphs());
            assertEquals(304, stats.atoms()); // 300 subjects, knows, bob, g1 and the default graph
            assertTrue(stats.bytesOnDisk().get("atoms.data") > 0);
            assertTrue(stats.bytesOnDisk().get("index.SPOG") > 0);
            assertTrue(stats.totalBytesOnDisk() > stats.bytesOnDisk().get("segments"));
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
