package dev.cinnabar.quadstore;

import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.agrona.concurrent.UnsafeBuffer;

import dev.cinnabar.quadstore.index.BlockCache;
import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MemoryIndex;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.MergeCursor;
import dev.cinnabar.quadstore.index.Probe;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * The quads one transaction sees, as a stack of sources, newest first: the transaction's own buffer and spilled
 * segments (write transactions only), then its pinned {@link Snapshot}'s memtable and segments from newest to oldest.
 * The newest source holding a quad decides whether it is there. A read transaction sees only atoms its snapshot
 * committed: a term interned later (by the open writer, or a later commit) is absent from it.
 */
final class TxnView {

    private static final int DECODE_CACHE_SLOTS = 1024;
    /**
     * Term lookups and decodes per transaction that may add to the store-wide committed-term cache: past them a
     * transaction only reads it. A scan decodes millions of terms; caching them all would evict the hot terms of
     * small queries and make every young GC copy the churned entries (measured: 10 ms pauses under a long scan).
     */
    static final int SHARED_CACHE_FILLS_PER_TXN = 4096;

    private final QuadStore store;
    private final String kind;
    /*
     * What a transaction may need is made when first needed, not in the constructor: a small query opens a
     * transaction, reads a few blocks and decodes a few terms, and the codecs' buffers and the decode cache were
     * about 17 KiB to allocate and zero per transaction.
     */
    private TermCodec codec;
    private TermCodec datatypeCodec;
    private UnsafeBuffer atomView;
    /** Terms decoded by this transaction, by id modulo {@link #DECODE_CACHE_SLOTS}. */
    private long[] decodedIds;
    private Term[] decodedTerms;

    /** Write transactions only: changes not yet spilled, and spilled segments, oldest first. */
    MemoryIndex buffer;
    final List<Segment> spills = new ArrayList<>();
    private final Snapshot snapshot;
    private final boolean write;
    /** The thread that began the transaction: the only one that may use it (its caches are not shared). */
    private final Thread owner = Thread.currentThread();
    private final Memtable memtable;
    private final List<Segment> segments;
    private final long commitSequence;
    private final SortedMap<String, String> committedMetadata;
    /** Write transactions only: metadata keys put or removed ({@code null} value), not yet committed. */
    private final SortedMap<String, String> metadataChanges;
    private boolean open = true;
    private int sharedCacheFillsLeft = SHARED_CACHE_FILLS_PER_TXN;
    /**
     * Verified copies of blocks, shared by all this transaction's cursors and probes (one thread uses a
     * transaction): borrowed from the store's pool at the first read of a segment, so it may hold blocks earlier
     * transactions read, and given back by {@link #returnBlocks()} once the transaction is closed.
     */
    private BlockCache blocks;
    /** GSPO probes of {@link #segments}, newest last, made as first needed. */
    private Probe[] probes;

    /** A view of {@code snapshot}, whose reference it takes over (released when the transaction ends). */
    TxnView(QuadStore store, String kind, Snapshot snapshot, MemoryIndex buffer, boolean write) {
        this.store = store;
        this.kind = kind;
        this.snapshot = snapshot;
        this.write = write;
        this.memtable = snapshot.memtable;
        this.segments = snapshot.segments;
        this.buffer = buffer;
        this.commitSequence = snapshot.commitSequence;
        this.committedMetadata = snapshot.metadata;
        this.metadataChanges = write ? new TreeMap<>() : Collections.emptySortedMap();
    }

    /** The codec of this transaction's terms; made at the first term lookup or intern. */
    TermCodec codec() {
        if (codec == null) {
            codec = new TermCodec();
        }
        return codec;
    }

