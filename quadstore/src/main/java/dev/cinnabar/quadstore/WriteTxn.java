package dev.cinnabar.quadstore;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.cinnabar.quadstore.index.MemoryIndex;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * The one write transaction of a store. It holds the store's writer lock from {@link QuadStore#beginWrite()} until
 * {@link #commit()} or {@link #close()}, reads the last commit before it began plus its own changes, and is
 * invisible to everyone else until it commits. Readers neither wait for it nor make it wait.
 * {@link #close()} without a commit rolls back everything, including terms it interned. Set semantics: adding a
 * present quad or removing an absent one changes nothing.
 *
 * <p>Its size is bounded by disk, not heap: changes beyond {@link QuadStoreOptions#txnBufferMaxQuads()} spill to
 * segment files, which become part of the store at commit or are deleted at rollback.
 */
public final class WriteTxn extends TxnReads {

    private final QuadStore store;
    private boolean committed;

    WriteTxn(QuadStore store, TxnView view) {
        super(view);
        this.store = store;
    }

    /** Adds {@code quad}; interns its terms. */
    public void add(Quad quad) throws IOException {
        view.checkOpen();
        assertWriter();
        TermCodec codec = view.codec();
        TermCodec datatypeCodec = view.datatypeCodec();
        long g = store.termIds().intern(quad.graph(), codec, datatypeCodec);
        long s = store.termIds().intern(quad.subject(), codec, datatypeCodec);
        long p = store.termIds().intern(quad.predicate(), codec, datatypeCodec);
        long o = store.termIds().intern(quad.object(), codec, datatypeCodec);
        put(g, s, p, o, false);
    }

    /** Adds the quad (graph, subject, predicate, object); {@code graph} may be {@link DefaultGraph#INSTANCE}. */
    public void add(Term graph, Term subject, Term predicate, Term object) throws IOException {
        add(new Quad(graph, subject, predicate, object));
    }

    /** Removes {@code quad} if present. */
    public void remove(Quad quad) throws IOException {
        view.checkOpen();
        long g = view.termId(quad.graph());
        long s = view.termId(quad.subject());
        long p = view.termId(quad.predicate());
        long o = view.termId(quad.object());
        if (g < 0 || s < 0 || p < 0 || o < 0) {
            return; // a term the store has never seen: the quad cannot be there
        }
        put(g, s, p, o, true);
    }

    public void remove(Term graph, Term subject, Term predicate, Term object) throws IOException {
        remove(new Quad(graph, subject, predicate, object));
    }

    /** Removes every quad matching the pattern ({@code null} = any) and returns how many there were. */
    public long removeAll(Term graph, Term subject, Term predicate, Term object) throws IOException {
        view.checkOpen();
        long removed = 0;
        QuadIdCursor matches = matchIds(view.patternId(graph), view.patternId(subject), view.patternId(predicate),
            view.patternId(object));
        while (matches.next()) {
            put(matches.graph(), matches.subject(), matches.predicate(), matches.object(), true);
            removed++;
        }
        return removed;
    }

    /**
     * Sets metadata {@code key} to {@code value}, committed atomically with this transaction's quads. Keys and values
     * are valid Unicode of at most {@link QuadReader#MAX_METADATA_KEY_BYTES} and
     * {@link QuadReader#MAX_METADATA_VALUE_BYTES} UTF-8 bytes.
     *
     * @throws IllegalArgumentException if the key or value is too long or not valid Unicode, or the store would hold
     *                                  more than {@link QuadReader#MAX_METADATA_ENTRIES} entries
     */
    public void putMetadata(String key, String value) {
        if (value == null) {
            throw new NullPointerException("metadata value (use removeMetadata to remove a key)");
        }
        view.changeMetadata(key, value);
    }

    /** Removes metadata {@code key} if present, committed atomically with this transaction's quads. */
    public void removeMetadata(String key) {
        view.changeMetadata(key, null);
    }

    private void assertWriter() {
        assert store.holdsWriterLock() : "WriteTxn used by a thread without the store's writer lock";
    }

    private void put(long g, long s, long p, long o, boolean tombstone) throws IOException {
        assertWriter();
        MemoryIndex buffer = view.buffer;
        buffer.put(g, s, p, o, tombstone);
        if (buffer.size() >= store.options().txnBufferMaxQuads()) {
            store.spill(view);
        }
    }

    /**
     * Makes every change durable and visible, atoms and quads together, then ends the transaction. When this
     * returns the commit survives any crash; when it throws, the store is exactly as before the transaction.
     */
    public void commit() throws IOException {
        view.checkOpen();
        try {
            store.commit(view);
            committed = true;
        } finally {
            close();
        }
    }

    /** Ends the transaction, rolling back unless it committed, and releases the writer lock. */
    @Override
    public void close() {
        if (!view.isOpen()) {
            return;
        }
        view.markClosed();
        try {
            if (!committed) {
                store.rollback(view);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            store.endWrite(view);
        }
    }
}
