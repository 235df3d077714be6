package dev.cinnabar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.jena.riot.Lang;

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
 * {@code cinnabar load}: loads RDF files into a store, creating it if absent. N-Triples and N-Quads go through our own
 * bulk loader; any other syntax RIOT reads (Turtle, TriG, RDF/XML, JSON-LD, ...) through one Jena write transaction.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = {"Load RDF files into a store, creating it if absent. The syntax comes from the file name (.nt, "
        + ".nq, .ttl, .trig, .rdf/.owl/.xml, .jsonld, .rj, .trix, ...; each also gzipped, .gz) or from --format; a "
        + "name with no known extension is read as N-Quads. A directory stands for the RDF and .gz files under it.",
        "",
        "The load is one transaction: it commits at the end, and if it fails the store stays as it was. Strict by "
            + "default: the first error stops the load (exit code 1) with its file, line and column. With "
            + "--skip-bad (N-Triples and N-Quads only), bad lines are skipped, counted and reported.",
        "N-Triples and N-Quads alone take the bulk loader, the fast path; a load with any other syntax reads every "
            + "file with Jena's RIOT parsers into one write transaction.",
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
        if (showBad < 0 || !(progressSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--show-bad and --progress-seconds must be positive");
        }
        PrintStream out = root.out;
        PrintStream err = root.err;
        List<Path> files = expand(inputs);
        List<Lang> langs = langs(files);
        boolean bulk = langs.stream().allMatch(InputFormats::bulkLoadable);
        if (!bulk && skipBad) {
            int first = 0;
            while (InputFormats.bulkLoadable(langs.get(first))) {
                first++;
            }
            throw new ParameterException(spec.commandLine(), "--skip-bad works for N-Triples and N-Quads only, and "
                + files.get(first) + " is " + langs.get(first).getLabel());
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
            try (LoadProgress shown = LoadProgress.start(progress, totalBytes, err,
                Math.max(1, Math.round(progressSeconds * 1000)))) {
                result = bulk ? quadStore.bulkLoad(files, options.withProgress(shown))
                    : RiotLoad.load(quadStore, files, langs, base, shown, err);
            }
        }
        printBadLines(result, err);
        printSummary(result, store.directory, out);
        out.flush();
        return CinnabarCommand.OK;
    }

    /** The syntax of each file: --format, or by its name (null: read as N-Quads by the bulk loader). */
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
            langs.add(forced != null ? forced : InputFormats.byFileName(file));
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
}
