package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;

/** {@link QuadReader#estimate}: exact for small patterns, close for large ones, from every source of quads. */
class PatternEstimateTest {

    private static final long ANY = QuadStore.ANY;
    private static final Iri TYPE = new Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    private static final Iri KNOWS = new Iri("http://example.org/knows");

    @TempDir
    Path dir;

    /** {@code people} subjects, each with a type (one of {@code classes}) and three knows links. */
    private static void people(QuadStore store, int people, int classes) throws IOException {
        try (WriteTxn w = store.beginWrite()) {
            for (int i = 0; i < people; i++) {
                Iri person = new Iri("http://example.org/person" + i);
                w.add(new Quad(DefaultGraph.INSTANCE, person, TYPE, new Iri("http://example.org/Class" + i % classes)));
                for (int k = 1; k <= 3; k++) {
                    w.add(new Quad(DefaultGraph.INSTANCE, person, KNOWS,
                        new Iri("http://example.org/person" + (i + k) % people)));
                }
            }
            w.commit();
        }
    }

    @Test
    void aSmallPatternIsCountedExactlyWithItsDistinctValues() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            people(store, 100, 7);
            try (ReadTxn read = store.beginRead()) {
                PatternEstimate type = read.estimate(ANY, ANY, read.termId(TYPE), ANY);
                assertTrue(type.exact());
                assertEquals(100, type.quads());
                assertEquals(100, type.distinct(IndexOrder.S));
                assertEquals(1, type.distinct(IndexOrder.P));
                assertEquals(7, type.distinct(IndexOrder.O));
                PatternEstimate one = read.estimate(ANY, read.termId(new Iri("http://example.org/person5")), ANY, ANY);
                assertEquals(4, one.quads());
                assertEquals(2, one.distinct(IndexOrder.P));
            }
        }
    }

    @Test
    void aLargePredicateIsEstimatedExactlyFromTheStatistics() throws IOException {
        int people = 20_000;
        try (QuadStore store = QuadStore.open(dir)) {
            people(store, people, 13);
            store.checkpoint();
            try (ReadTxn read = store.beginRead()) {
                PatternEstimate knows = read.estimate(ANY, ANY, read.termId(KNOWS), ANY);
                assertTrue(knows.exact());
                assertEquals(3L * people, knows.quads());
                assertEquals(people, knows.distinct(IndexOrder.S));
                assertEquals(people, knows.distinct(IndexOrder.O));
                PatternEstimate one = read.estimate(ANY, ANY, read.termId(TYPE), read.termId(
                    new Iri("http://example.org/Class3")));
                assertEquals(people / 13 + 1, one.quads()); // people 3, 16, ... 19995
                assertEquals(one.quads(), one.distinct(IndexOrder.S));
            }
        }
    }

    /** A pattern binding the graph as well as the predicate: from the block index and samples. */
    @Test
    void aLargePatternInSegmentsIsEstimatedWithinAFactorOfTwo() throws IOException {
        int people = 20_000;
        try (QuadStore store = QuadStore.open(dir)) {
            people(store, people, 13);
            store.checkpoint(); // into a segment: the block-index path
            try (ReadTxn read = store.beginRead()) {
                long graph = read.termId(DefaultGraph.INSTANCE);
                PatternEstimate knows = read.estimate(graph, ANY, read.termId(KNOWS), ANY);
                assertFalse(knows.exact());
                assertWithinTwice(3L * people, knows.quads(), "knows quads");
                assertWithinTwice(people, knows.distinct(IndexOrder.O), "distinct objects of knows");
                PatternEstimate type = read.estimate(graph, ANY, read.termId(TYPE), ANY);
                assertWithinTwice(people, type.quads(), "type quads");
                assertWithinTwice(13, type.distinct(IndexOrder.O), "classes");
                PatternEstimate all = read.estimate(ANY, ANY, ANY, ANY);
                assertWithinTwice(4L * people, all.quads(), "all quads");
            }
        }
    }

    @Test
    void aLargePatternInTheMemtableIsEstimatedWithinAFactorOfTwo() throws IOException {
        int people = 5_000;
        try (QuadStore store = QuadStore.open(dir)) {
            people(store, people, 3);
            try (ReadTxn read = store.beginRead()) {
                PatternEstimate knows = read.estimate(ANY, ANY, read.termId(KNOWS), ANY);
                assertWithinTwice(3L * people, knows.quads(), "knows quads");
            }
        }
    }

    @Test
    void theWriterSeesItsOwnQuadsAndASnapshotDoesNot() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            people(store, 10, 2);
            try (WriteTxn w = store.beginWrite()) {
                Iri extra = new Iri("http://example.org/extra");
                w.add(new Quad(DefaultGraph.INSTANCE, extra, TYPE, new Iri("http://example.org/Class0")));
                long type = w.termId(TYPE);
                assertEquals(11, w.estimate(ANY, ANY, type, ANY).quads());
                try (ReadTxn read = store.beginRead()) {
                    assertEquals(10, read.estimate(ANY, ANY, type, ANY).quads());
                }
            }
        }
    }

    @Test
    void aTermTheStoreDoesNotHoldMatchesNothing() throws IOException {
        try (QuadStore store = QuadStore.open(dir)) {
            people(store, 10, 2);
            try (ReadTxn read = store.beginRead()) {
                PatternEstimate none = read.estimate(ANY, read.termId(Literal.of("absent")), ANY, ANY);
                assertEquals(0, none.quads());
                assertTrue(none.exact());
            }
        }
    }

    private static void assertWithinTwice(long expected, long actual, String what) {
        assertTrue(actual >= expected / 2 && actual <= expected * 2,
            what + ": estimated " + actual + ", actual " + expected);
    }
}
