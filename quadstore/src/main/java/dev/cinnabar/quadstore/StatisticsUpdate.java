package dev.cinnabar.quadstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.agrona.collections.Long2LongHashMap;

import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.MemoryIndex;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.MergeCursor;
import dev.cinnabar.quadstore.index.Segment;

/**
 * Updates {@link StoreStatistics} by one batch of changes against the committed state they apply to (ADR-017), in
 * two sorted passes: over the changes in SPOG order, counting quads per graph, predicate and class and, per
 * (subject, predicate) the changes touch, whether that pair appears or disappears; then in POSG order, the same for
 * (predicate, object). Whether a pair existed before is one forward seek in the committed index of that order, so
 * the cost is one seek per pair the changes touch, never a scan of what they do not.
 */
final class StatisticsUpdate {

    /** The changes, as a cursor in any order asked for (tombstones are removals). */
    interface Changes {
        EntryCursor cursor(IndexOrder order);
    }

    /** Below this many changes both passes run on the caller's thread: a thread hop would cost more than it saves. */
    static final long PARALLEL_MIN_CHANGES = 16_384;

    private static final long[] NONE = new long[4];

    private final Memtable memtable;
    private final List<Segment> segments;
    private final boolean allReal;
    private final long typeId;
    /** Atoms of the committed state: a larger id is in no committed quad. */
    private final long committedAtoms;
    private final StoreStatistics.Changes sums = new StoreStatistics.Changes();
    private final Sum graphQuads = new Sum(sums.graphQuads);
    private final Sum predicateQuads = new Sum(sums.predicateQuads);
    private final Sum classQuads = new Sum(sums.classQuads);
    private final Sum subjectPairs = new Sum(sums.subjects);
    private final Sum objectPairs = new Sum(sums.objects);

    private StatisticsUpdate(Memtable memtable, List<Segment> segments, long committedAtoms, boolean allReal,
        long typeId) {
        this.memtable = memtable;
        this.segments = segments;
        this.committedAtoms = committedAtoms;
        this.allReal = allReal;
        this.typeId = typeId;
    }

