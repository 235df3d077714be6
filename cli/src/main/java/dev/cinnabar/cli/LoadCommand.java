package dev.cinnabar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;

import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.io.NQuadsParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cinnabar load}: loads RDF files into a store, creating it if absent, all through the bulk loader in one
 * commit: N-Triples and N-Quads parsed by our own parser, any other syntax RIOT reads (Turtle, TriG, RDF/XML,
 * JSON-LD, ...) by RIOT's streaming parser ({@link CinnabarJena#bulkLoad}).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = {"Load RDF files into a store, creating it if absent. The syntax comes from the file name (.nt, "
        + ".nq, .ttl, .trig, .rdf/.owl/.xml, .jsonld, .rj, .trix, ...; each also gzipped, .gz) or from --format; a "
        + "name with no known extension is read as N-Quads. A directory stands for the RDF and .gz files under it.",
        "",
        "The load is one commit at the end, and if it fails the store stays as it was. Strict by "
            + "default: the first error stops the load (exit code 1) with its file, line and column. With "
            + "--skip-bad (N-Triples and N-Quads only), bad lines are skipped, counted and reported.",
        "Every syntax takes the bulk loader: N-Triples and N-Quads are read by its own parser, the others by Jena's "
            + "RIOT streaming parsers beside it.",
        "Blank node labels are scoped to a file: _:b1 in two files (or two loads) is two blank nodes."},
    footer = {"", "Examples:",
        "  cinnabar load --store db people.nt graphs.nq.gz",
        "  cinnabar load --store db ontology.ttl data.trig context.jsonld",
        "  cinnabar load --store db --format turtle --base http://example.org/ data.txt"})
