package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.io.RdfSyntaxException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.util.IsoMatcher;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every syntax through the bulk path ({@link CinnabarJena#bulkLoad}): the W3C Turtle and TriG tests give the quads
 * and prefixes of Jena's own in-memory parse, bad input names file, line and column and changes nothing, blank nodes
 * are their file's, and the other syntaxes load.
 */
class RiotBulkLoadTest {

    private static final Pattern POSITION = Pattern.compile(":\\d+(:\\d+)?: ");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
            : Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static DatasetGraph copy(DatasetGraph store) {
        DatasetGraph copy = DatasetGraphFactory.create();
        Txn.executeRead(store, () -> store.find().forEachRemaining(copy::add));
        return copy;
    }

    private static DatasetGraph inMemory(Path file, String base, Lang lang) {
        DatasetGraph expected = DatasetGraphFactory.create();
        RDFParser.source(file).base(base).lang(lang).errorHandler(ErrorHandlerFactory.errorHandlerNoLogging)
            .parse(expected);
        return expected;
    }

    private static void assertIsomorphic(DatasetGraph expected, DatasetGraph actual) {
        assertTrue(IsoMatcher.isomorphic(expected, actual), () -> "not isomorphic\nexpected:\n" + dump(expected)
            + "actual:\n" + dump(actual));
    }

    private static String dump(DatasetGraph dsg) {
        StringBuilder out = new StringBuilder();
        dsg.find().forEachRemaining(q -> out.append("  ").append(q).append('\n'));
        return out.toString();
    }

    /** What a failed load must leave as it was: quads, atoms, metadata, and a store that verifies. */
    private record State(Set<Quad> quads, long atoms, Map<String, String> prefixes) {
        static State of(DatasetGraph dataset) throws IOException {
            QuadStore store = ((StoreDatasetGraph) dataset).store();
            Set<Quad> quads = Txn.calculateRead(dataset, () -> {
                Set<Quad> all = new java.util.HashSet<>();
                dataset.find().forEachRemaining(all::add);
                return all;
            });
            store.verify();
            return new State(quads, store.stats().atoms(), Map.copyOf(dataset.prefixes().getMapping()));
        }
    }

    /** Runs a load that must fail with {@code type}, and checks that it changed nothing. */
    private static <T extends Throwable> T failsChangingNothing(DatasetGraph dataset, Class<T> type, Executable load)
        throws IOException {
        State before = State.of(dataset);
        T failure = assertThrows(type, load);
        assertEquals(before, State.of(dataset), "a failed load changes nothing");
        return failure;
    }

    // ------------------------------------------------------------------------------------------------ W3C suites

    @TestFactory
    Stream<DynamicNode> w3cTurtleAndTrigTestsThroughTheBulkPath() {
        Optional<Path> shared = SharedData.dir();
        Assumptions.assumeTrue(shared.isPresent(), SharedData.HINT);
        Path root = shared.get().resolve("data/w3c-rdf-tests/rdf");
        List<DynamicNode> tests = new ArrayList<>();
        for (String version : List.of("rdf11", "rdf12")) {
            for (Lang lang : List.of(Lang.TURTLE, Lang.TRIG)) {
                String suite = lang == Lang.TURTLE ? "rdf-turtle" : "rdf-trig";
                for (W3cManifest.Entry test : W3cManifest.entries(root.resolve(version + "/" + suite
                    + "/manifest.ttl"))) {
                    if (test.type().endsWith("Eval") && !test.type().endsWith("NegativeEval")) {
                        tests.add(DynamicTest.dynamicTest(version + " " + test.name(), () -> positive(test, lang)));
                    } else if (test.type().endsWith("NegativeSyntax") || test.type().endsWith("NegativeEval")) {
                        tests.add(DynamicTest.dynamicTest(version + " " + test.name(), () -> negative(test, lang)));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** An eval test loads in bulk as the quads (and prefixes) of Jena's own parse of the same file. */
    private void positive(W3cManifest.Entry test, Lang lang) throws IOException {
        DatasetGraph expected;
        try {
            expected = inMemory(test.action(), test.baseIri(), lang);
        } catch (RiotException e) {
            Assumptions.abort("RIOT 5.6 rejects this positive test without the store too: " + e.getMessage());
            return;
        }
        DatasetGraph store = CinnabarJena.connect(Files.createTempDirectory(dir, "w3c"));
        try {
            // RDF 1.2 terms included: nothing a positive test holds may be refused
            CinnabarJena.bulkLoad(store, List.of(test.action()), List.of(lang), test.baseIri(),
                BulkLoadOptions.defaults(), null);
            assertIsomorphic(expected, copy(store));
            assertEquals(expected.prefixes().getMapping(), Txn.calculateRead(store, () -> store.prefixes().getMapping()));
        } finally {
            store.close();
        }
    }

    /** A negative test fails in bulk naming file, line (and column), and the store stays exactly as it was. */
    private void negative(W3cManifest.Entry test, Lang lang) throws IOException {
        DatasetGraph store = CinnabarJena.connect(Files.createTempDirectory(dir, "w3c"));
        try {
            Path good = write("good-" + System.nanoTime() + ".ttl", "@prefix ex: <http://example.org/> .\n"
                + "ex:s ex:p [ ex:q 1 ] .\n");
            CinnabarJena.bulkLoad(store, good);
            State before = State.of(store);
            try {
                CinnabarJena.bulkLoad(store, List.of(test.action()), List.of(lang), test.baseIri(),
                    BulkLoadOptions.defaults(), ErrorHandlerFactory.errorHandlerStrictNoLogging);
            } catch (RiotException e) {
                assertEquals(before, State.of(store), "a failed load changes nothing");
                assertTrue(e.getMessage().contains(test.action().toString()), e.getMessage());
                assertTrue(POSITION.matcher(e.getMessage()).find(), "a line and column: " + e.getMessage());
                return;
            }
            try {
                RDFParser.source(test.action()).base(test.baseIri()).lang(lang)
                    .errorHandler(ErrorHandlerFactory.errorHandlerStrictNoLogging).parse(DatasetGraphFactory.create());
            } catch (RiotException e) {
                fail("a negative test loaded in bulk without error, though RIOT rejects it: " + test.action());
            }
            Assumptions.abort("RIOT 5.6 accepts this negative test without the store too: " + test.action());
        } finally {
            store.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ behaviour

    /**
     * The store's files but a grown atom index: after a rollback the atom store keeps using the larger index it
     * built, as a pending file until its next commit (by design, not a leftover of the load).
     */
    private static List<String> storeFiles(Path store) throws IOException {
        try (Stream<Path> list = Files.list(store)) {
            return list.map(file -> file.getFileName().toString())
                .filter(name -> !name.matches("atoms\\.hash\\..*\\.tmp")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumnAndChangesNothing() throws IOException {
        Path good = write("good.ttl", "@prefix ex: <http://example.org/> .\nex:s ex:p \"kept\" .\n");
        Path bad = write("bad.ttl", "@prefix ex: <http://example.org/> .\n@prefix new: <http://example.org/new#> .\n"
            + "ex:a ex:p ex:b .\nex:c ex:p ex:d ex:e .\n");
        try (QuadStore opened = QuadStore.open(dir.resolve("store"))) {
            DatasetGraph store = CinnabarJena.wrap(opened);
            CinnabarJena.bulkLoad(store, good);
            RiotException e = failsChangingNothing(store, RiotException.class, () -> CinnabarJena.bulkLoad(store, bad));
            assertTrue(e.getMessage().startsWith(bad + ":4:"), e.getMessage());
            assertTrue(POSITION.matcher(e.getMessage()).find(), e.getMessage());
        }
    }

    @Test
    void aBadSecondFileCommitsNothingOfTheFirstOrOfAnNTriplesFile() throws IOException {
        Path first = write("first.ttl", "@prefix ex: <http://example.org/> .\nex:s1 ex:p _:b1 .\n");
        Path nt = write("middle.nt", "<http://example.org/s2> <http://example.org/p> \"2\" .\n");
        StringBuilder big = new StringBuilder("@prefix ex: <http://example.org/> .\n");
        for (int i = 0; i < 20_000; i++) { // several blocks and chunks before the error
            big.append("ex:s").append(i).append(" ex:p \"").append(i).append("\" .\n");
        }
        big.append("ex:broken ex:p .\n");
        Path second = write("second.ttl.gz", big.toString());
        Path store = dir.resolve("store");
        try (QuadStore opened = QuadStore.open(store)) {
            DatasetGraph dataset = CinnabarJena.wrap(opened);
            List<String> files = storeFiles(store);
            RiotException e = failsChangingNothing(dataset, RiotException.class, () -> CinnabarJena.bulkLoad(dataset,
                List.of(first, nt, second), List.of(Lang.TURTLE, Lang.NTRIPLES, Lang.TURTLE), null,
                BulkLoadOptions.defaults().withChunkQuads(4096), null));
            assertTrue(e.getMessage().startsWith(second + ":20002:"), e.getMessage());
            assertEquals(files, storeFiles(store), "no chunk files left behind");
        }
    }

    @Test
    void aTermTheLoaderRefusesStopsTheParserAndChangesNothing() throws IOException {
        StringBuilder text = new StringBuilder("@prefix ex: <http://example.org/> .\n");
        for (int i = 0; i < 30_000; i++) { // more than the blocks queued: the parser is waiting when the loader fails
            text.append("ex:s").append(i).append(" ex:p \"").append(i == 15_000 ? "x".repeat(100) : "short")
                .append("\" .\n");
        }
        Path file = write("long.ttl", text.toString());
        try (QuadStore opened = QuadStore.open(dir.resolve("store"))) {
            DatasetGraph dataset = CinnabarJena.wrap(opened);
            RiotException e = failsChangingNothing(dataset, RiotException.class, () -> CinnabarJena.bulkLoad(dataset,
                List.of(file), List.of(Lang.TURTLE), null, BulkLoadOptions.defaults().withMaxTermBytes(64), null));
            assertTrue(e.getMessage().startsWith(file + ": statement 15001: "), e.getMessage());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("cinnabar-riot-parser")), "the parser thread ended");
        }
    }

    @Test
    void aBadNTriplesLineAbortsAMixedLoadWithItsPosition() throws IOException {
        Path ttl = write("a.ttl", "<http://example.org/s> <http://example.org/p> 1 .\n");
        Path nt = write("b.nt", "<http://example.org/s> <http://example.org/p> \"x\" .\n<relative> <p> <o> .\n");
        try (QuadStore opened = QuadStore.open(dir.resolve("store"))) {
            DatasetGraph dataset = CinnabarJena.wrap(opened);
            RdfSyntaxException e = failsChangingNothing(dataset, RdfSyntaxException.class,
                () -> CinnabarJena.bulkLoad(dataset, ttl, nt));
            assertEquals(2, e.line(), e.getMessage());
        }
    }

    @Test
    void theSameBlankNodeLabelInTwoFilesIsTwoBlankNodesAndOneFileKeepsItsOwn() throws IOException {
        String text = "@prefix ex: <http://example.org/> .\n_:b ex:p 1 .\n_:b ex:q 2 .\n[] ex:r ( 1 ) .\n";
        Path a = write("a.ttl", text);
        Path b = write("b.ttl", text);
        DatasetGraph dataset = CinnabarJena.connect(dir.resolve("store"));
        try {
            BulkLoadResult result = CinnabarJena.bulkLoad(dataset, a, b);
            assertEquals(2, result.files());
            assertEquals(10, result.quadsAdded(), "nothing merged across the files");
            DatasetGraph expected = DatasetGraphFactory.create();
            RDFParser.source(a).parse(expected);
            RDFParser.source(b).parse(expected);
            DatasetGraph actual = copy(dataset);
            assertIsomorphic(expected, actual);
            Node p = NodeFactory.createURI("http://example.org/p");
            Node q = NodeFactory.createURI("http://example.org/q");
            Set<Node> subjects = new java.util.HashSet<>();
            actual.find(Node.ANY, Node.ANY, p, Node.ANY).forEachRemaining(quad -> subjects.add(quad.getSubject()));
            assertEquals(2, subjects.size(), "one _:b per file");
            actual.find(Node.ANY, Node.ANY, q, Node.ANY).forEachRemaining(quad -> assertTrue(subjects.contains(
                quad.getSubject()), "_:b is one node within its file"));
        } finally {
            dataset.close();
        }
    }

    @Test
    void rdfXmlJsonLdRdfJsonAndTrixFilesLoadAsJenaReadsThem() throws IOException {
        Path rdfXml = write("a.rdf", """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
              <rdf:Description rdf:about="http://example.org/cat">
                <ex:name xml:lang="en">Tom</ex:name>
                <ex:friend><rdf:Description rdf:nodeID="n 1"><ex:age>3</ex:age></rdf:Description></ex:friend>
                <ex:toy rdf:parseType="Resource"><ex:colour>red</ex:colour></ex:toy>
              </rdf:Description>
            </rdf:RDF>
            """);
        Path jsonLd = write("b.jsonld", """
            {"@context": {"ex": "http://example.org/"},
             "@id": "ex:dog", "ex:age": {"@value": "5", "@type": "http://www.w3.org/2001/XMLSchema#integer"},
             "ex:friend": {"ex:name": "Rex"}}
            """);
        Path rdfJson = write("c.rj", """
            {"http://example.org/bird": {"http://example.org/p": [{"type": "bnode", "value": "_:x"}]}}
            """);
        Path trix = write("d.trix", """
            <TriX xmlns="http://www.w3.org/2004/03/trix/trix-1/">
              <graph><uri>http://example.org/g</uri>
                <triple><id>odd label</id><uri>http://example.org/p</uri><plainLiteral>v</plainLiteral></triple>
              </graph>
            </TriX>
            """);
        DatasetGraph dataset = CinnabarJena.connect(dir.resolve("store"));
        try {
            CinnabarJena.bulkLoad(dataset, rdfXml, jsonLd, rdfJson, trix);
            DatasetGraph expected = DatasetGraphFactory.create();
            for (Path file : List.of(rdfXml, jsonLd, rdfJson, trix)) {
                RDFParser.source(file).parse(expected);
            }
            DatasetGraph actual = copy(dataset);
            assertIsomorphic(expected, actual);
            assertEquals(10, actual.stream().count());
            Txn.executeRead(dataset, () -> RDFParser.fromString(exportedNQuads(dataset)).lang(Lang.NQUADS)
                .parse(DatasetGraphFactory.create())); // every blank node label has an N-Quads form
        } finally {
            dataset.close();
        }
    }

    private static String exportedNQuads(DatasetGraph dataset) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        QuadStore store = ((StoreDatasetGraph) dataset).store();
        try (var read = store.beginRead(); var writer = new dev.cinnabar.quadstore.io.NQuadsWriter(out)) {
            read.match(null, null, null, null).forEach(quad -> {
                try {
                    writer.write(quad);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prefixesCommitWithTheLoadAndRdf12TermsLoad() throws IOException {
        Path ttl = write("p.ttl", "@prefix ex: <http://example.org/> .\n@prefix : <http://example.org/empty#> .\n"
            + "ex:s ex:p :o .\n");
        Path rdf12 = write("t.ttl", "@prefix ex: <http://example.org/> .\n@prefix t: <http://example.org/t#> .\n"
            + "ex:s ex:r <<( _:b ex:b <<( ex:a ex:b \"x\"@en--rtl )>> )>> .\nex:s ex:q <<( _:b ex:b ex:c )>> .\n");
        DatasetGraph dataset = CinnabarJena.connect(dir.resolve("store"));
        try {
            CinnabarJena.bulkLoad(dataset, ttl);
            assertEquals(Map.of("ex", "http://example.org/", "", "http://example.org/empty#"),
                Txn.calculateRead(dataset, () -> dataset.prefixes().getMapping()));
            CinnabarJena.bulkLoad(dataset, rdf12);
            assertEquals(Map.of("ex", "http://example.org/", "", "http://example.org/empty#", "t",
                "http://example.org/t#"), Txn.calculateRead(dataset, () -> dataset.prefixes().getMapping()));
            assertIsomorphic(inMemory(rdf12, null, Lang.TURTLE), copyDefaultGraphOf(dataset, "http://example.org/r",
                "http://example.org/q"));
        } finally {
            dataset.close();
        }
    }

    /** The default graph's triples of the given predicates, as an in-memory dataset. */
    private static DatasetGraph copyDefaultGraphOf(DatasetGraph dataset, String... predicates) {
        DatasetGraph out = DatasetGraphFactory.create();
        Txn.executeRead(dataset, () -> {
            for (String predicate : predicates) {
                dataset.find(Quad.defaultGraphIRI, Node.ANY, NodeFactory.createURI(predicate), Node.ANY)
                    .forEachRemaining(out::add);
            }
        });
        return out;
    }
}
