package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

/** The bulk loader fed term by term ({@link BulkLoader}), alone and mixed with N-Triples files. */
class BulkLoaderTest {

    @TempDir
    Path dir;

    private static final String EX = "http://example.org/";
    private static final Iri XSD_DATE = new Iri("http://www.w3.org/2001/XMLSchema#date");

    private static Iri iri(String local) {
        return new Iri(EX + local);
    }

    private static Set<Quad> all(QuadStore store) {
        try (ReadTxn read = store.beginRead(); Stream<Quad> quads = read.match(null, null, null, null)) {
            return quads.collect(Collectors.toSet());
        }
    }

    private List<String> storeFiles(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static void commitOne(QuadStore store) throws IOException {
        try (WriteTxn txn = store.beginWrite()) {
            txn.add(DefaultGraph.INSTANCE, iri("kept"), iri("p"), Literal.of("x"));
            txn.putMetadata("k", "before");
            txn.commit();
        }
    }

    @Test
    void addedTermsAndFilesCommitTogetherWithMetadata() throws IOException {
        Path nt = dir.resolve("a.nt");
        Files.writeString(nt, "<http://example.org/s> <http://example.org/p> _:b1 .\n");
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            BulkLoadResult result;
            try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults().withChunkQuads(2))) {
                loader.add(iri("g"), iri("s"), iri("p"), Literal.typed("2024-01-01", XSD_DATE));
                loader.add(DefaultGraph.INSTANCE, iri("s"), iri("p"), Literal.lang("chat", "FR"));
                loader.add(DefaultGraph.INSTANCE, iri("s"), iri("p"), Literal.of("plain"));
                loader.add(DefaultGraph.INSTANCE, iri("s"), iri("p"), Literal.of("plain")); // a duplicate
                loader.load(List.of(nt));
                loader.putMetadata("k", "v");
                loader.countInput(1, 100);
                try (ReadTxn read = store.beginRead()) {
                    assertEquals(0, read.match(null, null, null, null).count(), "nothing visible before commit");
                }
                result = loader.commit();
            }
            assertEquals(2, result.files());
            assertEquals(5, result.statements());
            assertEquals(4, result.quadsAdded());
            assertEquals(Files.size(nt) + 100, result.bytesRead());
            Set<Quad> quads = all(store);
            assertTrue(quads.contains(new Quad(iri("g"), iri("s"), iri("p"), Literal.typed("2024-01-01", XSD_DATE))));
            assertTrue(quads.contains(Quad.of(iri("s"), iri("p"), Literal.lang("chat", "fr"))));
            assertEquals(4, quads.size());
            try (ReadTxn read = store.beginRead()) {
                assertEquals("v", read.metadata().get("k"));
            }
            store.verify();
        }
    }

    @Test
    void closingWithoutCommitLeavesTheStoreAndItsFilesAsTheyWere() throws IOException {
        Path path = dir.resolve("store");
        try (QuadStore store = QuadStore.open(path)) {
            commitOne(store);
        }
        List<String> before = storeFiles(path);
        try (QuadStore store = QuadStore.open(path)) {
            long atoms = store.stats().atoms();
            Set<Quad> quads = all(store);
            try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults().withChunkQuads(10))) {
                for (int i = 0; i < 100; i++) { // ten chunk segments written
                    loader.add(DefaultGraph.INSTANCE, iri("s" + i), iri("p"), Literal.of("v" + i));
                }
                loader.putMetadata("k", "changed");
                assertNotEquals(before, storeFiles(path), "chunk files were written");
            }
            assertEquals(quads, all(store));
            assertEquals(atoms, store.stats().atoms());
            try (ReadTxn read = store.beginRead()) {
                assertEquals("before", read.metadata().get("k"));
            }
            store.verify();
        }
        assertEquals(before, storeFiles(path), "no chunk files left behind");
        try (QuadStore store = QuadStore.open(path)) {
            long atoms = store.stats().atoms();
            try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults())) {
                loader.add(DefaultGraph.INSTANCE, iri("s"), iri("p"), Literal.of("never committed"));
            }
            try (WriteTxn txn = store.beginWrite()) { // would commit atoms the loader left behind
                txn.add(DefaultGraph.INSTANCE, iri("kept"), iri("p"), iri("new"));
                txn.commit();
            }
            assertEquals(atoms + 1, store.stats().atoms(), "only the transaction's one new term");
        }
    }

    @Test
    void aFailedAddLeavesOnlyCloseAndCommitsNothing() throws IOException {
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            commitOne(store);
            long atoms = store.stats().atoms();
            try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults().withMaxTermBytes(24))) {
                loader.add(DefaultGraph.INSTANCE, iri("s"), iri("p"), Literal.of("fine"));
                IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> loader.add(
                    DefaultGraph.INSTANCE, iri("s"), iri("p"), Literal.of("a lexical form over twenty-four bytes")));
                assertTrue(tooLong.getMessage().contains("24"), tooLong.getMessage());
                assertThrows(IllegalStateException.class, loader::commit, "only close is left");
            }
            IllegalArgumentException literalSubject;
            try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults())) {
                literalSubject = assertThrows(IllegalArgumentException.class,
                    () -> loader.add(DefaultGraph.INSTANCE, Literal.of("x"), iri("p"), iri("o")));
            }
            assertTrue(literalSubject.getMessage().contains("subject"), literalSubject.getMessage());
            assertEquals(Set.of(Quad.of(iri("kept"), iri("p"), Literal.of("x"))), all(store));
            assertEquals(atoms, store.stats().atoms());
            store.verify();
        }
    }

    @Test
    void blankNodeScopesAreDistinctAndLabelsAreKeptAsGiven() throws IOException {
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            Set<String> scopes = new HashSet<>();
            try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults())) {
                for (int i = 0; i < 3; i++) {
                    String scope = loader.newBlankNodeScope();
                    assertTrue(scopes.add(scope), "scope " + scope + " handed out twice");
                    loader.add(DefaultGraph.INSTANCE, new BlankNode(scope + "b1"), iri("p"), iri("o"));
                }
                loader.add(DefaultGraph.INSTANCE, new BlankNode("given"), iri("p"), iri("o"));
                loader.commit();
            }
            Set<Term> subjects = all(store).stream().map(Quad::subject).collect(Collectors.toSet());
            assertEquals(4, subjects.size());
            assertTrue(subjects.contains(new BlankNode("given")));
        }
    }

    @Test
    void theLoaderHoldsTheWriterLockUntilItEnds() throws Exception {
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults())) {
                loader.add(DefaultGraph.INSTANCE, iri("s"), iri("p"), iri("o"));
                assertThrows(IllegalStateException.class, store::beginWrite, "the same thread would deadlock");
                ExecutionException busy = assertThrows(ExecutionException.class, () -> CompletableFuture.runAsync(
                    () -> {
                        try {
                            store.beginWrite(Duration.ofMillis(50)).close();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }).get());
                assertTrue(busy.getCause() instanceof WriterBusyException, busy.toString());
                ExecutionException otherThread = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(() -> {
                        try {
                            loader.add(DefaultGraph.INSTANCE, iri("s2"), iri("p"), iri("o"));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).get());
                assertTrue(otherThread.getCause() instanceof IllegalStateException, otherThread.toString());
                loader.commit();
            }
            try (WriteTxn txn = store.beginWrite(Duration.ofSeconds(5))) {
                assertEquals(1, txn.match(null, null, null, null).count());
            }
        }
    }
}
