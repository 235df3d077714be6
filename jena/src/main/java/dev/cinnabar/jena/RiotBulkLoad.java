package dev.cinnabar.jena;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.BulkLoader;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.io.RdfFiles;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Term;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.MapWithScope;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.shared.JenaException;
import org.apache.jena.sparql.core.Quad;

/**
 * A bulk load of files in any syntax RIOT reads (ADR-011): N-Triples and N-Quads go to the store's own parser
 * ({@link BulkLoader#load}); every other file is parsed by RIOT's streaming parser on a thread of its own, whose
 * statements, converted to store terms there, reach this thread (the loader's, which interns them) in blocks. So
 * parsing and interning use both cores, as for N-Triples. All files commit together or not at all.
 *
 * <p>Blank nodes are scoped to their file as in the N-Triples path: every label gets a scope of the load
 * ({@link BulkLoader#newBlankNodeScope()}) in front; a label that would not be a valid N-Triples label that way is
 * hex-encoded under a scope of its own, and a blank node without a label ({@code []}, a collection) is numbered
 * under a third, so none of them can meet. Prefixes are kept in the store's metadata as {@link StorePrefixMap} does,
 * committed with the quads, as a Jena write transaction would.
 */
final class RiotBulkLoad {

    private static final int BLOCK_STATEMENTS = 2048;
    private static final int QUEUED_BLOCKS = 8;
    private static final Block END = new Block();

