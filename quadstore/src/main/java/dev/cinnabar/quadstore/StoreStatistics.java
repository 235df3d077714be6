package dev.cinnabar.quadstore;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;

import dev.cinnabar.storage.CorruptStoreException;

/**
 * The statistics of one commit, for query planning (ADR-017): quads per graph; per predicate, its quads and its
 * distinct subjects and distinct objects; and per class, the quads {@code (?, rdf:type, class)}. All by atom id and
 * all exact: every commit and bulk load updates them from its real changes, a checkpoint saves them in the manifest
 * beside the segments they describe, recovery updates them from each replayed log record, and
 * {@link QuadStore#verify()} recounts them from the indexes.
 *
 * <p>Immutable; a commit makes a new one. Lookups are binary searches over sorted arrays and allocate nothing.
 */
public final class StoreStatistics {

    /** Statistics of a store without quads. */
    static final StoreStatistics EMPTY = new StoreStatistics(0, new long[0], new long[0], new long[0], new long[0],
        new long[0], new long[0], new long[0], new long[0]);

    /** Ids of more keys than this in one section are refused as damage when read. */
    private static final int MAX_KEYS = 1 << 28;

    private final long typeId;
    private final long[] predicates;
    private final long[] predicateQuads;
    private final long[] subjects;
    private final long[] objects;
    private final long[] graphs;
    private final long[] graphQuads;
    private final long[] classes;
    private final long[] classQuads;
    private final long quads;

    private StoreStatistics(long typeId, long[] predicates, long[] predicateQuads, long[] subjects, long[] objects,
        long[] graphs, long[] graphQuads, long[] classes, long[] classQuads) {
        this.typeId = typeId;
        this.predicates = predicates;
        this.predicateQuads = predicateQuads;
        this.subjects = subjects;
        this.objects = objects;
        this.graphs = graphs;
        this.graphQuads = graphQuads;
        this.classes = classes;
        this.classQuads = classQuads;
        long total = 0;
        for (long count : graphQuads) {
            total += count;
        }
        this.quads = total;
    }

    /** All quads, summed over the graphs. */
    public long quads() {
        return quads;
    }

    /** The atom id of {@code rdf:type} the class sizes are counted for, or 0 if the store had none. */
    public long typeId() {
        return typeId;
    }

    /** The quads in graph {@code graphId} (0 for an id that is no graph). */
    public long graphQuads(long graphId) {
        return valueOf(graphs, graphQuads, graphId);
    }

    /** The quads with predicate {@code predicateId}. */
    public long predicateQuads(long predicateId) {
        return valueOf(predicates, predicateQuads, predicateId);
    }

    /** The distinct subjects of quads with predicate {@code predicateId}, over all graphs. */
    public long distinctSubjects(long predicateId) {
        return valueOf(predicates, subjects, predicateId);
    }

    /** The distinct objects of quads with predicate {@code predicateId}, over all graphs. */
    public long distinctObjects(long predicateId) {
        return valueOf(predicates, objects, predicateId);
    }

    /** The quads {@code (?, rdf:type, classId)} over all graphs. */
    public long classQuads(long classId) {
        return valueOf(classes, classQuads, classId);
    }

    /** How many graphs hold quads (the default graph counts when it holds some). */
    public int graphCount() {
        return graphs.length;
    }

    /** The graphs holding quads, ascending by id (a copy). */
    public long[] graphIds() {
        return graphs.clone();
    }

    /** The predicates of some quad, ascending by id (a copy). */
    public long[] predicateIds() {
        return predicates.clone();
    }

    /** The classes with instances, ascending by id (a copy). */
    public long[] classIds() {
        return classes.clone();
    }

    private static long valueOf(long[] keys, long[] values, long key) {
        int at = Arrays.binarySearch(keys, key);
        return at >= 0 ? values[at] : 0;
    }

    /** These statistics with {@code changes} added; keys whose quads drop to zero go. */
    StoreStatistics plus(Changes changes, long newTypeId) {
        if (typeId != 0 && newTypeId != typeId) {
            throw new IllegalStateException("rdf:type changed from atom " + typeId + " to " + newTypeId);
        }
        long[][] p = merge(predicates, new long[][] {predicateQuads, subjects, objects},
            new Long2LongHashMap[] {changes.predicateQuads, changes.subjects, changes.objects});
        long[][] g = merge(graphs, new long[][] {graphQuads}, new Long2LongHashMap[] {changes.graphQuads});
        long[][] c = merge(classes, new long[][] {classQuads}, new Long2LongHashMap[] {changes.classQuads});
        return new StoreStatistics(newTypeId, p[0], p[1], p[2], p[3], g[0], g[1], c[0], c[1]);
    }

