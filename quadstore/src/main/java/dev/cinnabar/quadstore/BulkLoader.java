package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * A bulk load fed by its caller (ADR-011): quads given as terms, from any parser, and N-Triples or N-Quads files
 * read by the store's own parser, all going through the bulk pipeline (intern, sort into chunk segments, one final
 * merge) and committed together by {@link #commit()}, in one checkpoint. Until then nothing is visible to readers;
 * {@link #close()} without a commit, a failure, or the death of the process leaves the store exactly as it was,
 * and the chunk files are deleted (now, or by the next open).
 *
 * <p>Obtained from {@link QuadStore#bulkLoader(BulkLoadOptions)}; it holds the store's writer lock from then until
 * it commits or closes, so it belongs to the thread that opened it, like a {@link WriteTxn}. Set semantics: a quad
 * added twice, or already in the store, is stored once.
 *
 * <pre>{@code
 * try (BulkLoader loader = store.bulkLoader(BulkLoadOptions.defaults())) {
 *     String scope = loader.newBlankNodeScope();        // for the blank nodes of one source
 *     loader.add(DefaultGraph.INSTANCE, new BlankNode(scope + "b1"), predicate, object);
 *     loader.load(List.of(Path.of("more.nt.gz")));
 *     BulkLoadResult result = loader.commit();
 * }                                                    // without commit(): nothing changes
 * }</pre>
 *
 * <p>Once {@link #add} or {@link #load} has thrown, the loader only closes: whatever that call had interned is not
 * committed by accident.
 */
public final class BulkLoader implements AutoCloseable {

    private final QuadStore store;
    private final BulkLoad load;
    private boolean open = true;
    private boolean committed;
    private Throwable failed;

    BulkLoader(QuadStore store, BulkLoad load) {
        this.store = store;
        this.load = load;
    }

    /**
     * Adds the quad (graph, subject, predicate, object); {@code graph} may be
     * {@link dev.cinnabar.quadstore.term.DefaultGraph#INSTANCE}. Blank node labels are taken as given: prefix them
     * with a {@link #newBlankNodeScope()} to keep the blank nodes of different sources apart.
     *
     * @throws IllegalArgumentException if a position holds a term it cannot hold, a term is longer than
     *                                  {@link BulkLoadOptions#maxTermBytes()}, or a string is not valid Unicode
     */
    public void add(Term graph, Term subject, Term predicate, Term object) throws IOException {
        checkUsable();
        try {
            load.add(graph, subject, predicate, object);
        } catch (IOException | RuntimeException | Error e) {
            failed = e;
            throw e;
        }
    }

    /** Adds {@code quad}; see {@link #add(Term, Term, Term, Term)}. */
    public void add(Quad quad) throws IOException {
        add(quad.graph(), quad.subject(), quad.predicate(), quad.object());
    }

    /**
     * Reads N-Triples and N-Quads files ({@code .nq} by its name, anything else as N-Triples; gzip by its content)
     * into this load, as {@link QuadStore#bulkLoad} does: each file's blank nodes are its own, and bad lines abort
     * (then the loader only closes) or, with {@link BulkLoadOptions#skipBadLines()}, are counted and reported.
     *
     * @throws dev.cinnabar.quadstore.io.RdfSyntaxException on bad input in strict mode, naming file, line, column
     */
    public void load(List<Path> files) throws IOException {
        checkUsable();
        try {
            load.loadFiles(List.copyOf(files));
        } catch (IOException | RuntimeException | Error e) {
            failed = e;
            throw e;
        }
    }

    /**
     * A prefix for the blank node labels of one source, unique to it within this load and, by a random part, among
     * loads: the bulk loader's N-Triples files get one each. May be called from any thread.
     */
    public String newBlankNodeScope() {
        return load.newBlankNodeScope();
    }

    /**
     * Counts input read by the caller's own parser: {@code files} more files and {@code bytes} more bytes, for the
     * progress listener and the result.
     */
    public void countInput(int files, long bytes) {
        checkUsable();
        load.countInput(files, bytes);
    }

    /**
     * Sets metadata {@code key} to {@code value} as part of this load's commit (see {@link WriteTxn#putMetadata}).
     *
     * @throws IllegalArgumentException if the key or value is too long or not valid Unicode, or the store would hold
     *                                  more than {@link QuadReader#MAX_METADATA_ENTRIES} entries
     */
    public void putMetadata(String key, String value) {
        checkUsable();
        load.putMetadata(key, value);
    }

    /**
     * Merges what was loaded into the store and commits it, with the metadata set, durably in one step; then the
     * loader is closed. When this throws, the store is exactly as before the load.
     */
    public BulkLoadResult commit() throws IOException {
        checkUsable();
        try {
            BulkLoadResult result = load.commit();
            committed = true;
            return result;
        } finally {
            close();
        }
    }

    /**
     * Ends the load, releasing the writer lock; unless it committed, nothing of it stays: its atoms are rolled back
     * and its chunk files deleted. Closing again does nothing.
     */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        checkOwner();
        open = false;
        try {
            load.end(committed);
        } finally {
            store.endBulkLoad();
        }
    }

    private void checkUsable() {
        if (!open) {
            throw new IllegalStateException("this bulk loader has " + (committed ? "committed" : "been closed"));
        }
        checkOwner();
        if (failed != null) {
            throw new IllegalStateException("an earlier call of this bulk loader failed (" + failed
                + "): it can only be closed, which leaves the store as it was");
        }
    }

    private void checkOwner() {
        if (!store.holdsWriterLock()) {
            throw new IllegalStateException("a bulk loader is used only by the thread that opened it");
        }
    }
}
