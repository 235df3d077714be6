package dev.cinnabar.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.jena.graph.Triple;
import org.apache.jena.query.TxnType;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.shared.JenaException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;

import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;
import dev.cinnabar.quadstore.io.RdfFiles;

/**
 * A load through RIOT, for the syntaxes our bulk loader does not read (Turtle, TriG, RDF/XML, JSON-LD, ...): every
 * file is parsed into one Jena write transaction on the store, which commits at the end. Bad input anywhere aborts it,
 * so the store stays as it was. Each file is a parse of its own, so its blank node labels are its own.
 */
final class RiotLoad {

    /** Warnings printed before the rest are only counted. */
    private static final int SHOWN_WARNINGS = 10;
    /** Statements between progress updates. */
    private static final int PROGRESS_EVERY = 4096;

    private static final String NOTHING_LOADED = " (nothing was loaded)";

    private final PrintStream err;
    private final String base;
    private final LoadProgress progress;
    private long bytesRead;
    private long statements;
    private long warnings;

    private RiotLoad(PrintStream err, String base, LoadProgress progress) {
        this.err = err;
        this.base = base;
        this.progress = progress;
    }

    /**
     * Loads {@code files}, the i-th in syntax {@code langs.get(i)}, into {@code store} in one write transaction.
     * Relative IRIs resolve against {@code base}, or each file's {@code file:} URI when null.
     *
     * @throws CliException (bad input) naming the file, line and column of the first error; nothing is loaded then
     */
    static BulkLoadResult load(QuadStore store, List<Path> files, List<Lang> langs, String base, LoadProgress progress,
        PrintStream err) throws IOException, CliException {
        return new RiotLoad(err, base, progress).run(store, files, langs);
    }

    private BulkLoadResult run(QuadStore store, List<Path> files, List<Lang> langs) throws IOException, CliException {
        QuadStoreStats before = store.stats();
        long started = System.nanoTime();
        DatasetGraph dataset = CinnabarJena.wrap(store);
        dataset.begin(TxnType.WRITE);
        boolean committed = false;
        try {
            for (int i = 0; i < files.size(); i++) {
                parse(files.get(i), langs.get(i), dataset);
            }
            dataset.commit();
            committed = true;
        } finally {
            if (!committed && dataset.isInTransaction()) { // a failed commit has rolled back already
                dataset.abort();
            }
            dataset.end();
        }
        if (warnings > SHOWN_WARNINGS) {
            err.println("cinnabar load: " + Format.count(warnings - SHOWN_WARNINGS) + " more warnings");
        }
        QuadStoreStats after = store.stats();
        return new BulkLoadResult(files.size(), statements, after.quads() - before.quads(), 0, List.of(),
            after.atoms() - before.atoms(), bytesRead, (System.nanoTime() - started) / 1e9);
    }

    private void parse(Path file, Lang lang, DatasetGraph dataset) throws IOException, CliException {
        StreamRDF sink = new Counting(StreamRDFLib.dataset(dataset), file);
        long before = bytesRead;
        try (InputStream in = RdfFiles.decompress(new Counted(Files.newInputStream(file), before))) {
            RDFParser.create()
                .source(in)
                .lang(lang)
                .base(base != null ? base : file.toAbsolutePath().toUri().toString())
                .errorHandler(new FileErrors(file))
                .parse(sink);
        } catch (BadStatement e) {
            throw CliException.badInput(e.getMessage() + NOTHING_LOADED, e.getCause());
        } catch (RiotException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof BadStatement bad) { // came back wrapped by a parser (RDF/XML's SAX, say)
                    throw CliException.badInput(bad.getMessage() + NOTHING_LOADED, bad.getCause());
                }
            }
            // An error that did not come through FileErrors (JSON-LD's, say) has no position: name the file.
            String message = e.getMessage();
            throw CliException.badInput((message != null && message.startsWith(file.toString()) ? message
                : file + ": " + (message == null ? e.getClass().getSimpleName() : message)) + NOTHING_LOADED, e);
        }
    }

    /** Counts the input bytes read (compressed bytes for a gzipped file), for progress and the summary. */
    private final class Counted extends FilterInputStream {
        private final long start;
        private long read;

        Counted(InputStream in, long start) {
            super(in);
            this.start = start;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            bytesRead = start + read;
        }
    }

    /** Counts statements, reports progress, and names the file when the store refuses a statement's terms. */
    private final class Counting extends StreamRDFWrapper {
        private final Path file;
        private long inFile;

        Counting(StreamRDF other, Path file) {
            super(other);
            this.file = file;
        }

        @Override
        public void triple(Triple triple) {
            try {
                super.triple(triple);
            } catch (JenaException | IllegalArgumentException e) {
                throw new BadStatement(file + ": statement " + (inFile + 1) + ": " + e.getMessage(), e);
            }
            counted();
        }

        @Override
        public void quad(Quad quad) {
            try {
                super.quad(quad);
            } catch (JenaException | IllegalArgumentException e) {
                throw new BadStatement(file + ": statement " + (inFile + 1) + ": " + e.getMessage(), e);
            }
            counted();
        }

        private void counted() {
            inFile++;
            if (++statements % PROGRESS_EVERY == 0) {
                progress.update(bytesRead, 0, statements);
            }
        }
    }

    /** A statement the store cannot hold; not a RiotException, so that it passes the parser untouched. */
    private static final class BadStatement extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadStatement(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** RIOT's errors as bad input naming file, line and column; warnings on standard error. */
    private final class FileErrors implements ErrorHandler {
        private final Path file;

        FileErrors(Path file) {
            this.file = file;
        }

        @Override
        public void warning(String message, long line, long column) {
            if (++warnings <= SHOWN_WARNINGS) {
                err.println("cinnabar load: warning: " + place(line, column) + message);
            }
        }

        @Override
        public void error(String message, long line, long column) {
            throw new RiotException(place(line, column) + message);
        }

        @Override
        public void fatal(String message, long line, long column) {
            throw new RiotException(place(line, column) + message);
        }

        private String place(long line, long column) {
            return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": ";
        }
    }
}
