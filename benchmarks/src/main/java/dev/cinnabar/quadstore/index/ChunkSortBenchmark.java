package dev.cinnabar.quadstore.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.cinnabar.storage.StorageIo;

/**
 * The bulk loader's per-chunk work on one synthetic chunk of {@value #ROWS} quads (about lubm10, which a load at
 * {@code -Xmx2g} sorts as a single chunk): sorting the packed keys ({@link LongRadixSort} against
 * {@link Arrays#sort}), one order's whole {@link SortedRows#sortedDistinct} step, and {@link SegmentWriter} encoding
 * all six orders. Every score is ms per chunk (or per chunk and order).
 *
 * <p>This class sits in the package of the index, though in the benchmarks module, so that it can call the
 * package-private {@link LongRadixSort} without widening its visibility. That works because the benchmarks run from
 * the class path (one shaded jar, one class loader, no sealed packages), not as named modules.
 *
 * <p>The chunk is made up, from a fixed seed, to look like a parsed N-Triples file interned in first-seen order, not
 * read from the data sets, so that nothing but JMH is needed to run it: one graph; subjects in runs of 4 to 12
 * triples, each run a new atom id, ascending; the first triple of a run an {@code rdf:type} to one of 40 classes;
 * 18 predicates and the classes among the first 2,048 ids; other objects a new atom (a literal) one time in eight,
 * else any atom seen before. That gives about 309,000 atoms (lubm10 has 315,000), no duplicate quads, and keys of 49
 * bits (19 for the subject, 19 for the object, 11 for the predicate, none for the graph). The sort benchmarks take
 * the keys of two orders: {@code GSPO} keys arrive mostly ascending (subject runs in parse order), {@code OSPG} keys
 * scattered, which matters to a comparison sort and not to a radix sort.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ChunkSortBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChunkSortBenchmark {

    /** Quads in the chunk: 1.25 * 2^20, about lubm10's 1.3 million. */
    public static final int ROWS = 1_310_720;
    private static final int STRIDE = 4;
    private static final long SEED = 20261207L;
    private static final long GRAPH = 1;
    /** Atom ids below this are the vocabulary: predicates and classes, seen first in a file. */
    private static final long VOCABULARY = 2_048;
    private static final int PREDICATES = 18;
    private static final int CLASSES = 40;
    /** One object in this many (other than a type's class) is a new atom, as a literal is. */
    private static final int NEW_OBJECT_ONE_IN = 8;

    /**
     * The packed keys of one order, as {@link SortedRows} packs them, and a work array sorted in place. Copying the
     * keys into the work array happens in {@code @Setup(Level.Invocation)}, outside the measured time (a sort
     * overwrites its input, so each invocation needs a fresh copy); {@link ChunkSortBenchmark#copyOnly} measures
     * what that copy costs. Level.Invocation is sound here: a sort takes tens of milliseconds.
     */
    @State(Scope.Thread)
    public static class Keys {
        @Param({"GSPO", "OSPG"})
        public IndexOrder order;

        long[] keys;
        long[] work;
        int bits;

        @Setup(Level.Trial)
        public void setUp() {
            long[] rows = chunk();
            int[] shift = new int[STRIDE];
            long[] min = new long[STRIDE];
            bits = packing(rows, order, min, shift);
            keys = new long[ROWS];
            for (int i = 0; i < ROWS; i++) {
                long key = 0;
                for (int c = 0; c < STRIDE; c++) {
                    key |= (rows[i * STRIDE + c] - min[c]) << shift[c];
                }
                keys[i] = key;
            }
            work = new long[ROWS];
            // Both sorts must do the same work: check once that they agree.
            long[] byArrays = keys.clone();
            Arrays.sort(byArrays);
            if (!Arrays.equals(byArrays, LongRadixSort.sort(keys.clone(), ROWS, bits))) {
                throw new IllegalStateException("radix sort and Arrays.sort disagree on the " + order + " keys");
            }
            System.out.printf("%n[setup] %,d %s keys of %d bits%n", ROWS, order, bits);
        }

        @Setup(Level.Invocation)
        public void copy() {
            System.arraycopy(keys, 0, work, 0, ROWS);
        }
    }

    /** The chunk's rows, for {@link #sortedDistinct}, which does not change them. */
    @State(Scope.Thread)
    public static class Chunk {
        @Param({"SPOG", "POSG", "OSPG", "GSPO", "GPOS", "GOSP"})
        public IndexOrder order;

        long[] rows;

        @Setup(Level.Trial)
        public void setUp() {
            rows = chunk();
        }
    }

    /**
     * The chunk's distinct quads as sorted keys of each of the six orders (sorted in setup), and the segment file an
     * invocation writes, deleted after each invocation so that every one writes a new file, as a load does. The
     * file lies in a temp directory under {@code java.io.tmpdir}.
     */
    @State(Scope.Thread)
    public static class Orders {
        final long[][] sorted = new long[IndexOrder.values().length][];
        int entries;
        Path dir;
        Path file;
        SegmentWriter writer;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            long[] rows = chunk();
            for (IndexOrder order : IndexOrder.values()) {
                long[] keys = new long[ROWS * STRIDE];
                EntryCursor cursor = SortedRows.sortedDistinct(rows, ROWS, order);
                int n = 0;
                while (cursor.next()) {
                    for (int position = 0; position < STRIDE; position++) {
                        keys[n * STRIDE + position] = cursor.key(position);
                    }
                    n++;
                }
                sorted[order.ordinal()] = keys;
                entries = n;
            }
            dir = Files.createTempDirectory("cinnabar-bench-segment-");
            file = dir.resolve("chunk.seg");
            System.out.printf("%n[setup] %,d distinct quads of %,d rows, atom ids up to %,d%n", entries, ROWS,
                Arrays.stream(rows).max().orElse(0));
        }

        /** Closes a writer left unfinished ({@link #encodeSixOrders}) and deletes the file. */
        @TearDown(Level.Invocation)
        public void discard() throws IOException {
            if (writer != null) {
                writer.close();
                writer = null;
            }
            Files.deleteIfExists(file);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }

        /** Creates the file and writes all six orders into it, leaving the writer unfinished. */
        SegmentWriter writeOrders() throws IOException {
            writer = SegmentWriter.create(StorageIo.system(), file, SegmentWriter.DEFAULT_BLOCK_BYTES);
            for (IndexOrder order : IndexOrder.values()) {
                long[] keys = sorted[order.ordinal()];
                writer.beginOrder(order);
                for (int i = 0; i < entries * STRIDE; i += STRIDE) {
                    writer.append(keys[i], keys[i + 1], keys[i + 2], keys[i + 3], false);
                }
                writer.endOrder();
            }
            return writer;
        }
    }

    /** {@link LongRadixSort#sort} of the keys, as {@link SortedRows} calls it (its scratch array included). */
    @Benchmark
    public long[] radixSort(Keys state) {
        return LongRadixSort.sort(state.work, ROWS, state.bits);
    }

    /** {@link Arrays#sort(long[])} of the same keys: what sorted them before the radix sort. */
    @Benchmark
    public long[] arraysSort(Keys state) {
        Arrays.sort(state.work);
        return state.work;
    }

    /** The copy of the keys that the sorts' invocation setup makes, unmeasured there: a floor for both. */
    @Benchmark
    public long[] copyOnly(Keys state) {
        System.arraycopy(state.keys, 0, state.work, 0, ROWS);
        return state.work;
    }

    /**
     * One order's whole sorting step, as a load runs it for each order of a chunk: {@link SortedRows#sortedDistinct}
     * (finding the ranges, packing, radix sort), then reading out every distinct key, which unpacks it; the
     * loader's writer reads them so.
     */
    @Benchmark
    public long sortedDistinct(Chunk state) {
        EntryCursor cursor = SortedRows.sortedDistinct(state.rows, ROWS, state.order);
        long sum = 0;
        while (cursor.next()) {
            sum += cursor.key(0) + cursor.key(1) + cursor.key(2) + cursor.key(3);
        }
        return sum;
    }

    /**
     * Creating a segment file and appending the six orders' sorted entries: encoding, checksums, and the writes of
     * the writer's 1 MiB buffer into the file (the page cache). Not the footer, trailer or force of
     * {@link SegmentWriter#finish}: the file is closed unfinished after the invocation.
     */
    @Benchmark
    public SegmentWriter encodeSixOrders(Orders state) throws IOException {
        return state.writeOrders();
    }

    /**
     * As {@link #encodeSixOrders}, then {@link SegmentWriter#finish}: the footer and trailer, and the force of the
     * file to the device ({@code fsync}), as every segment a load writes ends. The force makes this depend on the
     * disk and on what else writes to it.
     */
    @Benchmark
    public long writeSixOrders(Orders state) throws IOException {
        long length = state.writeOrders().finish();
        state.writer = null; // finished: nothing to close
        return length;
    }

    /**
     * The synthetic chunk's {@value #ROWS} (g, s, p, o) rows in parse order, the same on every call (fixed seed).
     * See the class comment for what they look like.
     */
    static long[] chunk() {
        SplittableRandom random = new SplittableRandom(SEED);
        long[] vocabulary = random.longs(2, VOCABULARY).distinct().limit(PREDICATES + CLASSES).toArray();
        long rdfType = vocabulary[0];
        long[] rows = new long[ROWS * STRIDE];
        long nextAtom = VOCABULARY;
        int row = 0;
        while (row < ROWS) {
            long subject = nextAtom++;
            int triples = random.nextInt(4, 13);
            for (int t = 0; t < triples && row < ROWS; t++, row++) {
                long predicate;
                long object;
                if (t == 0) {
                    predicate = rdfType;
                    object = vocabulary[PREDICATES + random.nextInt(CLASSES)];
                } else {
                    predicate = vocabulary[1 + random.nextInt(PREDICATES - 1)];
                    object = random.nextInt(NEW_OBJECT_ONE_IN) == 0 ? nextAtom++ : 1 + random.nextLong(nextAtom - 1);
                }
                int at = row * STRIDE;
                rows[at] = GRAPH;
                rows[at + 1] = subject;
                rows[at + 2] = predicate;
                rows[at + 3] = object;
            }
        }
        return rows;
    }

    /**
     * Fills in, per quad component, the smallest value of {@code rows} and its shift in a packed key of
     * {@code order} (the last key position in the lowest bits), and returns the bits a key needs: the packing of
     * {@link SortedRows}, which is private to it.
     */
    private static int packing(long[] rows, IndexOrder order, long[] min, int[] shift) {
        long[] max = new long[STRIDE];
        Arrays.fill(min, Long.MAX_VALUE);
        Arrays.fill(max, Long.MIN_VALUE);
        for (int i = 0; i < rows.length; i++) {
            min[i % STRIDE] = Math.min(min[i % STRIDE], rows[i]);
            max[i % STRIDE] = Math.max(max[i % STRIDE], rows[i]);
        }
        int used = 0;
        for (int position = STRIDE - 1; position >= 0; position--) {
            int c = order.component(position);
            shift[c] = used;
            used += 64 - Long.numberOfLeadingZeros(max[c] - min[c]);
        }
        if (used > 63) {
            throw new IllegalStateException(order + " keys need " + used + " bits, more than a packed key holds");
        }
        return used;
    }
}
