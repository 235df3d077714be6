package dev.cinnabar.quadstore;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.agrona.DirectBuffer;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MergeCursor;
import dev.cinnabar.quadstore.index.PrefetchCursor;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.quadstore.index.SortedRows;
import dev.cinnabar.quadstore.io.NQuadsParser;
import dev.cinnabar.quadstore.io.ParsedTerm;
import dev.cinnabar.quadstore.io.RdfSyntaxException;
import dev.cinnabar.quadstore.io.StatementSink;
import dev.cinnabar.quadstore.io.SyntaxErrorHandler;
import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

/**
 * One bulk load: parse → intern → sort → write segments, then one commit. The statements come from our N-Triples
 * and N-Quads parser ({@link #loadFiles}) or from the caller term by term ({@link #add}, for RIOT's parsers), into
 * the same chunks. For files, a parser thread turns lines into batches of term encodings (no String per term); the
 * calling thread, which holds the store's writer lock, interns them (each under the atom write lock) into atom ids
 * and fills chunks of (g, s, p, o) rows; a sorter thread sorts each full chunk into the six orders and writes it as
 * an uncommitted segment file. At the end the chunks are merged into one segment (duplicates stored once) and
 * committed by one manifest save, with any metadata the load set. Until then nothing is visible, and a failure, or
 * a kill, leaves the store as it was: uncommitted atoms are rolled back (or dropped by recovery) and segment files no
 * manifest names are deleted (now, or by the next open). Used by the writer thread only; see {@link BulkLoader}.
 */
final class BulkLoad {

    private static final int BATCH_STATEMENTS = 8192;
    private static final int BATCH_BYTES = 1 << 20;
    private static final int QUEUED_BATCHES = 4;
    /** Statements added between progress reports, as the parser reports about once a batch. */
    private static final int PROGRESS_EVERY = 4096;
    /** A typed literal whose datatype is not yet an atom id: varint(IRI length), datatype IRI, lexical form. */
    private static final byte PENDING_TYPED = 0x7F;
    /**
     * A triple term whose components are not yet atom ids. Nesting is a chain through the objects, so it is kept
     * flat: varint(depth), then for each level from the outermost in, varint(length) and the batch encoding of its
     * subject and of its predicate, then varint(length) and the batch encoding of the innermost object (which may
     * be PENDING_TYPED). Flat, so any depth is written and interned in a loop, in time linear in its size.
     */
    private static final byte PENDING_TRIPLE = 0x7E;
    private static final Batch END = new Batch(0);
    /** {@code -Dcinnabar.bulk.trace=true} prints each phase's time to standard error, for tuning. */
    private static final boolean TRACE = Boolean.getBoolean("cinnabar.bulk.trace");

