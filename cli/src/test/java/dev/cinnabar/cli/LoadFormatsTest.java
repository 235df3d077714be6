package dev.cinnabar.cli;

import static dev.cinnabar.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;
import org.apache.jena.system.Txn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.util.IsoMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cinnabar.cli.CliTest.Run;

/**
 * {@code cinnabar load} of the syntaxes RIOT reads: each fixture in {@code formats/} loads, and the store's export is
 * isomorphic to the fixture's hand-written N-Quads ({@code NAME.nq}), blank nodes renamed.
 */
class LoadFormatsTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(LoadFormatsTest.class.getResource("formats/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** N-Quads text as a Jena dataset, to compare up to blank node names. */
    static DatasetGraph dataset(String nquads) {
        DatasetGraph dataset = DatasetGraphFactory.createTxnMem();
        RDFParser.create().source(new ByteArrayInputStream(nquads.getBytes(StandardCharsets.UTF_8)))
            .lang(Lang.NQUADS).parse(dataset);
        return dataset;
    }

    private DatasetGraph exported(Path store) {
        Run export = run("export", "--store", store.toString());
        assertEquals(0, export.code(), export::toString);
        return dataset(export.out());
    }

    static void assertIsomorphic(DatasetGraph expected, DatasetGraph actual) {
        assertTrue(IsoMatcher.isomorphic(expected, actual),
            () -> "expected\n" + nquads(expected) + "but the store holds\n" + nquads(actual));
    }

    static String nquads(DatasetGraph dataset) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        RDFDataMgr.write(out, dataset, Lang.NQUADS);
        return out.toString(StandardCharsets.UTF_8);
    }

    private long count(Path store) {
        Run count = run("query", "--store", store.toString(), "--count");
        assertEquals(0, count.code(), count::toString);
        return Long.parseLong(count.out().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"people.ttl", "graphs.trig", "cats.rdf", "books.jsonld"})
    void aFileLoadsAsTheQuadsItsSyntaxMeans(String name) throws IOException {
        Path store = dir.resolve("store");
        Run load = run("load", "--store", store.toString(), "--progress", "none", fixture(name).toString());
        assertEquals(0, load.code(), load::toString);
        DatasetGraph expected = dataset(Files.readString(fixture(name + ".nq")));
        assertTrue(load.out().contains("quads added: " + expected.stream().count()), load::toString);
        assertIsomorphic(expected, exported(store));
    }

    @Test
    void everyFileOfOneLoadGoesInTogetherGzippedOrNot() throws IOException {
        Path store = dir.resolve("store");
        Path gzipped = dir.resolve("graphs.trig.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(Files.readAllBytes(fixture("graphs.trig")));
        }
        Path triples = Files.writeString(dir.resolve("more.nt"),
            "<http://example.org/n> <http://example.org/p> \"from N-Triples\" .\n");
        Run load = run("load", "--store", store.toString(), "--progress", "none", fixture("people.ttl").toString(),
            gzipped.toString(), fixture("cats.rdf").toString(), fixture("books.jsonld").toString(),
            triples.toString());
        assertEquals(0, load.code(), load::toString);
        assertTrue(load.out().contains("Loaded 5 files"), load::toString);
        StringBuilder all = new StringBuilder();
        for (String name : new String[] {"people.ttl", "graphs.trig", "cats.rdf", "books.jsonld"}) {
            all.append(Files.readString(fixture(name + ".nq")));
        }
        all.append(Files.readString(triples));
        assertIsomorphic(dataset(all.toString()), exported(store));
    }

    @Test
    void aBadTurtleFileIsExitCode1NamingItsLineAndLoadsNothing() throws IOException {
        Path store = dir.resolve("store");
        assertEquals(0, run("load", "--store", store.toString(), fixture("cats.rdf").toString()).code());
        Path bad = Files.writeString(dir.resolve("bad.ttl"), ""
            + "@prefix ex: <http://example.org/> .\n"
            + "ex:a ex:p \"fine\" .\n"
            + "ex:b ex:p ex:c ex:d .\n");
        // A good file first: the bad one must take it back too, since one load is one transaction.
        Run load = run("load", "--store", store.toString(), fixture("people.ttl").toString(), bad.toString());
        assertEquals(1, load.code(), load::toString);
        assertTrue(load.err().contains(bad + ":3:"), load::toString);
        assertTrue(load.err().contains("nothing was loaded"), load::toString);
        assertFalse(load.err().contains("\tat "), load::toString);
        assertEquals("", load.out());
        assertIsomorphic(dataset(Files.readString(fixture("cats.rdf.nq"))), exported(store));
    }

    @Test
    void formatOverridesTheExtension() throws IOException {
        Path store = dir.resolve("store");
        Path text = Files.copy(fixture("people.ttl"), dir.resolve("people.txt"));
        Run byName = run("load", "--store", store.toString(), text.toString());
        assertEquals(1, byName.code(), "an unknown extension is read as N-Quads: " + byName);
        assertEquals(0, count(store));

        Run forced = run("load", "--store", store.toString(), "--format", "Turtle", text.toString());
        assertEquals(0, forced.code(), forced::toString);
        assertIsomorphic(dataset(Files.readString(fixture("people.ttl.nq"))), exported(store));

        Path other = dir.resolve("other");
        Run wrong = run("load", "--store", other.toString(), "--format", "rdfxml", fixture("people.ttl").toString());
        assertEquals(1, wrong.code(), "--format wins over .ttl: " + wrong);
        assertTrue(wrong.err().contains("people.ttl:"), wrong::toString);
    }

    @Test
    void relativeIrisResolveAgainstTheFileOrBase() throws IOException {
        Path file = Files.writeString(dir.resolve("relative.ttl"), "<a> <http://example.org/p> <b#c> .\n");
        Path store = dir.resolve("store");
        assertEquals(0, run("load", "--store", store.toString(), file.toString()).code());
        String fileUri = file.toAbsolutePath().toUri().toString();
        String folder = fileUri.substring(0, fileUri.lastIndexOf('/') + 1);
        assertIsomorphic(dataset("<" + folder + "a> <http://example.org/p> <" + folder + "b#c> .\n"), exported(store));

        Path based = dir.resolve("based");
        assertEquals(0, run("load", "--store", based.toString(), "--base", "http://example.org/x/", file.toString())
            .code());
        assertIsomorphic(dataset("<http://example.org/x/a> <http://example.org/p> <http://example.org/x/b#c> .\n"),
            exported(based));
    }

    @Test
    void everySyntaxTakesTheBulkPathKeepingPrefixes() throws IOException {
        Path store = dir.resolve("store");
        Run load = run("load", "--store", store.toString(), fixture("people.ttl").toString(),
            fixture("graphs.trig").toString(), fixture("cats.rdf").toString(), fixture("books.jsonld").toString());
        assertEquals(0, load.code(), load::toString);
        try (QuadStore opened = QuadStore.open(store)) {
            QuadStoreStats stats = opened.stats();
            // A write transaction this small would leave its quads in the memtable and the commit log.
            assertEquals(0, stats.memtableQuads(), "written as a segment, as the bulk loader does: " + stats);
            assertEquals(1, stats.segments(), stats::toString);
            DatasetGraph dataset = CinnabarJena.wrap(opened);
            assertEquals("http://xmlns.com/foaf/0.1/", Txn.calculateRead(dataset,
                () -> dataset.prefixes().get("foaf")), "Turtle prefixes are kept, as a Jena load keeps them");
        }
    }

    @Test
    void blankNodeLabelsAreScopedToTheirFile() throws IOException {
        Path one = Files.writeString(dir.resolve("one.ttl"), "_:b1 <http://example.org/p> \"x\" .\n");
        Path two = Files.writeString(dir.resolve("two.ttl"), "_:b1 <http://example.org/p> \"x\" .\n");
        Path store = dir.resolve("store");
        Run load = run("load", "--store", store.toString(), one.toString(), two.toString());
        assertEquals(0, load.code(), load::toString);
        assertEquals(2, count(store), "two files, two blank nodes");
    }

    @Test
    void aDirectoryStandsForItsRdfFiles() throws IOException {
        Path input = Files.createDirectories(dir.resolve("in/sub"));
        Files.copy(fixture("people.ttl"), input.resolve("people.ttl"));
        Files.copy(fixture("cats.rdf"), dir.resolve("in/cats.rdf"));
        Files.writeString(dir.resolve("in/notes.txt"), "not RDF");
        Path store = dir.resolve("store");
        Run load = run("load", "--store", store.toString(), dir.resolve("in").toString());
        assertEquals(0, load.code(), load::toString);
        assertTrue(load.out().contains("Loaded 2 files"), load::toString);
    }

    @Test
    void skipBadAndUnknownSyntaxesAreUsageErrors() {
        Path store = dir.resolve("store");
        Run skip = run("load", "--store", store.toString(), "--skip-bad", fixture("people.ttl").toString());
        assertEquals(2, skip.code(), skip::toString);
        assertTrue(skip.err().contains("--skip-bad"), skip::toString);
        Run unknown = run("load", "--store", store.toString(), "--format", "klingon", fixture("people.ttl").toString());
        assertEquals(2, unknown.code(), unknown::toString);
        assertTrue(unknown.err().contains("Turtle"), "lists the syntaxes: " + unknown);
        assertFalse(Files.exists(store), "no store for a usage error");
    }

    @Test
    void rdf12TurtleLoadsTripleTermsAndDirections() throws IOException {
        Path file = Files.writeString(dir.resolve("rdf12.ttl"), "<http://example.org/s> <http://example.org/p> "
            + "<<( <http://example.org/a> <http://example.org/b> \"c\"@ar--rtl )>> .\n");
        Path store = dir.resolve("store");
        Run load = run("load", "--store", store.toString(), file.toString());
        assertEquals(0, load.code(), load::toString);
        assertEquals(1, count(store));
        Run export = run("export", "--store", store.toString());
        assertEquals("<http://example.org/s> <http://example.org/p> "
            + "<<( <http://example.org/a> <http://example.org/b> \"c\"@ar--rtl )>> .\n", export.out(), export::toString);
    }
}