    private final BulkLoader loader;
    private final String base;
    private final ErrorHandler warnings;
    private final ExecutorService parsers = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cinnabar-riot-parser");
        thread.setDaemon(true);
        return thread;
    });

    private RiotBulkLoad(BulkLoader loader, String base, ErrorHandler warnings) {
        this.loader = loader;
        this.base = base;
        this.warnings = warnings;
    }

    /**
     * Loads {@code files}, the i-th in {@code langs.get(i)} (N-Triples and N-Quads by the store's parser), into
     * {@code store} in one bulk load.
     */
    static BulkLoadResult load(QuadStore store, List<Path> files, List<Lang> langs, String base,
        BulkLoadOptions options, ErrorHandler warnings) throws IOException {
        try (BulkLoader loader = store.bulkLoader(options)) {
            RiotBulkLoad load = new RiotBulkLoad(loader, base, warnings);
            try {
                List<Path> ours = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    Lang lang = langs.get(i);
                    if (lang.equals(Lang.NTRIPLES) || lang.equals(Lang.NQUADS)) {
                        ours.add(files.get(i));
                        continue;
                    }
                    if (!ours.isEmpty()) {
                        loader.load(ours);
                        ours.clear();
                    }
                    load.parse(files.get(i), lang);
                }
                if (!ours.isEmpty()) {
                    loader.load(ours);
                }
            } finally {
                load.parsers.shutdownNow();
                try { // a parse given up on ends at its next statement, or when its read is interrupted
                    load.parsers.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return loader.commit();
        }
    }

    /** Statements of one file, converted, with the prefixes declared before them and the bytes read so far. */
    private static final class Block {
        final Term[] terms = new Term[BLOCK_STATEMENTS * 4];
        final List<String[]> prefixes = new ArrayList<>();
        int statements;
        long bytesRead;
    }

    /** Parses {@code file} on the parser thread while this thread adds its statements to the loader. */
    private void parse(Path file, Lang lang) throws IOException {
        BlockingQueue<Block> full = new ArrayBlockingQueue<>(QUEUED_BLOCKS);
        Parse parse = new Parse(file, lang, full);
        Future<?> parsing = parsers.submit(parse::run);
        long statement = 0;
        long counted = 0;
        boolean done = false;
        try {
            for (Block block = take(full); block != END; block = take(full)) {
                for (String[] prefix : block.prefixes) {
                    addPrefix(file, prefix[0], prefix[1]);
                }
                Term[] terms = block.terms;
                for (int i = 0; i < block.statements * 4; i += 4) {
                    statement++;
                    try {
                        loader.add(terms[i], terms[i + 1], terms[i + 2], terms[i + 3]);
                    } catch (IllegalArgumentException e) {
                        throw new RiotException(file + ": statement " + statement + ": " + e.getMessage(), e);
                    }
                }
                loader.countInput(0, block.bytesRead - counted);
                counted = block.bytesRead;
            }
            if (parse.failure instanceof UncheckedIOException io) {
                throw io.getCause(); // reading the file failed: as from the store's own parser, an IOException
            } else if (parse.failure != null) {
                throw parse.failure;
            }
            loader.countInput(1, parse.bytesRead - counted);
            done = true;
        } finally {
            if (!done) {
                parse.aborted = true;
                parsing.cancel(true);
            }
        }
    }

    private void addPrefix(Path file, String prefix, String iri) {
        try {
            loader.putMetadata(StorePrefixMap.key(prefix), iri);
        } catch (IllegalArgumentException e) {
            throw new RiotException(file + ": prefix " + prefix + ": " + e.getMessage(), e);
        }
    }

    private static Block take(BlockingQueue<Block> full) throws InterruptedIOException {
        try {
            return full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("bulk load interrupted");
        }
    }

    /** One file's parse, on the parser thread: RIOT into blocks of store terms. */
    private final class Parse extends StreamRDFBase {
        private final Path file;
        private final Lang lang;
        private final BlockingQueue<Block> full;
        private Block block = new Block();
        private long statements;
        volatile long bytesRead;
        volatile boolean aborted;
        /** Read by the loading thread after it took END. */
        volatile RuntimeException failure;

        Parse(Path file, Lang lang, BlockingQueue<Block> full) {
            this.file = file;
            this.lang = lang;
            this.full = full;
        }

        void run() {
            try (InputStream in = RdfFiles.decompress(new Counted(Files.newInputStream(file), this))) {
                RDFParser.create()
                    .source(in)
                    .lang(lang)
                    .base(base != null ? base : file.toAbsolutePath().toUri().toString())
                    .errorHandler(new FileErrors(file, warnings))
                    .labelToNode(new LabelToNode(new NoScope(), new ScopedLabels(loader)))
                    .parse(this);
                hand();
            } catch (RuntimeException e) {
                failure = positioned(e);
            } catch (IOException e) {
                failure = new UncheckedIOException(e);
            } finally {
                try {
                    full.put(END);
                } catch (InterruptedException e) {
                    // the loading thread gave up on this parse and takes nothing more
                }
            }
        }

        /** Names the file in a RIOT error that came without one (JSON-LD's, say); unwraps a bad statement. */
        private RuntimeException positioned(RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BadStatement bad) { // maybe wrapped by a parser (RDF/XML's SAX, say)
                    return new RiotException(bad.getMessage(), bad.getCause());
                }
                if (cause instanceof Aborted) {
                    return (Aborted) cause;
                }
            }
            if (!(e instanceof JenaException)) {
                return e;
            }
            String message = e.getMessage();
            return message != null && message.startsWith(file.toString()) ? e
                : new RiotException(file + ": " + (message == null ? e.getClass().getSimpleName() : message), e);
        }

        @Override
        public void triple(Triple triple) {
            add(DefaultGraph.INSTANCE, triple.getSubject(), triple.getPredicate(), triple.getObject(), null);
        }

        @Override
        public void quad(Quad quad) {
            add(null, quad.getSubject(), quad.getPredicate(), quad.getObject(), quad.getGraph());
        }

        @Override
        public void prefix(String prefix, String iri) {
            block.prefixes.add(new String[] {prefix, iri});
        }

        private void add(Term defaultGraph, Node s, Node p, Node o, Node g) {
            statements++;
            int at = block.statements * 4;
            try {
                block.terms[at] = defaultGraph != null ? defaultGraph : TermMapping.toGraphTerm(g);
                block.terms[at + 1] = TermMapping.toTerm(s);
                block.terms[at + 2] = TermMapping.toTerm(p);
                block.terms[at + 3] = TermMapping.toTerm(o);
            } catch (JenaException | IllegalArgumentException e) {
                throw new BadStatement(file + ": statement " + statements + ": " + e.getMessage(), e);
            }
            if (++block.statements == BLOCK_STATEMENTS) {
                hand();
            }
        }

        private void hand() {
            if (aborted) {
                throw new Aborted();
            }
            block.bytesRead = bytesRead;
            try {
                full.put(block);
            } catch (InterruptedException e) {
                throw new Aborted();
            }
            block = new Block();
        }
    }

    /** A statement the store cannot hold; not a RiotException, so that it passes the parser untouched. */
    private static final class BadStatement extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadStatement(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The loading thread gave up on this parse; nobody reads its outcome. */
    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("bulk load aborted", null, false, false);
        }
    }

    /** Counts the input bytes read (compressed bytes for a gzipped file), for progress and the result. */
    private static final class Counted extends FilterInputStream {
        private final Parse parse;

        Counted(InputStream in, Parse parse) {
            super(in);
            this.parse = parse;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                parse.bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                parse.bytesRead += n;
            }
            return n;
        }
    }

    /** RIOT's errors as RiotExceptions naming file, line and column; warnings to the caller's handler. */
    private static final class FileErrors implements ErrorHandler {
        private final Path file;
        private final ErrorHandler warnings;

        FileErrors(Path file, ErrorHandler warnings) {
            this.file = file;
            this.warnings = warnings;
        }

        @Override
        public void warning(String message, long line, long column) {
            if (warnings != null) {
                warnings.warning(place(line, column) + message, line, column);
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

    /** No label map: a label's node is a function of the label, so a parse keeps no table of them. */
    private static final class NoScope implements MapWithScope.ScopePolicy<String, Node, Node> {
        @Override
        public Map<String, Node> getScope(Node scope) {
            return null;
        }

        @Override
        public void clear() {
        }
    }

    /** Blank nodes of one file: scoped labels, hex-encoded odd labels, numbered fresh nodes (see the class doc). */
    private static final class ScopedLabels implements MapWithScope.Allocator<String, Node, Node> {
        private final String labelled;
        private final String encoded;
        private final String fresh;
        private long created;

        ScopedLabels(BulkLoader loader) {
            labelled = loader.newBlankNodeScope();
            encoded = loader.newBlankNodeScope();
            fresh = loader.newBlankNodeScope();
        }

        @Override
        public Node alloc(Node scope, String label) {
            return NodeFactory.createBlankNode(plain(label) ? labelled + label : encoded + hex(label));
        }

        @Override
        public Node create() {
            return NodeFactory.createBlankNode(fresh + created++);
        }

        @Override
        public void reset() {
        }

        /** Whether the label, after a scope, is an N-Triples label: ASCII letters, digits, _ - and inner dots. */
        private static boolean plain(String label) {
            int n = label.length();
            if (n == 0 || label.charAt(n - 1) == '.') {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.')) {
                    return false;
                }
            }
            return true;
        }

        private static String hex(String label) {
            StringBuilder out = new StringBuilder(label.length() * 2);
            for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
                out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return out.toString();
        }
    }
}
