package dev.cinnabar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.io.NQuadsParser;
import dev.cinnabar.quadstore.io.SyntaxErrorHandler;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;
import picocli.CommandLine;

/** The commands run in-process through {@link CommandLine#execute}, with standard output and error captured. */
class CliTest {

    private static final String EX = "http://example.org/";

    @TempDir
    Path dir;

    /** A command's exit code and what it printed. */
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(String... args) {
        return run(commandLine -> { }, args);
    }

    static Run run(java.util.function.Consumer<CommandLine> setup, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine commandLine = CinnabarCommand.commandLine(outStream, errStream);
        setup.accept(commandLine);
        int code = commandLine.execute(args);
        outStream.flush();
        errStream.flush();
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path writeGzip(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static final String TRIPLES = ""
        + "<http://example.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alice\"@en .\n"
        + "<http://example.org/alice> <http://xmlns.com/foaf/0.1/knows> <http://example.org/bob> .\n"
        + "<http://example.org/bob> <http://xmlns.com/foaf/0.1/name> \"Bob\" .\n"
        + "<http://example.org/bob> <http://xmlns.com/foaf/0.1/age> "
        + "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        + "# a comment, then a duplicate\n"
        + "<http://example.org/bob> <http://xmlns.com/foaf/0.1/name> \"Bob\" .\n";

    private static final String QUADS = ""
        + "<http://example.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alicia\"@es <http://example.org/g1> .\n"
        + "_:b1 <http://example.org/city> \"Z\\u00FCrich \\\"Nord\\\"\" <http://example.org/g1> .\n"
        + "<http://example.org/alice> <http://example.org/livesAt> _:b1 <http://example.org/g1> .\n"
        + "<http://example.org/carol> <http://xmlns.com/foaf/0.1/name> \"Carol\\nline two\" <http://example.org/g2> .\n"
        + "<http://example.org/carol> <http://xmlns.com/foaf/0.1/knows> <http://example.org/alice> .\n";

    /** Loads a .nt file, a .nq.gz file in a directory, and returns the store. */
    private Path loadSample() throws IOException {
        Path store = dir.resolve("store");
        write("in/people.nt", TRIPLES);
        writeGzip("in/more/graphs.nq.gz", QUADS);
        write("in/more/ignored.txt", "not RDF");
        Run load = run("load", "--store", store.toString(), dir.resolve("in/people.nt").toString(),
            dir.resolve("in/more").toString());
        assertEquals(0, load.code(), load::toString);
        return store;
    }

    private static Set<Quad> parse(String nquads) throws IOException {
        Set<Quad> quads = new HashSet<>();
        new NQuadsParser(true, 1 << 20).parse(new ByteArrayInputStream(nquads.getBytes(StandardCharsets.UTF_8)),
            "export", (s, p, o, g) -> quads.add(new Quad(g == null ? DefaultGraph.INSTANCE : g.toTerm(), s.toTerm(),
                p.toTerm(), o.toTerm())), SyntaxErrorHandler.STRICT);
        return quads;
    }

    private static Set<Quad> allQuads(Path store) throws IOException {
        try (QuadStore quadStore = QuadStore.open(store); ReadTxn txn = quadStore.beginRead();
            Stream<Quad> quads = txn.match(null, null, null, null)) {
            return quads.collect(Collectors.toSet());
        }
    }

    // ---------------------------------------------------------------------------------------------- load, query

    @Test
    void loadInChunksOfTwoQuadsGivesTheQuadsOfOneChunk() throws IOException {
        write("in/people.nt", TRIPLES);
        writeGzip("in/more/graphs.nq.gz", QUADS);
        List<String> exports = new ArrayList<>();
        for (String chunkQuads : List.of("0", "2")) {
            Path store = dir.resolve("store-" + chunkQuads);
            Run load = run("load", "--store", store.toString(), "--chunk-quads", chunkQuads,
                dir.resolve("in/people.nt").toString(), dir.resolve("in/more").toString());
            assertEquals(0, load.code(), load::toString);
            assertTrue(load.out().contains("quads added: 9"), load::toString);
            Run all = run("query", "--store", store.toString());
            assertEquals(0, all.code(), all::toString);
            exports.add(all.out().replaceAll("_:\\S+", "_:b")); // each load gives its blank nodes new labels
        }
        assertEquals(9, exports.get(0).lines().count(), exports.get(0));
        assertEquals(exports.get(0), exports.get(1), "five chunks merged give the quads, in order, of one");
    }

    @Test
    void loadPrintsSummaryAndQueryFindsTheQuads() throws IOException {
        Path store = dir.resolve("store");
        write("in/people.nt", TRIPLES);
        writeGzip("in/more/graphs.nq.gz", QUADS);
        Run load = run("load", "--store", store.toString(), dir.resolve("in/people.nt").toString(),
            dir.resolve("in/more").toString());
        assertEquals(0, load.code(), load::toString);
        assertTrue(load.out().contains("Loaded 2 files"), load::toString);
        assertTrue(load.out().contains("statements:  10"), load::toString);
        assertTrue(load.out().contains("quads added: 9"), load::toString);
        assertTrue(load.out().contains("bad lines:   0"), load::toString);
        assertTrue(load.out().contains("quads/s"), load::toString);

        Run bob = run("query", "--store", store.toString(), "-s", "<" + EX + "bob>");
        assertEquals(0, bob.code(), bob::toString);
        assertEquals(Set.of(
            "<http://example.org/bob> <http://xmlns.com/foaf/0.1/name> \"Bob\" .",
            "<http://example.org/bob> <http://xmlns.com/foaf/0.1/age> "
                + "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> ."),
            Set.copyOf(bob.out().lines().toList()));
        assertEquals("", bob.err());

        Run names = run("query", "--store", store.toString(), "-p", "<http://xmlns.com/foaf/0.1/name>", "--count");
        assertEquals("4\n", names.out(), names::toString);
        Run defaultGraph = run("query", "--store", store.toString(), "-g", "default", "--count");
        assertEquals("5\n", defaultGraph.out(), defaultGraph::toString);
        Run g1 = run("query", "--store", store.toString(), "--graph", "<" + EX + "g1>", "-s", "*", "-o", "?x");
        assertEquals(3, g1.out().lines().count(), g1::toString);
        Run lang = run("query", "--store", store.toString(), "-o", "\"Alicia\"@es");
        assertEquals("<http://example.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alicia\"@es "
            + "<http://example.org/g1> .\n", lang.out(), lang::toString);
        Run escaped = run("query", "--store", store.toString(), "-o", "\"Z\\u00FCrich \\\"Nord\\\"\"", "--count");
        assertEquals("1\n", escaped.out(), escaped::toString);
        Run limited = run("query", "--store", store.toString(), "--limit", "3");
        assertEquals(3, limited.out().lines().count(), limited::toString);
        Run none = run("query", "--store", store.toString(), "-s", "<" + EX + "nobody>");
        assertEquals(0, none.code(), none::toString);
        assertEquals("", none.out());
        Run all = run("query", "--store", store.toString(), "--count");
        assertEquals("9\n", all.out(), all::toString);
    }

    @Test
    void rdf12TermsLoadExportAndMatchAsQueryPatterns() throws IOException {
        Path store = dir.resolve("store");
        String tt = "<<( <http://example.org/s> <http://example.org/p> \"x\"@en--rtl )>>";
        write("in/rdf12.nt", "<http://example.org/a> <http://example.org/says> " + tt + " .\n"
            + "<http://example.org/b> <http://example.org/says> <<( <http://example.org/s> <http://example.org/p> "
            + tt + " )>> .\n"
            + "<http://example.org/c> <http://example.org/says> \"x\"@en--rtl .\n");
        assertEquals(0, run("load", "--store", store.toString(), dir.resolve("in/rdf12.nt").toString()).code());

        Run byTriple = run("query", "--store", store.toString(), "-o", tt);
        assertEquals("<http://example.org/a> <http://example.org/says> " + tt + " .\n", byTriple.out(),
            byTriple::toString);
        Run nested = run("query", "--store", store.toString(), "-o",
            "<<(<http://example.org/s> <http://example.org/p> " + tt + ")>>", "--count");
        assertEquals("1\n", nested.out(), nested::toString);
        Run directional = run("query", "--store", store.toString(), "-o", "\"x\"@EN--rtl", "--count");
        assertEquals("1\n", directional.out(), directional::toString);
        Run otherDirection = run("query", "--store", store.toString(), "-o", "\"x\"@en--ltr", "--count");
        assertEquals("0\n", otherDirection.out(), otherDirection::toString);

        Run subject = run("query", "--store", store.toString(), "-s", tt);
        assertNotEquals(0, subject.code(), subject::toString);
        assertTrue(subject.err().contains("not a triple term"), subject::toString);
        Run graph = run("query", "--store", store.toString(), "-g", tt);
        assertNotEquals(0, graph.code(), graph::toString);
        assertTrue(graph.err().contains("not a triple term"), graph::toString);

        Run export = run("export", "--store", store.toString());
        assertEquals(allQuads(store), parse(export.out()));
        assertTrue(export.out().contains(" " + tt + " .\n"), export::toString);
    }

    @Test
    void exportReparsesToTheStoredQuads() throws IOException {
        Path store = loadSample();
        Set<Quad> stored = allQuads(store);
        assertEquals(9, stored.size());

        Run toStdout = run("export", "--store", store.toString());
        assertEquals(0, toStdout.code(), toStdout::toString);
        assertEquals(stored, parse(toStdout.out()));
        assertTrue(toStdout.err().contains("9 quads"), toStdout::toString);

        Path file = dir.resolve("out/dump.nq");
        Files.createDirectories(file.getParent());
        Run toFile = run("export", "--store", store.toString(), "--output", file.toString());
        assertEquals(0, toFile.code(), toFile::toString);
        assertEquals("", toFile.out());
        assertEquals(toStdout.out(), Files.readString(file, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temp file is left");
        }

        Path gz = dir.resolve("out/dump.nq.gz");
        assertEquals(0, run("export", "--store", store.toString(), "--output", gz.toString()).code());
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertEquals(toStdout.out(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        Run oneGraph = run("export", "--store", store.toString(), "-g", "<" + EX + "g2>");
        assertEquals(1, oneGraph.out().lines().count(), oneGraph::toString);

        // The export loads into a new store as the same quads (blank nodes are renamed per load, so compare counts).
        Path copy = dir.resolve("copy");
        assertEquals(0, run("load", "--store", copy.toString(), file.toString()).code());
        assertEquals(stored.size(), allQuads(copy).size());
    }

    @Test
    void statsAndVerifyOnAHealthyStore() throws IOException {
        Path store = loadSample();
        Run stats = run("stats", "--store", store.toString());
        assertEquals(0, stats.code(), stats::toString);
        assertTrue(stats.out().contains("quads:           9"), stats::toString);
        assertTrue(stats.out().contains("graphs:          3"), stats::toString);
        assertTrue(stats.out().contains("atoms.data"), stats::toString);
        assertTrue(stats.out().contains("index.SPOG"), stats::toString);
        // foaf:name: Alice@en and Alicia@es of alice, Bob, Carol: 4 quads, 3 subjects, 4 objects; largest first.
        assertTrue(stats.out().contains("predicates:      5  (largest first"), stats::toString);
        assertTrue(stats.out().contains("    <http://xmlns.com/foaf/0.1/name>  4, 3, 4\n"
            + "    <http://xmlns.com/foaf/0.1/knows>  2, 2, 2\n"), stats::toString);
        assertTrue(stats.out().contains("classes:         0\n"), stats::toString);

        Run verify = run("verify", "--store", store.toString());
        assertEquals(0, verify.code(), verify::toString);
        assertTrue(verify.out().startsWith("ok  "), verify::toString);
        assertTrue(verify.out().contains("is consistent"), verify::toString);
        assertEquals("", verify.err());
    }

    // ---------------------------------------------------------------------------------------------- bad input

    private static final String WITH_BAD_LINES = ""
        + "<http://example.org/a> <http://example.org/p> \"1\" .\n"
        + "<http://example.org/a> <http://example.org/p> \"2\" .\n"
        + "<> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Ontology> .\n"
        + "<http://example.org/a> <http://example.org/p> \"3\" .\n"
        + "<http://example.org/a> \"not a predicate\" \"4\" .\n"
        + "<http://example.org/a> <http://example.org/p> \"5\" .\n";

    @Test
    void aBadLineStopsAStrictLoadWithExitCode1AndItsPlace() throws IOException {
        Path store = dir.resolve("store");
        Path bad = write("bad.nt", WITH_BAD_LINES);
        Run load = run("load", "--store", store.toString(), bad.toString());
        assertEquals(1, load.code(), load::toString);
        assertTrue(load.err().contains("bad.nt:3:"), load::toString);
        assertFalse(load.err().contains("\tat "), "no stack trace: " + load);
        assertEquals("", load.out());
        Run count = run("query", "--store", store.toString(), "--count");
        assertEquals("0\n", count.out(), "a failed load leaves the store as it was: " + count);

        Run debug = run("load", "--debug", "--store", store.toString(), bad.toString());
        assertEquals(1, debug.code(), debug::toString);
        assertTrue(debug.err().contains("\tat "), "--debug prints the stack trace: " + debug);
    }

    @Test
    void skipBadSkipsCountsAndReportsBadLines() throws IOException {
        Path store = dir.resolve("store");
        Path bad = write("bad.nt", WITH_BAD_LINES);
        Run load = run("load", "--store", store.toString(), "--skip-bad", bad.toString());
        assertEquals(0, load.code(), load::toString);
        assertTrue(load.out().contains("statements:  4"), load::toString);
        assertTrue(load.out().contains("bad lines:   2"), load::toString);
        assertTrue(load.err().contains("skipped ") && load.err().contains("bad.nt:3:"), load::toString);
        assertTrue(load.err().contains("bad.nt:5:"), load::toString);
        assertEquals("4\n", run("query", "--store", store.toString(), "--count").out());

        Run fewer = run("load", "--store", dir.resolve("store2").toString(), "--skip-bad", "--show-bad", "1",
            bad.toString());
        assertEquals(0, fewer.code(), fewer::toString);
        assertTrue(fewer.err().contains("and 1 more bad line"), fewer::toString);
    }

    @Test
    void badInputOnTheCommandLineIsExitCode1() throws IOException {
        Path store = loadSample();
        Run missing = run("load", "--store", dir.resolve("s2").toString(), dir.resolve("nope.nt").toString());
        assertEquals(1, missing.code(), missing::toString);
        assertTrue(missing.err().contains("no such file"), missing::toString);
        assertFalse(Files.exists(dir.resolve("s2")), "no store is created for a failed argument check");

        Files.createDirectories(dir.resolve("empty"));
        Run noFiles = run("load", "--store", dir.resolve("s2").toString(), dir.resolve("empty").toString());
        assertEquals(1, noFiles.code(), noFiles::toString);

        for (String[] pattern : List.of(
            new String[] {"-s", "http://example.org/a"},     // no angle brackets
            new String[] {"-s", "\"a literal\""},            // a literal subject
            new String[] {"-p", "_:b"},                      // a blank node predicate
            new String[] {"-o", "\"unterminated"},
            new String[] {"-o", "<http://example.org/a> <http://example.org/b>"},
            new String[] {"-g", "\"lit\""},
            new String[] {"-o", "<relative>"})) {
            List<String> args = new ArrayList<>(List.of("query", "--store", store.toString()));
            args.addAll(List.of(pattern));
            Run bad = run(args.toArray(String[]::new));
            assertEquals(1, bad.code(), () -> String.join(" ", pattern) + ": " + bad);
            assertTrue(bad.err().startsWith("cinnabar query: --") && bad.err().contains(pattern[1]), bad::toString);
            assertEquals("", bad.out());
        }
    }

    // ---------------------------------------------------------------------------------------------- usage

    @Test
    void usageErrorsAreExitCode2() {
        for (String[] args : List.of(
            new String[] {},
            new String[] {"frobnicate"},
            new String[] {"load", "x.nt"},                       // no --store
            new String[] {"load", "--store", "s"},               // no file
            new String[] {"query", "--store", "s", "--bogus"},
            new String[] {"query", "--store", "s", "--limit", "-1"},
            new String[] {"query", "--store", "s", "--limit", "many"},
            new String[] {"load", "--store", "s", "--max-line-bytes", "10", "x.nt"},
            new String[] {"load", "--store", "s", "--chunk-quads", "-1", "x.nt"},
            new String[] {"load", "--store", "s", "--progress", "fancy", "x.nt"},
            new String[] {"sparql", "--store", "s"},                            // no query
            new String[] {"sparql", "--store", "s", "--format", "html", "ASK {}"},
            new String[] {"update", "--store", "s"},                            // no update
            new String[] {"serve", "--store", "s", "--port", "70000"},
            new String[] {"serve", "--store", "s", "--name", "a b"})) {
            Run run = run(args);
            assertEquals(2, run.code(), () -> String.join(" ", args) + ": " + run);
            assertFalse(run.err().isEmpty(), run::toString);
        }
        assertFalse(Files.exists(Path.of("s")), "no usage error creates a store");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("load", "query", "sparql", "update", "serve", "export", "stats", "verify",
            "demo")) {
            Run help = run(command, "--help");
            assertEquals(0, help.code(), help::toString);
            assertTrue(help.out().contains("Usage: cinnabar " + command), help::toString);
            assertTrue(help.out().contains("Exit codes:"), help::toString);
        }
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("demo"), top::toString);
        assertEquals(0, run("--version").code());
        assertEquals(0, run("help", "query").code());
    }

    // ---------------------------------------------------------------------------------------------- store errors

    @Test
    void aLockedStoreIsExitCode3() throws IOException {
        Path store = loadSample();
        Path data = write("more.nt", TRIPLES);
        QuadStore open = QuadStore.open(store);
        try {
            for (String[] args : List.of(
                new String[] {"query", "--store", store.toString()},
                new String[] {"sparql", "--store", store.toString(), "ASK {}"},
                new String[] {"update", "--store", store.toString(), "CLEAR ALL"},
                new String[] {"serve", "--store", store.toString(), "--port", "0"},
                new String[] {"load", "--store", store.toString(), data.toString()},
                new String[] {"export", "--store", store.toString()},
                new String[] {"stats", "--store", store.toString()},
                new String[] {"verify", "--store", store.toString()})) {
                Run run = run(args);
                assertEquals(3, run.code(), () -> String.join(" ", args) + ": " + run);
                assertTrue(run.err().contains("locked"), run::toString);
                assertFalse(run.err().contains("\tat "), run::toString);
                assertEquals("", run.out());
            }
        } finally {
            open.close();
        }
        assertEquals(0, run("query", "--store", store.toString(), "--count").code(), "unlocked again");
    }

    @Test
    void aCorruptStoreIsExitCode3AndVerifyListsTheProblems() throws IOException {
        Path store = loadSample();
        Path segment;
        try (Stream<Path> files = Files.list(store)) {
            segment = files.filter(file -> file.getFileName().toString().endsWith(".seg"))
                .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
        flipByte(segment, Files.size(segment) / 3);
        Run verify = run("verify", "--store", store.toString());
        assertEquals(3, verify.code(), verify::toString);
        assertTrue(verify.err().contains(segment.getFileName().toString()), verify::toString);
        assertFalse(verify.err().contains("\tat "), verify::toString);
    }

    @Test
    void aDamagedManifestIsExitCode3ForEveryCommand() throws IOException {
        Path store = loadSample();
        Path manifest = store.resolve(Stores.MANIFEST);
        flipByte(manifest, Files.size(manifest) / 2);
        Path target = dir.resolve("dump.nq");
        for (String[] args : List.of(
            new String[] {"query", "--store", store.toString()},
            new String[] {"export", "--store", store.toString(), "--output", target.toString()},
            new String[] {"stats", "--store", store.toString()},
            new String[] {"verify", "--store", store.toString()},
            new String[] {"load", "--store", store.toString(), write("more.nt", TRIPLES).toString()})) {
            Run run = run(args);
            assertEquals(3, run.code(), () -> String.join(" ", args) + ": " + run);
            assertTrue(run.err().contains(Stores.MANIFEST), run::toString);
            assertFalse(run.err().contains("\tat "), run::toString);
            assertEquals("", run.out());
        }
        assertFalse(Files.exists(target), "a failed export writes no file");
    }

    @Test
    void aDamagedAtomFileIsExitCode3() throws IOException {
        Path store = loadSample();
        Path data = store.resolve("atoms.data");
        flipByte(data, 40);
        Run verify = run("verify", "--store", store.toString());
        assertEquals(3, verify.code(), verify::toString);
        assertTrue(verify.err().contains("atoms"), verify::toString);
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.flip();
            one.put(0, (byte) (one.get(0) ^ 0x5A));
            channel.write(one, position);
        }
    }

    @Test
    void notAStoreIsExitCode3() throws IOException {
        Run query = run("query", "--store", dir.resolve("absent").toString());
        assertEquals(3, query.code(), query::toString);
        assertFalse(Files.exists(dir.resolve("absent")), "a query never creates a store");
        Path busy = write("busy/notes.txt", "someone's files");
        Path data = write("data.nt", TRIPLES);
        Run load = run("load", "--store", busy.getParent().toString(), data.toString());
        assertEquals(3, load.code(), load::toString);
        assertTrue(load.err().contains("not a Cinnabar store"), load::toString);
        Run stats = run("stats", "--store", busy.getParent().toString());
        assertEquals(3, stats.code(), stats::toString);
    }

    // ---------------------------------------------------------------------------------------------- export atomicity

    @Test
    void aFailedExportLeavesNoTargetAndNoTempFile() throws IOException {
        Path store = loadSample();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path target = out.resolve("dump.nq");
        Run failed = run(failing("rename"), "export", "--store", store.toString(), "--output", target.toString());
        assertEquals(3, failed.code(), failed::toString);
        assertTrue(failed.err().contains("injected"), failed::toString);
        assertEmpty(out);

        // An existing target keeps its old content when the export fails.
        Files.writeString(target, "old\n");
        Run forceFails = run(failing("force"), "export", "--store", store.toString(), "--output", target.toString());
        assertEquals(3, forceFails.code(), forceFails::toString);
        assertEquals("old\n", Files.readString(target));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    private static void assertEmpty(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> left = files.toList();
            assertTrue(left.isEmpty(), () -> "left behind: " + left);
        }
    }

    /** Sets the export's StorageIo to one whose {@code operation} fails. */
    private static java.util.function.Consumer<CommandLine> failing(String operation) {
        StorageIo io = new ForwardingStorageIo(StorageIo.system()) {
            @Override
            public void force(FileChannel channel, Path file) throws IOException {
                if (operation.equals("force")) {
                    throw new IOException("injected: cannot force " + file);
                }
                delegate.force(channel, file);
            }

            @Override
            public void rename(Path source, Path target) throws IOException {
                if (operation.equals("rename")) {
                    throw new IOException("injected: cannot rename " + source);
                }
                delegate.rename(source, target);
            }
        };
        return commandLine -> ((ExportCommand) commandLine.getSubcommands().get("export").getCommand()).io = io;
    }

    // ---------------------------------------------------------------------------------------------- output

    @Test
    void plainProgressLinesOffATerminal() throws IOException {
        Path data = write("data.nt", TRIPLES);
        Run load = run("load", "--store", dir.resolve("store").toString(), "--progress", "plain",
            "--progress-seconds", "0.001", data.toString());
        assertEquals(0, load.code(), load::toString);
        assertTrue(load.err().lines().anyMatch(line -> line.startsWith("load: ")), load::toString);
        Run quiet = run("load", "--store", dir.resolve("store").toString(), "--progress", "none", data.toString());
        assertFalse(quiet.err().lines().anyMatch(line -> line.startsWith("load: ")), quiet::toString);
        assertTrue(quiet.out().contains("quads added: 0"), "the quads are there already: " + quiet);
    }

    /** Runs a command whose standard output fails as a closed pipe or a full disk does. */
    private static Run runWithFailingStdout(String failure, String... args) {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(failure);
            }
        };
        TrackingOutputStream stdout = new TrackingOutputStream(broken);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine commandLine = CinnabarCommand.commandLine(new PrintStream(stdout, false, StandardCharsets.UTF_8),
            errStream);
        commandLine.<CinnabarCommand>getCommand().stdout = stdout;
        int code = commandLine.execute(args);
        return new Run(code, "", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClosedPipeEndsAQueryQuietlyButFailsAnExport() throws IOException {
        Path store = loadSample();
        Run query = runWithFailingStdout("Broken pipe", "query", "--store", store.toString());
        assertEquals(0, query.code(), query::toString);
        assertEquals("", query.err());
        Run export = runWithFailingStdout("Broken pipe", "export", "--store", store.toString());
        assertEquals(3, export.code(), export::toString);
        assertTrue(export.err().contains("cannot write to standard output: Broken pipe"), export::toString);
        Run full = runWithFailingStdout("No space left on device", "query", "--store", store.toString());
        assertEquals(3, full.code(), full::toString);
        assertTrue(full.err().contains("No space left on device"), full::toString);
    }

    // ---------------------------------------------------------------------------------------------- demo

    @Test
    void demoLoadsQueriesAndCleansUp() {
        Run demo = run("demo");
        assertEquals(0, demo.code(), demo::toString);
        assertTrue(demo.out().contains("quads added: 446"), demo::toString);
        assertTrue(demo.out().contains("$ cinnabar query"), demo::toString);
        assertTrue(demo.out().contains("<http://example.org/person/alice>"), demo::toString);
        assertTrue(demo.out().contains("quads:           446"), demo::toString);
        assertTrue(demo.out().contains("Done in"), demo::toString);
        String storeLine = demo.out().lines().filter(line -> line.startsWith("Store: ")).findFirst().orElseThrow();
        Path store = Path.of(storeLine.substring("Store: ".length()).split("  ")[0]);
        assertFalse(Files.exists(store), "the temporary store is removed: " + store);
        assertFalse(Files.exists(store.getParent()), "the temporary directory is removed: " + store.getParent());
    }

    @Test
    void demoIntoAGivenStoreKeepsIt() throws IOException {
        Path store = dir.resolve("demo-store");
        Run demo = run("demo", "--store", store.toString());
        assertEquals(0, demo.code(), demo::toString);
        assertEquals("446\n", run("query", "--store", store.toString(), "--count").out());
        Run names = run("query", "--store", store.toString(), "-o", "\"Zoë\"");
        assertEquals(1, names.out().lines().count(), names::toString);
        assertEquals(0, run("verify", "--store", store.toString()).code());
    }
}