    /** keys and value columns (first column: quads) plus deltas; rows whose quads reach zero are dropped. */
    private static long[][] merge(long[] keys, long[][] columns, Long2LongHashMap[] deltas) {
        int size = 0;
        for (Long2LongHashMap delta : deltas) {
            size += delta.size();
        }
        long[] added = new long[size];
        int n = 0;
        for (Long2LongHashMap delta : deltas) { // a distinct count may change while the quads net to zero
            Long2LongHashMap.KeyIterator it = delta.keySet().iterator();
            while (it.hasNext()) {
                long key = it.nextValue();
                if (Arrays.binarySearch(keys, key) < 0) {
                    added[n++] = key;
                }
            }
        }
        Arrays.sort(added, 0, n);
        n = distinct(added, n);
        long[] all = new long[keys.length + n];
        int a = 0;
        int b = 0;
        int out = 0;
        while (a < keys.length || b < n) {
            all[out++] = b == n || a < keys.length && keys[a] < added[b] ? keys[a++] : added[b++];
        }
        long[][] result = new long[columns.length + 1][all.length];
        int kept = 0;
        for (long key : all) {
            int at = Arrays.binarySearch(keys, key);
            long quadCount = (at >= 0 ? columns[0][at] : 0) + deltas[0].get(key);
            if (quadCount < 0) {
                throw new IllegalStateException("key " + key + " would have " + quadCount + " quads");
            }
            if (quadCount == 0) {
                continue; // its distinct counts reached zero with it, or the check on read says otherwise
            }
            result[0][kept] = key;
            for (int column = 0; column < columns.length; column++) {
                result[column + 1][kept] = (at >= 0 ? columns[column][at] : 0) + deltas[column].get(key);
            }
            kept++;
        }
        for (int column = 0; column < result.length; column++) {
            result[column] = Arrays.copyOf(result[column], kept);
        }
        return result;
    }

