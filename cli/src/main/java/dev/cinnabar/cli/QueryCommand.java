package dev.cinnabar.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.io.NQuadsWriter;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cinnabar query}: the quads matching a quad pattern, as N-Quads. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Print the quads that match a quad pattern, as N-Quads on standard output (sorted by the index "
        + "that answers the pattern). For SPARQL, see 'cinnabar sparql'.",
        "",
        "Terms are in N-Triples syntax: <http://example.org/a>, _:label, \"text\", \"text\"@en, "
            + "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer>. A position left out, * or ?name matches any term. "
            + "Quote terms for the shell: -o '\"Alice\"@en'.",
        "",
        "Blank node labels are the store's own (a load renames them so that each file's are distinct): copy them "
            + "from query output."},
    footer = {"", "Examples:",
        "  cinnabar query --store db -s '<http://example.org/person/alice>'",
        "  cinnabar query --store db -p '<http://xmlns.com/foaf/0.1/name>' --limit 10",
        "  cinnabar query --store db -o '\"Alice\"@en' --count",
        "  cinnabar query --store db -g default --count"})
final class QueryCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = {"-s", "--subject"}, paramLabel = "TERM", description = "The subject: an IRI or a blank node.")
    String subject;

    @Option(names = {"-p", "--predicate"}, paramLabel = "TERM", description = "The predicate: an IRI.")
    String predicate;

    @Option(names = {"-o", "--object"}, paramLabel = "TERM",
        description = "The object: an IRI, a blank node or a literal.")
    String object;

    @Option(names = {"-g", "--graph"}, paramLabel = "TERM", description = "The graph: an IRI, a blank node, or "
        + "'default' for the default graph only. Left out: every graph, the default graph included.")
    String graph;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N quads.")
    Long limit;

    @Option(names = "--count", description = "Print only the number of matching quads (at most --limit).")
    boolean count;

    @Override
    public Integer call() throws IOException, CliException {
        if (limit != null && limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative, not " + limit);
        }
        Term g = PatternTerms.graph(graph);
        Term s = PatternTerms.subject(subject);
        Term p = PatternTerms.predicate(predicate);
        Term o = PatternTerms.object(object);
        long max = limit == null ? Long.MAX_VALUE : limit;
        PrintStream out = root.out;
        try (QuadStore quadStore = Stores.openExisting(store.directory); ReadTxn txn = quadStore.beginRead()) {
            if (count) {
                out.println(Math.min(max, txn.count(g, s, p, o)));
            } else {
                try (Stream<Quad> quads = txn.match(g, s, p, o)) {
                    write(quads.iterator(), max, out);
                }
            }
        }
        finish(root, true);
        return CinnabarCommand.OK;
    }

    /**
     * Writes up to {@code max} quads as N-Quads to {@code out}, flushed. On a {@link PrintStream}, which hides its
     * errors, it stops early once the stream has failed (a closed pipe); the caller then checks it.
     */
    static long write(Iterator<Quad> quads, long max, OutputStream out) throws IOException, CliException {
        NQuadsWriter writer = new NQuadsWriter(out);
        PrintStream checked = out instanceof PrintStream print ? print : null;
        long written = 0;
        while (written < max && quads.hasNext()) {
            Quad quad = quads.next();
            try {
                writer.write(quad);
            } catch (IllegalArgumentException e) {
                throw CliException.storeError("the store holds a quad that has no N-Quads form: " + quad + ": "
                    + e.getMessage());
            }
            written++;
            if ((written & 0xFFFF) == 0 && checked != null && checked.checkError()) {
                break;
            }
        }
        writer.flush();
        return written;
    }

    /**
     * Flushes standard output and checks it. A failure there (a full disk) is an error, never silent; a closed pipe
     * is not, when {@code readerMayStop} (a query piped into {@code head}).
     */
    static void finish(CinnabarCommand root, boolean readerMayStop) throws CliException {
        if (root.out.checkError()) {
            IOException failure = root.stdout == null ? null : root.stdout.failure();
            if (readerMayStop && TrackingOutputStream.isBrokenPipe(failure)) {
                return;
            }
            throw CliException.storeError("cannot write to standard output"
                + (failure == null ? "" : ": " + failure.getMessage()));
        }
    }
}