    private final QuadStore store;
    private final AtomStore atoms;
    private final BulkLoadOptions options;
    /** Room an atom needs beyond a term's value: kind byte, datatype id, blank node prefix, a language tag. */
    private static final int TERM_ENCODING_BYTES = 1024;
    private final long defaultGraph;
    private final List<Segment> written = new ArrayList<>();
    private final ExecutorService sorter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cinnabar-bulk-sorter");
        thread.setDaemon(true);
        return thread;
    });
    /** Sorts a chunk's six orders two at a time (this machine class has two cores). */
    private final ExecutorService orderSorters = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "cinnabar-bulk-order-sorter");
        thread.setDaemon(true);
        return thread;
    });
    private byte[] typedScratch = new byte[256];
    private final byte[][] datatypeBytes = new byte[8][];
    private final long[] datatypeIds = new long[8];
    /**
     * Recently interned encodings (up to 128 bytes) and their ids, direct-mapped by a cheap hash: repeated terms
     * (predicates, classes, a subject's consecutive statements) skip the atom store's hash and its cache misses.
     */
    private static final int CACHE_SLOTS = 1 << 12;
    private static final int CACHE_TERM_BYTES = 128;
    private final byte[] cacheBytes = new byte[CACHE_SLOTS * CACHE_TERM_BYTES];
    private final int[] cacheLengths = new int[CACHE_SLOTS];
    private final long[] cacheIds = new long[CACHE_SLOTS];
    /** Encodes the terms given to {@link #add}; its datatype cache stays valid, as no atom of this load rolls back. */
    private final TermCodec codec = new TermCodec();
    private final TermCodec datatypeCodec = new TermCodec();

    /** The chunk being filled, the one before it (free once its sort is collected) and the sort in progress. */
    private long[] rows;
    private long[] spare;
    private int count;
    private Future<Segment> sorting;

    /** Blank node scopes: a nonce unique to the load, and the scopes handed out so far. */
    private final String nonce = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final AtomicInteger scopes = new AtomicInteger();
    private final TreeMap<String, String> metadata = new TreeMap<>();
    private final long started = System.nanoTime();
    private final long atomsBefore;

    // Written by a parser thread, read by the loading thread after it joined.
    private volatile Throwable parserFailure;
    private int files;
    private long statements;
    private long badLines;
    private final List<String> badLineReports = new ArrayList<>();
    private volatile long bytesRead;
    private long bytesTotal;
    private volatile boolean aborted;

    BulkLoad(QuadStore store, AtomStore atoms, long defaultGraph, BulkLoadOptions options) {
        this.store = store;
        this.atoms = atoms;
        this.defaultGraph = defaultGraph;
        this.options = options;
        this.atomsBefore = atomCount();
    }

    /** One batch of encoded statements: 4 terms each (graph first; length -1 is the default graph). */
    private static final class Batch {
        byte[] bytes;
        int used;
        final int[] start;
        final int[] length;
        int statements;

        Batch(int statementCapacity) {
            bytes = new byte[statementCapacity == 0 ? 0 : BATCH_BYTES];
            start = new int[statementCapacity * 4];
            length = new int[statementCapacity * 4];
        }

        void clear() {
            used = 0;
            statements = 0;
        }
    }

    /**
     * A prefix for the blank node labels of one source (a file), unique to it within this load and, by the load's
     * random nonce, across loads: {@code _:b1} in two files is two blank nodes. Any thread.
     */
    String newBlankNodeScope() {
        return "b" + nonce + "x" + scopes.getAndIncrement() + "_";
    }

    /** Parses N-Triples and N-Quads {@code paths} on a parser thread and interns their statements here. */
    void loadFiles(List<Path> paths) throws IOException {
        long total = 0;
        for (Path file : paths) {
            total += Files.size(file);
        }
        bytesTotal += total;
        // Room for every batch and the end marker, so that handing over the end never waits or fails.
        BlockingQueue<Batch> full = new ArrayBlockingQueue<>(QUEUED_BATCHES + 3);
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(QUEUED_BATCHES + 2);
        for (int i = 0; i < QUEUED_BATCHES + 2; i++) {
            free.add(new Batch(BATCH_STATEMENTS));
        }
        long before = bytesRead;
        Thread parser = new Thread(() -> parseAll(paths, before, full, free), "cinnabar-bulk-parser");
        parser.setDaemon(true);
        boolean done = false;
        try {
            parser.start();
            intern(full, free);
            parser.join();
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("bulk load interrupted");
        } finally {
            if (!done) {
                aborted = true;
                parser.interrupt();
                try {
                    parser.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        files += paths.size();
        if (parserFailure != null) {
            throw parserFailure instanceof IOException io ? io : new IOException("bulk load failed", parserFailure);
        }
    }

    /**
     * Adds one quad given as terms, interned here; labels of blank nodes are taken as given.
     *
     * @throws IllegalArgumentException if a position holds a term it cannot hold, or a term is longer than the load
     *                                  accepts, naming it
     */
    void add(Term graph, Term subject, Term predicate, Term object) throws IOException {
        new Quad(graph, subject, predicate, object); // checks each position's kind of term
        long g = graph == DefaultGraph.INSTANCE ? defaultGraph : internTerm(graph);
        addRow(g, internTerm(subject), internTerm(predicate), internTerm(object));
        if (++statements % PROGRESS_EVERY == 0) {
            report();
        }
    }

    /** Counts input that the caller's own parser read, for progress and the result. */
    void countInput(int inputFiles, long bytes) {
        files += inputFiles;
        bytesRead += bytes;
        bytesTotal += bytes;
        report();
    }

    /** Sets metadata {@code key} to {@code value} at the load's commit, checked as a transaction's. */
    void putMetadata(String key, String value) {
        if (value == null) {
            throw new NullPointerException("metadata value");
        }
        TxnView.checkMetadataText("key", key, QuadReader.MAX_METADATA_KEY_BYTES);
        TxnView.checkMetadataText("value", value, QuadReader.MAX_METADATA_VALUE_BYTES);
        String was = metadata.put(key, value);
        if (Commits.applyChanges(store.metadataForLoad(), metadata).size() > QuadReader.MAX_METADATA_ENTRIES) {
            if (was == null) {
                metadata.remove(key);
            } else {
                metadata.put(key, was);
            }
            throw new IllegalArgumentException("a store holds at most " + QuadReader.MAX_METADATA_ENTRIES
                + " metadata entries");
        }
    }

    /** Sorts the last chunk, merges the chunks and commits them with the metadata: the load's one commit point. */
    BulkLoadResult commit() throws IOException {
        if (count > 0) {
            sortChunk();
        }
        collect(sorting);
        sorting = null;
        trace("parsed, interned and sorted " + written.size() + " chunks", started);
        long merging = System.nanoTime();
        SortedMap<String, String> changes = store.metadataChangesForLoad(metadata);
        long quadsAdded = written.isEmpty() && changes.isEmpty() ? 0 : commit(changes);
        trace("merged and committed", merging);
        return new BulkLoadResult(files, statements, quadsAdded, badLines, badLineReports,
            atomCount() - atomsBefore, bytesRead, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Stops the threads and deletes the chunk segments; unless the load committed, rolls back the atoms it interned.
     */
    void end(boolean committed) {
        aborted = true;
        sorter.shutdownNow();
        orderSorters.shutdownNow();
        try {
            sorter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sorting != null && sorting.isDone() && !sorting.isCancelled()) {
            try {
                written.add(sorting.get()); // written, never collected: delete it with the others
            } catch (InterruptedException | ExecutionException e) {
                // failed or interrupted: it left no segment to delete
            }
        }
        for (Segment segment : written) {
            store.discardSegment(segment);
        }
        written.clear();
        if (!committed) {
            store.rollbackUncommittedAtoms();
        }
    }

    private static void trace(String phase, long since) {
        if (TRACE) {
            System.err.printf("cinnabar bulk load: %s in %.2f s%n", phase, (System.nanoTime() - since) / 1e9);
        }
    }

    // ------------------------------------------------------------------------------------------------ parsing

    private void parseAll(List<Path> paths, long before, BlockingQueue<Batch> full, BlockingQueue<Batch> free) {
        try {
            Batch[] current = {free.take()};
            long[] readBefore = {before};
            for (Path file : paths) {
                // Blank node labels are scoped to one file of one load: _:b1 in two files is two blank nodes.
                byte[] blankPrefix = newBlankNodeScope().getBytes(StandardCharsets.UTF_8);
                boolean quads = isQuads(file);
                try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
                    InputStream in = decompressed(counted, file.getFileName().toString())) {
                    NQuadsParser parser = new NQuadsParser(quads, options.maxLineBytes(), maxTermBytes());
                    StatementSink sink = (s, p, o, g) -> {
                        if (aborted) {
                            throw new InterruptedIOException("bulk load aborted");
                        }
                        Batch batch = current[0];
                        if (batch.statements == BATCH_STATEMENTS || batch.used + statementBound(s, p, o, g,
                            blankPrefix.length) > batch.bytes.length) {
                            if (batch.statements > 0) {
                                hand(batch, full);
                                bytesRead = readBefore[0] + counted.count;
                                report();
                                batch = take(free);
                                current[0] = batch;
                            }
                            int bound = statementBound(s, p, o, g, blankPrefix.length);
                            if (bound > batch.bytes.length) {
                                batch.bytes = new byte[bound]; // one statement bigger than a batch
                            }
                        }
                        encodeStatement(batch, s, p, o, g, blankPrefix);
                        statements++;
                    };
                    SyntaxErrorHandler errors = options.skipBadLines() ? this::skip : SyntaxErrorHandler.STRICT;
                    parser.parse(in, file.toString(), sink, errors);
                    readBefore[0] += counted.count;
                }
            }
            bytesRead = readBefore[0];
            if (current[0].statements > 0) {
                hand(current[0], full);
            }
            report();
        } catch (Throwable t) {
            parserFailure = t;
        } finally {
            full.offer(END);
        }
    }

    /** The option's term limit, but never more than the atom store can hold with a term's encoding around it. */
    private int maxTermBytes() {
        int atomLimit = store.options().atomStoreOptions().maxAtomBytes() - TERM_ENCODING_BYTES;
        return Math.max(1, Math.min(options.maxTermBytes(), atomLimit));
    }

    private void skip(RdfSyntaxException e) {
        badLines++;
        if (badLineReports.size() < options.maxReportedBadLines()) {
            badLineReports.add(e.getMessage());
        }
    }

    private void report() {
        BulkLoadOptions.Progress progress = options.progress();
        if (progress != null) {
            progress.update(bytesRead, bytesTotal, statements);
        }
    }

    private void hand(Batch batch, BlockingQueue<Batch> full) throws InterruptedIOException {
        try {
            full.put(batch);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("bulk load aborted");
        }
    }

    private Batch take(BlockingQueue<Batch> free) throws InterruptedIOException {
        try {
            Batch batch = free.take();
            batch.clear();
            return batch;
        } catch (InterruptedException e) {
            throw new InterruptedIOException("bulk load aborted");
        }
    }

    static boolean isQuads(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        return name.endsWith(".nq");
    }

    /** The file's content: a gzip file is inflated on a thread of its own, so that parsing runs beside it. */
    private static InputStream decompressed(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new InflatingInputStream(new GZIPInputStream(in, 1 << 16), name) : in;
    }

    /** Bytes a statement can take encoded: its terms' bytes, kind bytes, varints and the blank node prefix. */
    private static int statementBound(ParsedTerm s, ParsedTerm p, ParsedTerm o, ParsedTerm g, int prefix) {
        return termBound(s, prefix) + termBound(p, prefix) + termBound(o, prefix)
            + (g == null ? 0 : termBound(g, prefix));
    }

    private static int termBound(ParsedTerm term, int prefix) {
        int bound = 1 + 5;
        ParsedTerm t = term;
        for (; t.kind() == ParsedTerm.TRIPLE_TERM; t = t.tripleObject()) {
            bound += 5 + leafBound(t.tripleSubject(), prefix) + 5 + leafBound(t.triplePredicate(), prefix);
        }
        return t == term ? leafBound(term, prefix) : bound + 5 + leafBound(t, prefix);
    }

    private static int leafBound(ParsedTerm term, int prefix) {
        return 2 + 10 + prefix + term.valueLength() + term.datatypeLength() + term.languageLength();
    }

    private void encodeStatement(Batch batch, ParsedTerm s, ParsedTerm p, ParsedTerm o, ParsedTerm g,
        byte[] blankPrefix) throws IOException {
        int slot = batch.statements * 4;
        if (g == null) {
            batch.start[slot] = 0;
            batch.length[slot] = -1;
        } else {
            encodeTerm(batch, slot, g, blankPrefix);
        }
        encodeTerm(batch, slot + 1, s, blankPrefix);
        encodeTerm(batch, slot + 2, p, blankPrefix);
        encodeTerm(batch, slot + 3, o, blankPrefix);
        batch.statements++;
    }

    /**
     * Writes the term's canonical encoding (TermCodec's), except that a typed literal names its datatype IRI and a
     * triple term holds its components' encodings: both are made atom ids when interned.
     */
    private void encodeTerm(Batch batch, int slot, ParsedTerm term, byte[] blankPrefix) throws IOException {
        batch.start[slot] = batch.used;
        int at = encodeTerm(batch.bytes, batch.used, term, blankPrefix);
        batch.length[slot] = at - batch.start[slot];
        batch.used = at;
    }

    /** Writes the term at {@code out[at]} as {@link #encodeTerm(Batch, int, ParsedTerm, byte[])}; returns the end. */
    private static int encodeTerm(byte[] out, int at, ParsedTerm term, byte[] blankPrefix) throws IOException {
        DirectBuffer in = term.buffer();
        switch (term.kind()) {
            case ParsedTerm.IRI -> {
                out[at++] = TermCodec.KIND_IRI;
                at = copy(in, term.valueOffset(), term.valueLength(), out, at);
            }
            case ParsedTerm.BLANK_NODE -> {
                out[at++] = TermCodec.KIND_BLANK_NODE;
                System.arraycopy(blankPrefix, 0, out, at, blankPrefix.length);
                at = copy(in, term.valueOffset(), term.valueLength(), out, at + blankPrefix.length);
            }
            case ParsedTerm.LITERAL -> {
                if (term.languageLength() > 0) {
                    if (term.direction() != 0) {
                        out[at++] = TermCodec.KIND_DIR_LANG_STRING;
                        out[at++] = term.direction() == ParsedTerm.LTR ? TermCodec.DIRECTION_LTR
                            : TermCodec.DIRECTION_RTL;
                    } else {
                        out[at++] = TermCodec.KIND_LANG_STRING;
                    }
                    at = putVarint(out, at, term.languageLength());
                    int tag = at;
                    at = copy(in, term.languageOffset(), term.languageLength(), out, at);
                    for (int i = tag; i < at; i++) { // tags are case-insensitive: stored lower-cased, as Literal does
                        if (out[i] >= 'A' && out[i] <= 'Z') {
                            out[i] += 'a' - 'A';
                        }
                    }
                } else if (term.isXsdString()) {
                    out[at++] = TermCodec.KIND_STRING; // the parser already refused rdf:langString without a tag
                } else {
                    out[at++] = PENDING_TYPED;
                    at = putVarint(out, at, term.datatypeLength());
                    at = copy(in, term.datatypeOffset(), term.datatypeLength(), out, at);
                }
                at = copy(in, term.valueOffset(), term.valueLength(), out, at);
            }
            case ParsedTerm.TRIPLE_TERM -> {
                out[at++] = PENDING_TRIPLE;
                int depth = 0;
                ParsedTerm t = term;
                for (; t.kind() == ParsedTerm.TRIPLE_TERM; t = t.tripleObject()) {
                    depth++;
                }
                at = putVarint(out, at, depth);
                for (t = term; t.kind() == ParsedTerm.TRIPLE_TERM; t = t.tripleObject()) {
                    at = encodeComponent(out, at, t.tripleSubject(), blankPrefix);
                    at = encodeComponent(out, at, t.triplePredicate(), blankPrefix);
                }
                at = encodeComponent(out, at, t, blankPrefix);
            }
            default -> throw new IOException("unsupported term kind " + term.kind());
        }
        return at;
    }

    /**
     * A triple term's component, never itself a triple term: its encoding after a varint of its length, whose room
     * (5 bytes) is kept first.
     */
    private static int encodeComponent(byte[] out, int at, ParsedTerm component, byte[] blankPrefix)
        throws IOException {
        int body = at + 5;
        int end = encodeTerm(out, body, component, blankPrefix);
        int length = end - body;
        int p = putVarint(out, at, length);
        System.arraycopy(out, body, out, p, length); // close the gap the varint did not fill
        return p + length;
    }

    private static int copy(DirectBuffer in, int offset, int length, byte[] out, int at) {
        in.getBytes(offset, out, at, length);
        return at + length;
    }

    private static int putVarint(byte[] out, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    // ------------------------------------------------------------------------------------------------ interning

    /** Interns every batch into chunks of rows, handing full chunks to the sorter. */
    private void intern(BlockingQueue<Batch> full, BlockingQueue<Batch> free) throws IOException, InterruptedException {
        while (true) {
            Batch batch = full.take();
            if (batch == END) {
                break;
            }
            for (int i = 0; i < batch.statements; i++) {
                int slot = i * 4;
                long g = batch.length[slot] < 0 ? defaultGraph : internTerm(batch, slot);
                addRow(g, internTerm(batch, slot + 1), internTerm(batch, slot + 2), internTerm(batch, slot + 3));
            }
            batch.clear();
            free.put(batch);
        }
    }

    /** Adds a row to the chunk, handing a full chunk to the sorter. */
    private void addRow(long g, long s, long p, long o) throws IOException {
        if (rows == null) {
            rows = new long[options.chunkQuads() * 4];
        }
        int at = count * 4;
        rows[at] = g;
        rows[at + 1] = s;
        rows[at + 2] = p;
        rows[at + 3] = o;
        if (++count == options.chunkQuads()) {
            sortChunk();
        }
    }

    /**
     * Waits for the chunk being sorted, then starts sorting the filled one and switches to the spare. The six orders
     * are sorted by two threads at once while the sorter writes them out in sequence.
     */
    private void sortChunk() throws IOException {
        collect(sorting);
        sorting = null;
        long[] filled = rows;
        int quads = count;
        sorting = sorter.submit(() -> {
            java.util.Map<IndexOrder, Future<EntryCursor>> sorted = new java.util.EnumMap<>(IndexOrder.class);
            for (IndexOrder order : IndexOrder.values()) {
                sorted.put(order, orderSorters.submit(() -> SortedRows.sortedDistinct(filled, quads, order)));
            }
            try {
                return store.newSegment(order -> {
                    try {
                        return sorted.get(order).get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.UncheckedIOException(new InterruptedIOException("sorting interrupted"));
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("sorting a chunk failed", e.getCause());
                    }
                });
            } finally {
                sorted.values().forEach(future -> future.cancel(true));
            }
        });
        // The spare is free: the chunk it held was written when the sort collected above ended.
        rows = spare != null ? spare : new long[options.chunkQuads() * 4];
        spare = filled;
        count = 0;
    }

    private void collect(Future<Segment> sort) throws IOException {
        if (sort == null) {
            return;
        }
        try {
            written.add(sort.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("bulk load interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("sorting a chunk failed", cause);
        }
    }

    /** The atom id of a term given to {@link #add}: its canonical encoding, interned. */
    private long internTerm(Term term) throws IOException {
        if (!(term instanceof TripleTerm triple)) {
            return internTerm(term, 0);
        }
        // a chain of objects, interned from its innermost level out in a loop (no recursion per level)
        TripleTerm[] levels = new TripleTerm[triple.depth()];
        Term t = triple;
        for (int i = 0; t instanceof TripleTerm level; i++) {
            levels[i] = level;
            t = level.object();
        }
        long object = internTerm(t, 0);
        for (int i = levels.length - 1; i >= 0; i--) {
            object = internTerm(levels[i], object);
        }
        return object;
    }

    /**
     * {@link #internTerm(Term)} of a term none of whose components is a triple term, but a triple term's object,
     * whose atom id is {@code objectId}.
     */
    private long internTerm(Term term, long objectId) throws IOException {
        int length;
        try {
            // The callback interns a datatype IRI or a triple term's component; the codec asks for them before it
            // writes its scratch, so the nested intern may use the same codec.
            length = codec.encode(term, named -> {
                if (named instanceof TripleTerm) {
                    return objectId;
                }
                try {
                    if (named instanceof Iri) {
                        int iriLength = datatypeCodec.encode(named, none -> AtomStore.NO_ATOM);
                        return internCached(datatypeCodec.scratchArray(), 0, iriLength);
                    }
                    return internTerm(named);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (length - 1 > maxTermBytes() && valueBytes(term) > maxTermBytes()) {
            throw new IllegalArgumentException("a term of " + valueBytes(term) + " bytes is longer than the "
                + maxTermBytes() + " a load accepts: " + abbreviated(term));
        }
        return internCached(codec.scratchArray(), 0, length);
    }

    /** The bytes {@link BulkLoadOptions#maxTermBytes()} limits: an IRI, a label or a lexical form in UTF-8. */
    private static int valueBytes(Term term) {
        if (term instanceof TripleTerm) {
            return 0; // its components were checked when they were interned
        }
        String value = term instanceof Literal literal ? literal.lexicalForm()
            : term instanceof Iri iri ? iri.value() : ((BlankNode) term).label();
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String abbreviated(Term term) {
        String text = term.toString();
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private long internTerm(Batch batch, int slot) throws IOException {
        return internCached(batch.bytes, batch.start[slot], batch.length[slot]);
    }

    private long internCached(byte[] bytes, int start, int length) throws IOException {
        if (length > CACHE_TERM_BYTES) {
            return internUncached(bytes, start, length);
        }
        int hash = length;
        for (int i = Math.max(start, start + length - 12); i < start + length; i++) {
            hash = hash * 31 + bytes[i];
        }
        int cacheSlot = (hash ^ (hash >>> 15)) & (CACHE_SLOTS - 1);
        int cached = cacheSlot * CACHE_TERM_BYTES;
        if (cacheLengths[cacheSlot] == length
            && Arrays.equals(cacheBytes, cached, cached + length, bytes, start, start + length)) {
            return cacheIds[cacheSlot];
        }
        long id = internUncached(bytes, start, length);
        System.arraycopy(bytes, start, cacheBytes, cached, length);
        cacheLengths[cacheSlot] = length;
        cacheIds[cacheSlot] = id;
        return id;
    }

    private long internUncached(byte[] bytes, int start, int length) throws IOException {
        if (bytes[start] == PENDING_TRIPLE) {
            return internTriple(bytes, start, length);
        }
        if (bytes[start] != PENDING_TYPED) {
            return internAtom(bytes, start, length);
        }
        int[] next = {start + 1};
        int datatypeLength = varint(bytes, next);
        int at = next[0];
        long datatype = datatypeId(bytes, at, datatypeLength);
        int lexical = at + datatypeLength;
        int lexicalLength = start + length - lexical;
        if (typedScratch.length < lexicalLength + 11) {
            typedScratch = new byte[Math.max(lexicalLength + 11, typedScratch.length * 2)];
        }
        typedScratch[0] = TermCodec.KIND_TYPED;
        int end = putVarint(typedScratch, 1, datatype);
        System.arraycopy(bytes, lexical, typedScratch, end, lexicalLength);
        return internAtom(typedScratch, 0, end + lexicalLength);
    }

    /**
     * Interns a pending triple term: its components first, then each level from the innermost out (so the same
     * triple term has one atom), in loops: no recursion per level.
     */
    private long internTriple(byte[] bytes, int start, int length) throws IOException {
        int[] at = {start + 1};
        int depth = varint(bytes, at);
        long[] components = new long[2 * depth];
        for (int i = 0; i < components.length; i++) {
            int componentLength = varint(bytes, at);
            components[i] = internCached(bytes, at[0], componentLength);
            at[0] += componentLength;
        }
        int objectLength = varint(bytes, at);
        long object = internCached(bytes, at[0], objectLength);
        if (at[0] + objectLength != start + length) {
            throw new IllegalStateException("pending triple term of " + length + " bytes ends at "
                + (at[0] + objectLength - start));
        }
        byte[] triple = new byte[1 + 3 * 10];
        triple[0] = TermCodec.KIND_TRIPLE_TERM;
        for (int level = depth - 1; level >= 0; level--) {
            int end = putVarint(triple, putVarint(triple, putVarint(triple, 1, components[2 * level]),
                components[2 * level + 1]), object);
            object = internAtom(triple, 0, end);
        }
        return object;
    }

    /** The int varint at {@code bytes[at[0]]}; moves {@code at[0]} past it. */
    private static int varint(byte[] bytes, int[] at) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[at[0]++];
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    /**
     * Interns one encoded term under the atom write lock: readers wait for this one intern at most (file and index
     * growth are prepared before the lock is taken).
     */
    private long internAtom(byte[] bytes, int start, int length) throws IOException {
        java.util.concurrent.locks.Lock write = store.atomLock().writeLock();
        TermIds.growAhead(atoms, write, 1, length);
        write.lock();
        try {
            return atoms.intern(bytes, start, length);
        } finally {
            write.unlock();
        }
    }

    private long atomCount() {
        java.util.concurrent.locks.Lock read = store.atomLock().readLock();
        read.lock();
        try {
            return atoms.size();
        } finally {
            read.unlock();
        }
    }

    /** The datatype IRI's atom id; the last few datatypes are remembered (a data set has few). */
    private long datatypeId(byte[] bytes, int offset, int length) throws IOException {
        for (int i = 0; i < datatypeBytes.length; i++) {
            byte[] known = datatypeBytes[i];
            if (known != null && Arrays.equals(known, 0, known.length, bytes, offset, offset + length)) {
                return datatypeIds[i];
            }
        }
        byte[] iri = new byte[length + 1];
        iri[0] = TermCodec.KIND_IRI;
        System.arraycopy(bytes, offset, iri, 1, length);
        long id = internAtom(iri, 0, iri.length);
        int slot = (int) (id & (datatypeBytes.length - 1));
        datatypeBytes[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        datatypeIds[slot] = id;
        return id;
    }

    // ------------------------------------------------------------------------------------------------ commit

    /**
     * Merges the chunk segments into one (a quad in several chunks is stored once), counting the quads the store
     * did not hold, and commits it with the metadata {@code changes}. Returns that count.
     */
    private long commit(SortedMap<String, String> changes) throws IOException {
        if (written.isEmpty()) {
            store.commitLoadedSegment(null, 0, changes);
            return 0;
        }
        boolean probe = store.quadCountForLoad() > 0;
        CommittedProbe committed = probe ? store.committedProbe() : null;
        long[] added = {0};
        Segment loaded;
        if (written.size() == 1) {
            loaded = written.get(0); // a chunk holds each quad once
            if (committed == null) {
                added[0] = loaded.entryCount();
            } else {
                EntryCursor quads = loaded.cursor(IndexOrder.GSPO, new long[4], 0);
                while (quads.next()) {
                    added[0] += isNew(committed, quads) ? 1 : 0;
                }
            }
        } else {
            long[] none = new long[4];
            List<PrefetchCursor> merges = new ArrayList<>();
            try {
                loaded = store.newSegment(order -> {
                    EntryCursor[] chunks = new EntryCursor[written.size()];
                    for (int i = 0; i < chunks.length; i++) {
                        chunks[i] = written.get(chunks.length - 1 - i).cursor(order, none, 0);
                    }
                    // The merge runs ahead on a sorting thread (idle now) while this one encodes and writes.
                    PrefetchCursor merged = PrefetchCursor.start(new MergeCursor(chunks, false), orderSorters);
                    merges.add(merged);
                    return order == IndexOrder.GSPO ? new CountingCursor(merged, committed, added) : merged;
                });
            } finally {
                merges.forEach(PrefetchCursor::close);
            }
            written.add(loaded);
        }
        store.commitLoadedSegment(loaded, added[0], changes);
        written.remove(loaded); // now the store's
        return added[0];
    }

    private static boolean isNew(CommittedProbe committed, EntryCursor gspo) {
        return committed == null || committed.state(gspo.key(0), gspo.key(1), gspo.key(2), gspo.key(3))
            != dev.cinnabar.quadstore.index.MemoryIndex.PRESENT;
    }

    /** Passes a GSPO cursor through, counting the quads the committed store does not hold. */
    private static final class CountingCursor implements EntryCursor {
        private final EntryCursor delegate;
        private final CommittedProbe committed;
        private final long[] added;

        CountingCursor(EntryCursor delegate, CommittedProbe committed, long[] added) {
            this.delegate = delegate;
            this.committed = committed;
            this.added = added;
        }

        @Override
        public boolean next() {
            if (!delegate.next()) {
                return false;
            }
            added[0] += isNew(committed, delegate) ? 1 : 0;
            return true;
        }

        @Override
        public long key(int position) {
            return delegate.key(position);
        }

        @Override
        public boolean tombstone() {
            return delegate.tombstone();
        }

        @Override
        public void seek(long k0, long k1, long k2, long k3) {
            delegate.seek(k0, k1, k2, k3);
        }
    }

    /** Counts the bytes read from a file (compressed bytes for .gz), for progress. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
