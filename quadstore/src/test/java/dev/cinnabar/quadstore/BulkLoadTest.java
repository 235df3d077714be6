package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.io.RdfSyntaxException;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

class BulkLoadTest {

    @TempDir
    Path dir;

    private static final String EX = "http://example.org/";
    private static final Iri XSD_INTEGER = new Iri("http://www.w3.org/2001/XMLSchema#integer");

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(file, content);
        }
        return file;
    }

    private static Set<Quad> all(QuadStore store) {
        try (ReadTxn read = store.beginRead(); Stream<Quad> quads = read.match(null, null, null, null)) {
            return quads.collect(Collectors.toSet());
        }
    }

    private static Iri iri(String local) {
        return new Iri(EX + local);
    }

    private List<Path> storeFiles(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            return files.map(Path::getFileName).map(Path::toString).sorted().map(Path::of).toList();
        }
    }

    @Test
    void loadsNTriplesAndGzippedNQuadsWithEveryKindOfTerm() throws IOException {
        Path nt = write("a.nt", """
            <http://example.org/s> <http://example.org/p> "plain" .
            <http://example.org/s> <http://example.org/p> "chat"@fr-CA .
            <http://example.org/s> <http://example.org/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://example.org/s> <http://example.org/p> "s"^^<http://www.w3.org/2001/XMLSchema#string> .
            # a comment, then a blank line

            <http://example.org/s> <http://example.org/p> "tab\\there \\u00E9\\U0001F600" .
            """);
        Path nq = write("b.nq.gz", """
            <http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g> .
            <http://example.org/s> <http://example.org/p> <http://example.org/o> .
            """);
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            BulkLoadResult result = store.bulkLoad(List.of(nt, nq), BulkLoadOptions.defaults());
            assertEquals(7, result.statements());
            assertEquals(7, result.quadsAdded());
            Term s = iri("s");
            Term p = iri("p");
            assertEquals(Set.of(
                new Quad(DefaultGraph.INSTANCE, s, p, Literal.of("plain")),
                new Quad(DefaultGraph.INSTANCE, s, p, Literal.lang("chat", "fr-CA")),
                new Quad(DefaultGraph.INSTANCE, s, p, Literal.typed("42", XSD_INTEGER)),
                new Quad(DefaultGraph.INSTANCE, s, p, Literal.of("s")),
                new Quad(DefaultGraph.INSTANCE, s, p, Literal.of("tab\there \u00E9\uD83D\uDE00")),
                new Quad(iri("g"), s, p, iri("o")),
                new Quad(DefaultGraph.INSTANCE, s, p, iri("o"))), all(store));
            assertEquals(7, store.stats().quads());
            store.verify();
        }
    }

    @Test
    void loadsTripleTermsAndDirectionsAsOneAtomEachAsTransactionsDo() throws IOException {
        Path nt = write("rdf12.nt", """
            <http://example.org/s> <http://example.org/p> <<( _:b1 <http://example.org/p> "x"@EN--rtl )>> .
            <http://example.org/s> <http://example.org/q> <<( _:b1 <http://example.org/p> "x"@en--rtl )>> .
            <http://example.org/s> <http://example.org/p> <<( <http://example.org/s> <http://example.org/p> \
            <<( <http://example.org/s> <http://example.org/p> "1"^^<http://example.org/dt> )>> )>> .
            <http://example.org/s> <http://example.org/p> "y\\n"@ar--ltr .
            """);
        Iri s = iri("s");
        Iri p = iri("p");
        TripleTerm inner = new TripleTerm(s, p, Literal.typed("1", iri("dt")));
        TripleTerm outer = new TripleTerm(s, p, inner);
        Literal ltr = Literal.dirLang("y\n", "ar", Literal.Direction.LTR);
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            assertEquals(4, store.bulkLoad(List.of(nt), BulkLoadOptions.defaults()).quadsAdded());
            Set<Quad> all = all(store);
            assertTrue(all.contains(Quad.of(s, p, outer)), all::toString);
            assertTrue(all.contains(Quad.of(s, p, ltr)), all::toString);
            Set<Term> withBlank = all.stream().map(Quad::object)
                .filter(o -> o instanceof TripleTerm t && t.subject() instanceof BlankNode).collect(Collectors.toSet());
            assertEquals(1, withBlank.size(), "one triple term, its blank node scoped to the file: " + withBlank);
            try (WriteTxn w = store.beginWrite()) { // the transaction path finds the atoms the load interned
                long before = store.stats().atoms();
                w.add(DefaultGraph.INSTANCE, iri("s2"), p, outer);
                w.add(DefaultGraph.INSTANCE, iri("s2"), p, ltr);
                w.commit();
                assertEquals(before + 1, store.stats().atoms(), "only <s2> is new");
            }
            store.verify();
        }
    }

    @Test
    void languageTagsDifferingOnlyInCaseAreOneTermAsInTransactions() throws IOException {
        Path nt = write("tags.nt", """
            <http://example.org/s> <http://example.org/p> "chat"@FR-ca .
            <http://example.org/s> <http://example.org/p> "chat"@fr-CA .
            """);
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            assertEquals(1, store.bulkLoad(List.of(nt), BulkLoadOptions.defaults()).quadsAdded());
            try (ReadTxn r = store.beginRead()) {
                assertTrue(r.contains(Quad.of(iri("s"), iri("p"), Literal.lang("chat", "fr-ca"))));
                assertEquals(r.termId(Literal.lang("chat", "FR-CA")), r.termId(Literal.lang("chat", "fr-ca")));
            }
        }
    }

    @Test
    void duplicateQuadsAcrossLinesChunksAndFilesAreStoredOnce() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            text.append("<http://example.org/s").append(i % 100).append("> <http://example.org/p> <http://example.org/o")
                .append(i % 100 % 7).append("> .\n");
        }
        Path a = write("a.nt", text.toString());
        Path b = write("b.nt", text.toString());
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            BulkLoadResult result = store.bulkLoad(List.of(a, b), BulkLoadOptions.defaults().withChunkQuads(37));
            assertEquals(1000, result.statements());
            assertEquals(100, result.quadsAdded()); // a line's quad depends on i % 100 only
            assertEquals(100, store.stats().quads());
            assertEquals(1, store.stats().segments(), "chunks are merged into one segment");
            assertEquals(100, all(store).size());
            store.verify();
        }
    }

    @Test
    void blankNodeLabelsAreScopedToOneFile() throws IOException {
        Path a = write("a.nt", "_:b1 <http://example.org/p> \"a\" .\n_:b1 <http://example.org/q> \"a\" .\n");
        Path b = write("b.nt", "_:b1 <http://example.org/p> \"b\" .\n");
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            store.bulkLoad(List.of(a, b), BulkLoadOptions.defaults());
            Set<Term> subjects = all(store).stream().map(Quad::subject).collect(Collectors.toSet());
            assertEquals(2, subjects.size(), "one blank node per file: " + subjects);
            assertTrue(subjects.stream().allMatch(t -> t instanceof BlankNode));
        }
    }

    @Test
    void strictModeAbortsAtTheFirstBadLineNamingItAndChangesNothing() throws IOException {
        Path store = dir.resolve("store");
        try (QuadStore quads = QuadStore.open(store)) {
            try (WriteTxn txn = quads.beginWrite()) {
                txn.add(DefaultGraph.INSTANCE, iri("kept"), iri("p"), Literal.of("x"));
                txn.commit();
            }
        }
        List<Path> before = storeFiles(store);
        Path bad = write("bad.nt", """
            <http://example.org/s1> <http://example.org/p> "1" .
            <http://example.org/s2> <http://example.org/p> "2" .
            <> <http://example.org/p> "relative" .
            <http://example.org/s3> <http://example.org/p> "3" .
            """);
        try (QuadStore quads = QuadStore.open(store)) {
            long atoms = quads.stats().atoms();
            RdfSyntaxException e = assertThrows(RdfSyntaxException.class,
                () -> quads.bulkLoad(List.of(bad), BulkLoadOptions.defaults().withChunkQuads(1)));
            assertEquals(3, e.line(), e.getMessage());
            assertTrue(e.getMessage().contains("bad.nt"), e.getMessage());
            assertEquals(Set.of(new Quad(DefaultGraph.INSTANCE, iri("kept"), iri("p"), Literal.of("x"))), all(quads));
            assertEquals(atoms, quads.stats().atoms());
            quads.verify();
        }
        assertEquals(before, storeFiles(store), "no files left behind");
    }

    @Test
    void skipModeSkipsCountsAndReportsBadLines() throws IOException {
        Path lubmLike = write("lubm.nt", """
            <> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Ontology> .
            <http://example.org/s1> <http://example.org/p> "1" .
            <> <http://www.w3.org/2002/07/owl#imports> <http://example.org/onto> .
            <http://example.org/s2> <http://example.org/p> "2" .
            """);
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            BulkLoadResult result = store.bulkLoad(List.of(lubmLike), BulkLoadOptions.defaults().withSkipBadLines(true));
            assertEquals(2, result.badLines());
            assertEquals(2, result.quadsAdded());
            assertEquals(2, result.badLineReports().size());
            assertTrue(result.badLineReports().get(0).contains("lubm.nt:1"), result.badLineReports().toString());
            assertTrue(result.badLineReports().get(1).contains("lubm.nt:3"), result.badLineReports().toString());
        }
    }

    @Test
    void loadingIntoAStoreCountsOnlyQuadsItDidNotHold() throws IOException {
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            try (WriteTxn txn = store.beginWrite()) {
                for (int i = 0; i < 10; i++) {
                    txn.add(DefaultGraph.INSTANCE, iri("s" + i), iri("p"), iri("o"));
                }
                txn.commit();
            }
            StringBuilder text = new StringBuilder();
            for (int i = 5; i < 25; i++) {
                text.append("<http://example.org/s").append(i).append("> <http://example.org/p> <http://example.org/o> .\n");
            }
            BulkLoadResult result = store.bulkLoad(List.of(write("more.nt", text.toString())),
                BulkLoadOptions.defaults().withChunkQuads(6));
            assertEquals(15, result.quadsAdded());
            assertEquals(25, store.stats().quads());
            assertEquals(25, all(store).size());
            store.verify();
        }
    }

    @Test
    void progressIsReportedUpToTheWholeInput() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30000; i++) {
            text.append("<http://example.org/s").append(i).append("> <http://example.org/p> \"v\" .\n");
        }
        Path file = write("big.nt.gz", text.toString());
        AtomicLong lastBytes = new AtomicLong();
        AtomicLong lastStatements = new AtomicLong();
        AtomicLong total = new AtomicLong();
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            store.bulkLoad(List.of(file), BulkLoadOptions.defaults().withProgress((bytes, totalBytes, statements) -> {
                lastBytes.set(bytes);
                total.set(totalBytes);
                lastStatements.set(statements);
            }));
        }
        assertEquals(Files.size(file), total.get());
        assertEquals(Files.size(file), lastBytes.get());
        assertEquals(30000, lastStatements.get());
    }

    @Test
    void verifyReportsADamagedSegmentNamingIt() throws IOException {
        Path store = dir.resolve("store");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append("<http://example.org/s").append(i).append("> <http://example.org/p> \"").append(i % 13)
                .append("\" .\n");
        }
        Path file = write("data.nt", text.toString());
        try (QuadStore quads = QuadStore.open(store)) {
            quads.bulkLoad(List.of(file), BulkLoadOptions.defaults());
            assertTrue(quads.verify().size() >= 4);
        }
        Path segment;
        try (Stream<Path> files = Files.list(store)) {
            segment = files.filter(f -> f.toString().endsWith(QuadStore.SEGMENT_SUFFIX)).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(segment, bytes);
        try (QuadStore quads = QuadStore.open(store)) {
            dev.cinnabar.storage.CorruptStoreException e = assertThrows(dev.cinnabar.storage.CorruptStoreException.class,
                quads::verify);
            assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void verifyFindsIndexesThatDisagree() throws IOException {
        Path store = dir.resolve("store");
        try (QuadStore quads = QuadStore.open(store, QuadStoreOptions.defaults().withAutoCompaction(false))) {
            try (WriteTxn txn = quads.beginWrite()) {
                txn.add(DefaultGraph.INSTANCE, iri("a"), iri("p"), iri("b"));
                txn.add(DefaultGraph.INSTANCE, iri("b"), iri("p"), iri("c"));
                txn.commit();
            }
            quads.compact();
        }
        Path segment;
        try (Stream<Path> files = Files.list(store)) {
            segment = files.filter(f -> f.toString().endsWith(QuadStore.SEGMENT_SUFFIX)).findFirst().orElseThrow();
        }
        // Rewrite the segment with one quad different in the POSG order only: same counts, other content.
        try (dev.cinnabar.quadstore.index.Segment original = dev.cinnabar.quadstore.index.Segment.open(segment)) {
            Path forged = dir.resolve("forged.seg");
            try (dev.cinnabar.quadstore.index.SegmentWriter writer = dev.cinnabar.quadstore.index.SegmentWriter.create(
                dev.cinnabar.storage.StorageIo.system(), forged, 4096)) {
                for (dev.cinnabar.quadstore.index.IndexOrder order : dev.cinnabar.quadstore.index.IndexOrder.values()) {
                    writer.beginOrder(order);
                    dev.cinnabar.quadstore.index.EntryCursor entries = original.cursor(order, new long[4], 0);
                    boolean first = true;
                    while (entries.next()) {
                        long last = entries.key(3);
                        if (first && order == dev.cinnabar.quadstore.index.IndexOrder.POSG) {
                            last += 1000; // another graph id
                        }
                        first = false;
                        writer.append(entries.key(0), entries.key(1), entries.key(2), last, false);
                    }
                    writer.endOrder();
                }
                writer.finish();
            }
            Files.move(forged, segment, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (QuadStore quads = QuadStore.open(store)) {
            dev.cinnabar.storage.CorruptStoreException e = assertThrows(dev.cinnabar.storage.CorruptStoreException.class,
                quads::verify);
            assertTrue(e.getMessage().contains("POSG"), e.getMessage());
        }
    }

    @Test
    void aLoadKilledMidwayLeavesTheStoreAsItWasAndItsLeftoversAreRemovedOnOpen() throws Exception {
        Path store = dir.resolve("store");
        try (QuadStore quads = QuadStore.open(store)) {
            try (WriteTxn txn = quads.beginWrite()) {
                txn.add(DefaultGraph.INSTANCE, iri("kept"), iri("p"), Literal.of("x"));
                txn.commit();
            }
        }
        List<Path> before = storeFiles(store);
        Path big = dir.resolve("big.nt");
        try (var out = Files.newBufferedWriter(big)) {
            for (int i = 0; i < 1_500_000; i++) {
                out.write("<http://example.org/s" + i + "> <http://example.org/p" + (i % 5) + "> \"value " + i
                    + "\" .\n");
            }
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            BulkLoadMain.class.getName(), store.toString(), big.toString()).redirectErrorStream(true).start();
        String firstLine = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8)).readLine();
        assertEquals("loading", firstLine);
        // Kill while chunks are being written (a chunk is 64K quads in the child).
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (segmentFiles(store) < 2 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(child.isAlive(), "the load must still be running when killed");
        child.destroyForcibly().waitFor();
        try (QuadStore quads = QuadStore.open(store)) {
            assertEquals(Set.of(new Quad(DefaultGraph.INSTANCE, iri("kept"), iri("p"), Literal.of("x"))), all(quads));
            quads.verify();
        }
        assertEquals(before, storeFiles(store), "leftover segments are removed by open");
    }

    private static long segmentFiles(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(f -> f.toString().endsWith(QuadStore.SEGMENT_SUFFIX)).count();
        }
    }
}
