package dev.cinnabar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cinnabar demo}: loads the sample data the project ships, runs a few queries, and shows stats and a check. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Load a small sample (446 quads about people and projects: a schema in the default graph, two "
        + "named graphs) into a store, run a few quad-pattern queries, print the store's stats and verify it. "
        + "Takes a second or two.",
        "",
        "Without --store the store is a new temporary directory, removed at the end unless --keep is given."})
final class DemoCommand implements Callable<Integer> {

    /** The sample files, in cli/src/main/resources/demo. */
    static final List<String> SAMPLE_FILES = List.of("schema.nt", "people-and-projects.nq");

    private static final String EX = "http://example.org/";
    private static final String FOAF = "http://xmlns.com/foaf/0.1/";
    private static final int SHOWN = 8;
    /** The command as the user runs it ({@code ./cinnabar}, set by that script), in the command lines printed. */
    private static final String COMMAND = System.getProperty("cinnabar.command", "cinnabar");

    @ParentCommand
    CinnabarCommand root;

    @Option(names = "--store", paramLabel = "DIR",
        description = "Load into this store (created if absent; kept) instead of a temporary one.")
    Path storeDirectory;

    @Option(names = "--keep", description = "Keep the temporary store, to try the other commands on it.")
    boolean keep;

    @Override
    public Integer call() throws IOException, CliException {
        PrintStream out = root.out;
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("cinnabar-demo-");
        Path store = storeDirectory != null ? storeDirectory : work.resolve("store");
        boolean removeStore = storeDirectory == null && !keep;
        try {
            List<Path> files = copySamples(work.resolve("data"));
            out.println("Cinnabar demo");
            out.println("=============");
            out.println("Store: " + store + (removeStore ? "  (temporary: removed at the end; --keep keeps it)" : ""));
            out.println();
            try (QuadStore quadStore = Stores.openOrCreate(store)) {
                out.println("1. Load the sample: " + SAMPLE_FILES.get(0) + " (a schema, in the default graph) and "
                    + SAMPLE_FILES.get(1) + " (people and projects, in two named graphs)");
                out.println("   $ " + COMMAND + " load --store " + shellWord(store) + " "
                    + String.join(" ", SAMPLE_FILES));
                BulkLoadResult result = quadStore.bulkLoad(files, BulkLoadOptions.defaults());
                LoadCommand.printSummary(result, store, indented(out));
                out.println();
                try (ReadTxn txn = quadStore.beginRead()) {
                    query(out, store, txn, 2, "Who is a foaf:Person, in any graph?",
                        null, null, new Iri(Iri.RDF + "type"), new Iri(FOAF + "Person"));
                    query(out, store, txn, 3, "Everything about Alice (in every graph)",
                        null, new Iri(EX + "person/alice"), null, null);
                    query(out, store, txn, 4, "Who works on the project Garnet?",
                        new Iri(EX + "graph/projects"), null, new Iri(EX + "memberOf"), new Iri(EX + "project/garnet"));
                    query(out, store, txn, 5,
                        "Which quads have the object \"Alice\"@en? (\"Alice\" without the tag is another term)",
                        null, null, null, Literal.lang("Alice", "en"));
                    out.println("6. How many quads are in each graph?");
                    for (Term graph : List.of(DefaultGraph.INSTANCE, new Iri(EX + "graph/people"),
                        new Iri(EX + "graph/projects"))) {
                        out.println("   $ " + COMMAND + " query --store " + shellWord(store) + " -g "
                            + shellQuoted(graph) + " --count");
                        out.println("   " + txn.count(graph, null, null, null));
                    }
                    out.println();
                }
                out.println("7. Stats");
                out.println("   $ " + COMMAND + " stats --store " + shellWord(store));
                StatsCommand.print(quadStore.stats(), store, indented(out));
                out.println();
                out.println("8. Verify");
                out.println("   $ " + COMMAND + " verify --store " + shellWord(store));
                for (String check : quadStore.verify()) {
                    out.println("   ok  " + check);
                }
                out.println();
            }
            out.println("Done in " + Format.seconds((System.nanoTime() - started) / 1e9) + ".");
            if (removeStore) {
                out.println("The temporary store is removed. Keep one with: " + COMMAND + " demo --keep");
            } else {
                out.println("The store stays in " + store + ". Try: " + COMMAND + " query --store "
                    + shellWord(store)
                    + " -p '<" + FOAF + "name>' --limit 5");
            }
            out.flush();
            return CinnabarCommand.OK;
        } finally {
            deleteRecursively(work, removeStore ? null : store);
        }
    }

    private static void query(PrintStream out, Path store, ReadTxn txn, int number, String question, Term g, Term s,
        Term p, Term o) {
        StringBuilder command = new StringBuilder(COMMAND).append(" query --store ").append(shellWord(store));
        append(command, "-s", s);
        append(command, "-p", p);
        append(command, "-o", o);
        append(command, "-g", g);
        out.println(number + ". " + question);
        out.println("   $ " + command);
        long all = txn.count(g, s, p, o);
        try (Stream<Quad> quads = txn.match(g, s, p, o)) {
            Iterator<Quad> matches = quads.iterator();
            for (int i = 0; i < SHOWN && matches.hasNext(); i++) {
                out.println("   " + matches.next());
            }
        }
        out.println("   (" + all + (all == 1 ? " quad" : " quads") + (all > SHOWN ? ", " + SHOWN + " shown" : "")
            + ")");
        out.println();
    }

    private static void append(StringBuilder command, String option, Term term) {
        if (term != null) {
            command.append(' ').append(option).append(' ').append(shellQuoted(term));
        }
    }

    private static String shellQuoted(Term term) {
        String text = PatternTerms.format(term);
        return text.equals("default") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /** A path as one shell word: as it is when it is plain, else single-quoted. */
    private static String shellWord(Path path) {
        String text = path.toString();
        return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /** Copies the sample files out of the jar, since a load reads files. */
    static List<Path> copySamples(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (String name : SAMPLE_FILES) {
            Path file = directory.resolve(name);
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
                if (in == null) {
                    throw new IOException("the sample file demo/" + name + " is missing from the jar");
                }
                Files.copy(in, file);
            }
            files.add(file);
        }
        return files;
    }

    /** Deletes {@code directory} and everything in it except {@code keep} (and what is inside it). */
    private static void deleteRecursively(Path directory, Path keep) throws IOException {
        Path kept = keep == null ? null : keep.toAbsolutePath().normalize();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath().normalize();
            if (kept != null && (absolute.startsWith(kept) || kept.startsWith(absolute))) {
                continue;
            }
            Files.deleteIfExists(path);
        }
    }

    /** A print stream that indents every line by three spaces, for output nested under a step. */
    private static PrintStream indented(PrintStream target) {
        return new PrintStream(new java.io.OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                if (lineStart && b != '\n') {
                    target.print("   ");
                }
                target.write(b);
                lineStart = b == '\n';
            }

            @Override
            public void flush() {
                target.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