    /** The codec for the datatype IRIs and triple-term components of those terms. */
    TermCodec datatypeCodec() {
        if (datatypeCodec == null) {
            datatypeCodec = new TermCodec();
        }
        return datatypeCodec;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    void checkOpen() {
        if (!open) {
            throw new IllegalStateException("the " + kind + " is closed: its results are no longer valid");
        }
    }

    boolean isOpen() {
        return open;
    }

    void markClosed() {
        open = false;
    }

    /**
     * Gives the block cache back to the store's pool, for a later transaction. Only once the transaction is marked
     * closed, so that every cursor and probe of it throws at its next step before it touches the cache (another
     * transaction, on another thread, may be reading through the cache by then); and after its snapshot is released,
     * so that the pool prunes the segments that release closed.
     */
    void returnBlocks() {
        assert !open : kind + " gives its block cache back while open";
        BlockCache cache = blocks;
        if (cache != null) {
            blocks = null;
            probes = null;
            store.blockCaches().give(cache);
        }
    }

    /** The block cache this transaction borrowed, or {@code null} before its first block read (tests). */
    BlockCache blockCache() {
        return blocks;
    }

    /**
     * The debug-build check at every enumeration entry point: the transaction's snapshot is pinned (so no segment it
     * reads can be unmapped) and it is used by its own thread, which for a WriteTxn holds the writer lock. Atom reads
     * take the atom read lock themselves, where the atom store asserts it.
     */
    private void assertLockHeld() {
        assert snapshot.isLive() : kind + " reads a snapshot that was released";
        assert write ? store.holdsWriterLock() : Thread.currentThread() == owner
            : kind + " used by a thread that did not begin it: it holds neither its snapshot pin nor the writer lock";
    }

    // ------------------------------------------------------------------------------------------------ metadata

    long commitSequence() {
        checkOpen();
        return commitSequence;
    }

    StoreStatistics statistics() {
        checkOpen();
        return snapshot.statistics;
    }

    /** Whether this transaction reads exactly its snapshot: no changes of its own, buffered or spilled. */
    boolean readsOnlySnapshot() {
        return (buffer == null || buffer.isEmpty()) && spills.isEmpty();
    }

    SortedMap<String, String> metadata() {
        checkOpen();
        assertLockHeld();
        return Commits.applyChanges(committedMetadata, metadataChanges);
    }

    /** Records a put ({@code value} non-null) or a removal of {@code key}; write transactions only. */
    void changeMetadata(String key, String value) {
        checkOpen();
        assertLockHeld();
        checkMetadataText("key", key, QuadReader.MAX_METADATA_KEY_BYTES);
        if (value != null) {
            checkMetadataText("value", value, QuadReader.MAX_METADATA_VALUE_BYTES);
        }
        metadataChanges.put(key, value);
        if (metadata().size() > QuadReader.MAX_METADATA_ENTRIES) {
            metadataChanges.remove(key);
            throw new IllegalArgumentException("a store holds at most " + QuadReader.MAX_METADATA_ENTRIES
                + " metadata entries");
        }
    }

    /** The changes that differ from {@code committed}: what a commit must write. */
    SortedMap<String, String> metadataChanges(SortedMap<String, String> committed) {
        TreeMap<String, String> real = new TreeMap<>();
        for (Map.Entry<String, String> change : metadataChanges.entrySet()) {
            String now = committed.get(change.getKey());
            if (change.getValue() == null ? now != null : !change.getValue().equals(now)) {
                real.put(change.getKey(), change.getValue());
            }
        }
        return real;
    }

    static void checkMetadataText(String what, String text, int maxBytes) {
        if (text == null) {
            throw new NullPointerException("metadata " + what);
        }
        int bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text)).remaining();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("metadata " + what + " is not valid Unicode (a lone surrogate?)");
        }
        if (bytes > maxBytes) {
            throw new IllegalArgumentException("metadata " + what + " of " + bytes + " UTF-8 bytes is over the limit of "
                + maxBytes);
        }
    }

    // ------------------------------------------------------------------------------------------------ ids

    long termId(Term term) {
        checkOpen();
        assertLockHeld();
        long id = store.termIds().lookup(term, codec(), datatypeCodec(), cacheableAtoms());
        // The open writer's atoms, and those of later commits, are not in this snapshot.
        return !write && id > snapshot.atomCount ? QuadStore.NO_ID : id;
    }

    Term term(long id) {
        checkOpen();
        assertLockHeld();
        if (decodedIds == null) {
            decodedIds = new long[DECODE_CACHE_SLOTS];
            decodedTerms = new Term[DECODE_CACHE_SLOTS];
            atomView = new UnsafeBuffer(0, 0);
        }
        int slot = (int) (id & (DECODE_CACHE_SLOTS - 1));
        if (decodedIds[slot] == id && decodedTerms[slot] != null) {
            return decodedTerms[slot];
        }
        if (!write && id > snapshot.atomCount) {
            throw new IllegalArgumentException("atom id " + id + " is not in this snapshot of " + store.directory()
                + " (commit " + commitSequence + " holds atoms 1.." + snapshot.atomCount + ")");
        }
        Term term = store.termIds().decode(id, codec(), atomView, cacheableAtoms());
        decodedIds[slot] = id;
        decodedTerms[slot] = term;
        return term;
    }

    /** The atoms this call may add to the committed-term cache: the snapshot's, until the budget is spent. */
    private long cacheableAtoms() {
        if (sharedCacheFillsLeft == 0) {
            return 0;
        }
        sharedCacheFillsLeft--;
        return snapshot.atomCount;
    }

    /** Id of a pattern term: {@link QuadStore#ANY} for null, else its id or {@link QuadStore#NO_ID}. */
    long patternId(Term term) {
        return term == null ? QuadStore.ANY : termId(term);
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** {@link MemoryIndex#PRESENT}, {@link MemoryIndex#TOMBSTONE} or {@link MemoryIndex#ABSENT}: the newest state. */
    int state(long g, long s, long p, long o) {
        if (buffer != null) {
            int state = buffer.find(g, s, p, o);
            if (state != MemoryIndex.ABSENT) {
                return state;
            }
        }
        for (int i = spills.size() - 1; i >= 0; i--) { // spills come and go with the transaction: probes not kept
            int found = spills.get(i).probe(IndexOrder.GSPO, blocks()).find(g, s, p, o);
            if (found != Segment.ABSENT) {
                return found == Segment.PRESENT ? MemoryIndex.PRESENT : MemoryIndex.TOMBSTONE;
            }
        }
        int state = memtable.find(g, s, p, o);
        if (state != MemoryIndex.ABSENT) {
            return state;
        }
        if (probes == null) {
            probes = new Probe[segments.size()];
        }
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (probes[i] == null) {
                probes[i] = segments.get(i).probe(IndexOrder.GSPO, blocks());
            }
            int found = probes[i].find(g, s, p, o);
            if (found != Segment.ABSENT) {
                return found == Segment.PRESENT ? MemoryIndex.PRESENT : MemoryIndex.TOMBSTONE;
            }
        }
        return MemoryIndex.ABSENT;
    }

    private BlockCache blocks() {
        if (blocks == null) {
            assert open : kind + " borrows a block cache after it closed";
            blocks = store.blockCaches().take();
        }
        return blocks;
    }

    /** A cursor over every source of {@code order}, newest state deciding. */
    EntryCursor cursor(IndexOrder order, long[] prefix, int prefixLength, boolean hideTombstones) {
        boolean noBuffer = buffer == null || buffer.isEmpty();
        if (noBuffer && spills.isEmpty() && memtable.isEmpty()) {
            // The common read-only case, e.g. after a bulk load or a compaction: no merge needed.
            if (segments.isEmpty()) {
                return NO_ENTRIES;
            }
            if (segments.size() == 1 && (!hideTombstones || segments.get(0).tombstoneCount() == 0)) {
                return segments.get(0).cursor(order, prefix, prefixLength, blocks());
            }
        }
        List<EntryCursor> sources = new ArrayList<>();
        if (!noBuffer) {
            sources.add(buffer.cursor(order, prefix, prefixLength));
        }
        for (int i = spills.size() - 1; i >= 0; i--) {
            sources.add(spills.get(i).cursor(order, prefix, prefixLength, blocks()));
        }
        memtable.addCursors(order, prefix, prefixLength, sources);
        for (int i = segments.size() - 1; i >= 0; i--) {
            sources.add(segments.get(i).cursor(order, prefix, prefixLength, blocks()));
        }
        return new MergeCursor(sources.toArray(new EntryCursor[0]), hideTombstones);
    }

    /** The segments this transaction reads (committed and spilled), for {@link PatternEstimator}. */
    List<Segment> segmentsForEstimate() {
        List<Segment> all = new ArrayList<>(segments);
        all.addAll(spills);
        return all;
    }

    /** The memtable's and the write buffer's entries of {@code order} under the prefix, tombstones included. */
    EntryCursor recentCursor(IndexOrder order, long[] prefix, int prefixLength) {
        List<EntryCursor> sources = new ArrayList<>();
        if (buffer != null && !buffer.isEmpty()) {
            sources.add(buffer.cursor(order, prefix, prefixLength));
        }
        memtable.addCursors(order, prefix, prefixLength, sources);
        return new MergeCursor(sources.toArray(new EntryCursor[0]), false);
    }

    PatternEstimate estimate(long g, long s, long p, long o) {
        checkOpen();
        assertLockHeld();
        return new PatternEstimator(this).estimate(new long[] {g, s, p, o});
    }

    boolean contains(Quad quad) {
        checkOpen();
        assertLockHeld();
        long g = termId(quad.graph());
        long s = termId(quad.subject());
        long p = termId(quad.predicate());
        long o = termId(quad.object());
        if (g < 0 || s < 0 || p < 0 || o < 0) {
            return false;
        }
        return state(g, s, p, o) == MemoryIndex.PRESENT;
    }

    QuadIdCursor matchIds(long g, long s, long p, long o) {
        checkOpen();
        assertLockHeld();
        if (g < 0 || s < 0 || p < 0 || o < 0) {
            return EMPTY;
        }
        IndexOrder order = IndexOrder.forPattern(g != QuadStore.ANY, s != QuadStore.ANY, p != QuadStore.ANY,
            o != QuadStore.ANY);
        long[] prefix = new long[4];
        int prefixLength = 0;
        while (prefixLength < 4) {
            int component = order.component(prefixLength);
            long id = component == IndexOrder.G ? g : component == IndexOrder.S ? s : component == IndexOrder.P ? p : o;
            if (id == QuadStore.ANY) {
                break;
            }
            prefix[prefixLength++] = id;
        }
        return new IdCursor(order, cursor(order, prefix, prefixLength, true));
    }

    Stream<Quad> match(Term g, Term s, Term p, Term o) {
        checkOpen();
        assertLockHeld();
        long gi = patternId(g);
        long si = patternId(s);
        long pi = patternId(p);
        long oi = patternId(o);
        QuadIdCursor ids = matchIds(gi, si, pi, oi);
        Spliterator<Quad> quads = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
            Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super Quad> action) {
                if (!ids.next()) {
                    return false;
                }
                action.accept(quad(ids.graph(), ids.subject(), ids.predicate(), ids.object()));
                return true;
            }
        };
        return StreamSupport.stream(quads, false);
    }

    /** The quad of these ids; ids whose terms cannot stand in their positions mean a damaged atom store. */
    private Quad quad(long g, long s, long p, long o) {
        Term graph = term(g);
        Term subject = term(s);
        Term predicate = term(p);
        Term object = term(o);
        try {
            return new Quad(graph, subject, predicate, object);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new CorruptStoreException("the quad of atoms (" + g + ", " + s + ", " + p
                + ", " + o + ") in " + store.directory() + " has a term its position cannot hold (" + e.getMessage()
                + "): atoms.offsets or atoms.data is damaged; QuadStore.verify() tells more"));
        }
    }

    long count(Term g, Term s, Term p, Term o) {
        checkOpen();
        assertLockHeld();
        QuadIdCursor ids = matchIds(patternId(g), patternId(s), patternId(p), patternId(o));
        long count = 0;
        while (ids.next()) {
            count++;
        }
        return count;
    }

    /** Maps an index cursor's keys back to (g, s, p, o); checks the transaction at every step. */
    private final class IdCursor implements QuadIdCursor {
        private final EntryCursor entries;
        private final int graphAt;
        private final int subjectAt;
        private final int predicateAt;
        private final int objectAt;

        IdCursor(IndexOrder order, EntryCursor entries) {
            this.entries = entries;
            graphAt = order.position(IndexOrder.G);
            subjectAt = order.position(IndexOrder.S);
            predicateAt = order.position(IndexOrder.P);
            objectAt = order.position(IndexOrder.O);
        }

        @Override
        public boolean next() {
            checkOpen();
            assertLockHeld();
            return entries.next();
        }

        @Override
        public long graph() {
            return entries.key(graphAt);
        }

        @Override
        public long subject() {
            return entries.key(subjectAt);
        }

        @Override
        public long predicate() {
            return entries.key(predicateAt);
        }

        @Override
        public long object() {
            return entries.key(objectAt);
        }
    }

    private static final EntryCursor NO_ENTRIES = new MergeCursor(new EntryCursor[0], true);

    private static final QuadIdCursor EMPTY = new QuadIdCursor() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public long graph() {
            throw new IllegalStateException("no current quad");
        }

        @Override
        public long subject() {
            throw new IllegalStateException("no current quad");
        }

        @Override
        public long predicate() {
            throw new IllegalStateException("no current quad");
        }

        @Override
        public long object() {
            throw new IllegalStateException("no current quad");
        }
    };
}