    /**
     * {@code before} (the statistics of {@code memtable} over {@code segments}, whose quads name no atom above
     * {@code committedAtoms}) updated by {@code changes}.
     *
     * @param allReal whether every change is known to be real (an addition of an absent quad or a removal of a
     *                present one); if not, each is checked against the committed state and the others ignored
     * @param typeId  the atom id of {@code rdf:type}, or 0 if the store has no such atom
     * @param size    how many changes there are, about (it only decides whether the two passes run in parallel)
     * @throws IOException a {@link dev.cinnabar.storage.CorruptStoreException} naming a damaged segment block read
     */
    static StoreStatistics apply(StoreStatistics before, Memtable memtable, List<Segment> segments,
        long committedAtoms, Changes changes, boolean allReal, long typeId, long size) throws IOException {
        StatisticsUpdate update = new StatisticsUpdate(memtable, segments, committedAtoms, allReal, typeId);
        try {
            update.bothPasses(changes, size);
            for (Sum sum : new Sum[] {update.graphQuads, update.predicateQuads, update.classQuads, update.subjectPairs,
                update.objectPairs}) {
                sum.flush();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // cursors report block damage unchecked
        }
        return before.plus(update.sums, typeId);
    }

    /**
     * The SPOG and POSG passes, on two threads when the changes are many: they read the committed state only and
     * write disjoint sums (the POSG pass only the object pairs), and on a bulk load they were a seventh of the
     * writer thread's CPU.
     */
    private void bothPasses(Changes changes, long size) {
        EntryCursor bySubject = changes.cursor(IndexOrder.SPOG);
        EntryCursor byObject = changes.cursor(IndexOrder.POSG);
        if (size < PARALLEL_MIN_CHANGES) {
            pass(bySubject, IndexOrder.SPOG);
            pass(byObject, IndexOrder.POSG);
            return;
        }
        CompletableFuture<Void> objects = CompletableFuture.runAsync(() -> pass(byObject, IndexOrder.POSG));
        try {
            pass(bySubject, IndexOrder.SPOG);
        } finally {
            awaitPass(objects);
        }
    }

    /** Waits for the other pass, handing on what it threw as itself (an error of the caller's pass comes first). */
    private static void awaitPass(CompletableFuture<Void> pass) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    pass.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the pass reads this commit's cursors: it must end before they are closed
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("statistics pass failed", cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The statistics of a whole committed state, counted from its indexes. */
    static StoreStatistics count(Memtable memtable, List<Segment> segments, long typeId) throws IOException {
        Changes everything = order -> committed(memtable, segments, order);
        return apply(StoreStatistics.EMPTY, Memtable.empty(), List.of(), 0, everything, true, typeId, Long.MAX_VALUE);
    }

    /** The committed quads of {@code order} in {@code memtable} over {@code segments}, tombstones hidden. */
    static EntryCursor committed(Memtable memtable, List<Segment> segments, IndexOrder order) {
        List<EntryCursor> sources = new ArrayList<>();
        memtable.addCursors(order, NONE, 0, sources);
        for (int i = segments.size() - 1; i >= 0; i--) {
            sources.add(segments.get(i).cursor(order, NONE, 0));
        }
        return new MergeCursor(sources.toArray(new EntryCursor[0]), true);
    }

    /**
     * One pass over the changes in {@code order} (SPOG or POSG): changes group by their first two key positions, a
     * (subject, predicate) or (predicate, object) pair; the SPOG pass also counts quads.
     */
    private void pass(EntryCursor changes, IndexOrder order) {
        boolean subjects = order == IndexOrder.SPOG;
        boolean empty = memtable.isEmpty() && segments.isEmpty();
        CommittedProbe probe = allReal || empty ? null : new CommittedProbe(memtable, segments, order);
        Committed base = empty ? null : new Committed(committed(memtable, segments, order));
        long[] quad = new long[4];
        long[] key = new long[4];
        boolean inGroup = false;
        long first = 0;
        long second = 0;
        long added = 0;
        long removed = 0;
        while (changes.next()) {
            for (int position = 0; position < 4; position++) {
                key[position] = changes.key(position);
            }
            order.toQuad(key, quad);
            boolean removal = changes.tombstone();
            if (!allReal) {
                boolean present = probe != null && !namesNewAtom(quad)
                    && probe.state(quad[0], quad[1], quad[2], quad[3]) == MemoryIndex.PRESENT;
                if (removal != present) {
                    continue; // adds a present quad or removes an absent one: no change
                }
            }
            if (!inGroup || key[0] != first || key[1] != second) {
                if (inGroup) {
                    endGroup(base, first, second, added, removed, subjects);
                }
                inGroup = true;
                first = key[0];
                second = key[1];
                added = 0;
                removed = 0;
            }
            added += removal ? 0 : 1;
            removed += removal ? 1 : 0;
            if (subjects) {
                long delta = removal ? -1 : 1;
                graphQuads.add(quad[IndexOrder.G], delta);
                predicateQuads.add(quad[IndexOrder.P], delta);
                if (typeId != 0 && quad[IndexOrder.P] == typeId) {
                    classQuads.add(quad[IndexOrder.O], delta);
                }
            }
        }
        if (inGroup) {
            endGroup(base, first, second, added, removed, subjects);
        }
    }

    /**
     * A pair the changes touched: it appears if it had no committed quad and gains some, and disappears if every
     * committed quad it had is removed and none added.
     */
    private void endGroup(Committed base, long first, long second, long added, long removed, boolean subjects) {
        long predicate = subjects ? second : first;
        int change = 0;
        if (added > 0 && removed == 0) {
            boolean newPair = base == null || first > committedAtoms || second > committedAtoms;
            change = newPair || base.count(first, second, 1) == 0 ? 1 : 0;
        } else if (removed > 0 && added == 0) {
            if (base == null) {
                throw new IllegalStateException("a removal from a store without quads");
            }
            change = base.count(first, second, removed + 1) <= removed ? -1 : 0;
        }
        if (change != 0) {
            (subjects ? subjectPairs : objectPairs).add(predicate, change);
        }
    }

    private boolean namesNewAtom(long[] quad) {
        return quad[0] > committedAtoms || quad[1] > committedAtoms || quad[2] > committedAtoms
            || quad[3] > committedAtoms;
    }

    /** Adds into a map through the last key's running sum: keys come in runs (one graph, one predicate). */
    private static final class Sum {
        private final Long2LongHashMap map;
        private boolean pending;
        private long key;
        private long delta;

        Sum(Long2LongHashMap map) {
            this.map = map;
        }

        void add(long k, long d) {
            if (pending && k == key) {
                delta += d;
                return;
            }
            flush();
            pending = true;
            key = k;
            delta = d;
        }

        void flush() {
            if (pending) {
                StoreStatistics.Changes.add(map, key, delta);
                pending = false;
            }
        }
    }

    /** A forward cursor over committed entries, keeping the entry it stopped on for the next, later pair. */
    private static final class Committed {
        private final EntryCursor cursor;
        private boolean started;
        private boolean has;
        private long k0;
        private long k1;

        Committed(EntryCursor cursor) {
            this.cursor = cursor;
        }

        /** How many committed entries start with (a, b), counting no further than {@code limit}. */
        long count(long a, long b, long limit) {
            if (!started || has && (k0 < a || k0 == a && k1 < b)) {
                cursor.seek(a, b, Long.MIN_VALUE, Long.MIN_VALUE);
                advance();
                started = true;
            }
            long n = 0;
            while (has && k0 == a && k1 == b && n < limit) {
                n++;
                advance();
            }
            return n;
        }

        private void advance() {
            has = cursor.next();
            if (has) {
                k0 = cursor.key(0);
                k1 = cursor.key(1);
            }
        }
    }
}