    private static int distinct(long[] sorted, int n) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (kept == 0 || sorted[i] != sorted[kept - 1]) {
                sorted[kept++] = sorted[i];
            }
        }
        return kept;
    }

    /** The bytes {@link #encode} writes. */
    int encodedBytes() {
        return 8 + 3 * 4 + 8 * (4 * predicates.length + 2 * graphs.length + 2 * classes.length);
    }

    /** Appends these statistics to {@code out} (little-endian, as the manifest is). */
    void encode(ByteBuffer out) {
        out.putLong(typeId).putInt(predicates.length).putInt(graphs.length).putInt(classes.length);
        for (int i = 0; i < predicates.length; i++) {
            out.putLong(predicates[i]).putLong(predicateQuads[i]).putLong(subjects[i]).putLong(objects[i]);
        }
        for (int i = 0; i < graphs.length; i++) {
            out.putLong(graphs[i]).putLong(graphQuads[i]);
        }
        for (int i = 0; i < classes.length; i++) {
            out.putLong(classes[i]).putLong(classQuads[i]);
        }
    }

    /** Reads what {@link #encode} wrote, checking that keys ascend and counts are positive. */
    static StoreStatistics decode(ByteBuffer in, Path file) throws CorruptStoreException {
        if (in.remaining() < 20) {
            throw new CorruptStoreException(file + ": the statistics run past the end of the manifest");
        }
        long typeId = in.getLong();
        int p = in.getInt();
        int g = in.getInt();
        int c = in.getInt();
        if (p < 0 || g < 0 || c < 0 || p > MAX_KEYS || g > MAX_KEYS || c > MAX_KEYS
            || in.remaining() < 8L * (4L * p + 2L * g + 2L * c)) {
            throw new CorruptStoreException(file + ": statistics of " + p + " predicates, " + g + " graphs and " + c
                + " classes do not fit the manifest");
        }
        long[][] pc = {new long[p], new long[p], new long[p], new long[p]};
        for (int i = 0; i < p; i++) {
            for (long[] column : pc) {
                column[i] = in.getLong();
            }
        }
        long[][] gc = {new long[g], new long[g]};
        for (int i = 0; i < g; i++) {
            gc[0][i] = in.getLong();
            gc[1][i] = in.getLong();
        }
        long[][] cc = {new long[c], new long[c]};
        for (int i = 0; i < c; i++) {
            cc[0][i] = in.getLong();
            cc[1][i] = in.getLong();
        }
        check(file, "predicate", pc);
        check(file, "graph", gc);
        check(file, "class", cc);
        return new StoreStatistics(typeId, pc[0], pc[1], pc[2], pc[3], gc[0], gc[1], cc[0], cc[1]);
    }

    private static void check(Path file, String what, long[][] columns) throws CorruptStoreException {
        long[] keys = columns[0];
        for (int i = 0; i < keys.length; i++) {
            boolean ascending = keys[i] > 0 && (i == 0 || keys[i] > keys[i - 1]);
            boolean counted = columns[1][i] > 0;
            for (int column = 2; column < columns.length; column++) {
                counted &= columns[column][i] > 0 && columns[column][i] <= columns[1][i];
            }
            if (!ascending || !counted) {
                throw new CorruptStoreException(file + ": the statistics of " + what + " " + keys[i]
                    + " are invalid");
            }
        }
    }

    /**
     * The first difference from {@code counted} in words (these are "recorded", those "counted"), or null if there is
     * none. {@code rdf:type}'s id is not compared: the class sizes are.
     */
    String differenceFrom(StoreStatistics counted) {
        StoreStatistics other = counted;
        String difference = difference("predicate", predicates,
            new long[][] {predicateQuads, subjects, objects}, other.predicates,
            new long[][] {other.predicateQuads, other.subjects, other.objects},
            new String[] {"quads", "distinct subjects", "distinct objects"});
        if (difference == null) {
            difference = difference("graph", graphs, new long[][] {graphQuads}, other.graphs,
                new long[][] {other.graphQuads}, new String[] {"quads"});
        }
        if (difference == null) {
            difference = difference("class", classes, new long[][] {classQuads}, other.classes,
                new long[][] {other.classQuads}, new String[] {"instance quads"});
        }
        return difference;
    }

    private static String difference(String what, long[] keys, long[][] columns, long[] otherKeys,
        long[][] otherColumns, String[] names) {
        int a = 0;
        int b = 0;
        while (a < keys.length || b < otherKeys.length) {
            if (b == otherKeys.length || a < keys.length && keys[a] < otherKeys[b]) {
                return what + " " + keys[a] + ": " + columns[0][a] + " quads recorded, none counted";
            }
            if (a == keys.length || otherKeys[b] < keys[a]) {
                return what + " " + otherKeys[b] + ": none recorded, " + otherColumns[0][b] + " quads counted";
            }
            for (int column = 0; column < columns.length; column++) {
                if (columns[column][a] != otherColumns[column][b]) {
                    return what + " " + keys[a] + ": " + columns[column][a] + " " + names[column] + " recorded, "
                        + otherColumns[column][b] + " counted";
                }
            }
            a++;
            b++;
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoreStatistics that && differenceFrom(that) == null;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(predicates) * 31 + Arrays.hashCode(predicateQuads) * 17 + Arrays.hashCode(graphQuads);
    }

    @Override
    public String toString() {
        return "StoreStatistics[" + quads + " quads, " + graphs.length + " graphs, " + predicates.length
            + " predicates, " + classes.length + " classes]";
    }

    /** Per-key changes of one commit, added up before they are applied ({@link #plus}). */
    static final class Changes {
        final Long2LongHashMap predicateQuads = new Long2LongHashMap(0);
        final Long2LongHashMap subjects = new Long2LongHashMap(0);
        final Long2LongHashMap objects = new Long2LongHashMap(0);
        final Long2LongHashMap graphQuads = new Long2LongHashMap(0);
        final Long2LongHashMap classQuads = new Long2LongHashMap(0);

        static void add(Long2LongHashMap map, long key, long delta) {
            long sum = map.get(key) + delta;
            if (sum == 0) {
                map.remove(key);
            } else {
                map.put(key, sum);
            }
        }
    }
}