final class LoadCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Parameters(arity = "1..*", paramLabel = "FILE",
        description = "Files (.nt, .nq, .ttl, .trig, .rdf, .jsonld, ..., each optionally .gz) or directories.")
    List<Path> inputs;

    @Option(names = "--format", paramLabel = "SYNTAX",
        description = "Read every file as SYNTAX, whatever its name: a Jena language name such as Turtle, TriG, "
            + "RDF/XML, JSON-LD, RDF/JSON, TriX, N-Triples, N-Quads (or an extension: ttl, rdf, jsonld).")
    String format;

    @Option(names = "--base", paramLabel = "IRI",
        description = "Base IRI for relative IRIs (Turtle, TriG, RDF/XML, JSON-LD; default: each file's file: URI).")
    String base;

    @Option(names = "--skip-bad", description = "N-Triples and N-Quads only: skip bad lines (counted, and the first "
        + "ones reported on standard error) instead of stopping at the first one.")
    boolean skipBad;

    @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "" + BulkLoadOptions.DEFAULT_MAX_LINE_BYTES,
        description = "Longest line accepted, in bytes; longer lines are bad input (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(names = "--show-bad", paramLabel = "N", defaultValue = "10",
        description = "With --skip-bad: how many bad lines to report (default: ${DEFAULT-VALUE}).")
    int showBad;

    @Option(names = "--chunk-quads", paramLabel = "N", defaultValue = "0",
        description = "Quads sorted and written per chunk before the final merge (default 0: from the heap, "
            + "a quarter of it at about 96 bytes per quad, 64Ki to 4Mi quads).")
    int chunkQuads;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
        description = "auto (a bar on a terminal, plain lines otherwise), bar, plain or none (default: "
            + "${DEFAULT-VALUE}).")
    LoadProgress.Mode progress;

    @Option(names = "--progress-seconds", paramLabel = "S", defaultValue = "5",
        description = "Seconds between plain progress lines (default: ${DEFAULT-VALUE}).")
    double progressSeconds;

    @Override
    public Integer call() throws IOException, CliException {
        if (maxLineBytes < 64 || maxLineBytes > NQuadsParser.MAX_LINE_BYTES_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--max-line-bytes must be from 64 to "
                + NQuadsParser.MAX_LINE_BYTES_LIMIT + ", not " + maxLineBytes);
        }
        if (chunkQuads < 0) {
            throw new ParameterException(spec.commandLine(), "--chunk-quads must be 0 (from the heap) or positive, "
                + "not " + chunkQuads);
        }
        if (showBad < 0 || !(progressSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--show-bad and --progress-seconds must be positive");
        }
        PrintStream out = root.out;
        PrintStream err = root.err;
        List<Path> files = expand(inputs);
        List<Lang> langs = langs(files);
        if (skipBad) {
            for (int i = 0; i < files.size(); i++) {
                if (!InputFormats.ownParser(langs.get(i))) {
                    throw new ParameterException(spec.commandLine(), "--skip-bad works for N-Triples and N-Quads "
                        + "only, and " + files.get(i) + " is " + langs.get(i).getLabel());
                }
            }
        }
        long totalBytes = 0;
        for (Path file : files) {
            totalBytes += Files.size(file);
        }
        BulkLoadResult result;
        try (QuadStore quadStore = Stores.openOrCreate(store.directory)) {
            err.println("cinnabar load: " + files.size() + (files.size() == 1 ? " file, " : " files, ")
                + Format.bytes(totalBytes) + " into " + store.directory);
            BulkLoadOptions options = BulkLoadOptions.defaults()
                .withSkipBadLines(skipBad)
                .withMaxLineBytes(maxLineBytes)
                .withMaxReportedBadLines(showBad);
            if (chunkQuads > 0) {
                options = options.withChunkQuads(chunkQuads);
            }
            LoadWarnings warnings = new LoadWarnings(err);
            try (LoadProgress shown = LoadProgress.start(progress, totalBytes, err,
                Math.max(1, Math.round(progressSeconds * 1000)))) {
                result = CinnabarJena.bulkLoad(CinnabarJena.wrap(quadStore), files, langs, base,
                    options.withProgress(shown), warnings);
            } catch (RiotException e) { // RIOT's syntax errors and statements the store refuses name file and place
                throw CliException.badInput(e.getMessage() + " (nothing was loaded)", e);
            }
            warnings.printUncounted();
        }
        printBadLines(result, err);
        printSummary(result, store.directory, out);
        out.flush();
        return CinnabarCommand.OK;
    }

    /** The syntax of each file: --format, or by its name (N-Quads, read by our parser, if the name tells none). */
    private List<Lang> langs(List<Path> files) throws CliException {
        Lang forced = null;
        if (format != null) {
            try {
                forced = InputFormats.byName(format);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--format: " + e.getMessage());
            }
        }
        List<Lang> langs = new ArrayList<>(files.size());
        for (Path file : files) {
            Lang lang = forced != null ? forced : InputFormats.byFileName(file);
            langs.add(lang != null ? lang : Lang.NQUADS);
        }
        return langs;
    }

    /** The input files: each given file, and the RDF and .gz files under each given directory. */
    static List<Path> expand(List<Path> inputs) throws IOException, CliException {
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw CliException.badInput("no such file or directory: " + input);
            }
            if (!Files.isReadable(input)) {
                throw CliException.badInput("cannot read " + input);
            }
        }
        List<Path> files = InputFormats.expand(inputs);
        if (files.isEmpty()) {
            throw CliException.badInput("no RDF files in " + inputs);
        }
        return files;
    }

    static void printBadLines(BulkLoadResult result, PrintStream err) {
        for (String report : result.badLineReports()) {
            err.println("skipped " + report);
        }
        long unreported = result.badLines() - result.badLineReports().size();
        if (unreported > 0) {
            err.println("... and " + Format.count(unreported) + " more bad " + (unreported == 1 ? "line" : "lines")
                + " skipped");
        }
    }

    static void printSummary(BulkLoadResult result, Path store, PrintStream out) {
        out.println("Loaded " + result.files() + (result.files() == 1 ? " file" : " files") + " into " + store
            + " in " + Format.seconds(result.seconds()));
        out.println("  statements:  " + Format.count(result.statements()));
        out.println("  quads added: " + Format.count(result.quadsAdded())
            + (result.statements() > result.quadsAdded() ? "  (duplicates and quads already present are stored once)"
                : ""));
        out.println("  bad lines:   " + Format.count(result.badLines()) + (result.badLines() > 0 ? "  (skipped)" : ""));
        out.println("  atoms added: " + Format.count(result.atomsAdded()));
        out.println("  bytes read:  " + Format.bytes(result.bytesRead()));
        out.println("  rate:        " + Format.rate(result.statementsPerSecond()) + " quads/s");
    }

    /** RIOT's warnings on standard error, the first few in full, then only counted. */
    private static final class LoadWarnings implements ErrorHandler {
        private static final int SHOWN = 10;
        private final PrintStream err;
        private long warnings;

        LoadWarnings(PrintStream err) {
            this.err = err;
        }

        @Override
        public void warning(String message, long line, long column) {
            if (++warnings <= SHOWN) {
                err.println("cinnabar load: warning: " + message);
            }
        }

        /** Not called: the bulk load raises RIOT's errors itself, naming the file. */
        @Override
        public void error(String message, long line, long column) {
            fatal(message, line, column);
        }

        @Override
        public void fatal(String message, long line, long column) {
            throw new RiotException(message);
        }

        void printUncounted() {
            if (warnings > SHOWN) {
                err.println("cinnabar load: " + Format.count(warnings - SHOWN) + " more warnings");
            }
        }
    }
}
