package dev.cinnabar.benchmarks.quads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Point lookups and subject scans on a loaded store, in JMH: one fork per (store, data set), the store loaded once in
 * trial setup (parse, convert, load in 100k-quad transactions; not measured), then batches of {@value #OPS} random
 * loaded quads, each batch in one read transaction. Scores are ns per lookup or per scan. The report main
 * {@link QuadStoreLoadReport} measures the same reads (and load and space) for all stores in one JVM; this gives
 * JMH's warm-up and error bars for the lookups.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar QuadLookupBenchmark -p store=tdb2,rdf4j-lmdb -p dataset=lubm10
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QuadLookupBenchmark {

    /** Operations per invocation (one read transaction). */
    public static final int OPS = 1 << 14;

    /** A name from {@link QuadStores#NAMES}. */
    @Param({"cinnabar", "in-heap", "tdb2", "rdf4j-native", "rdf4j-lmdb"})
    public String store;

    @Param({"lubm10", "bsbm-1m"})
    public String dataset;

    private StoreUnderTest sut;
    private Path dir;
    private int[] positions;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuadData data = QuadData.load(dataset);
        dir = Files.createTempDirectory("cinnabar-quads-" + store + "-");
        sut = QuadStores.create(store);
        sut.open(dir);
        sut.prepare(data);
        sut.load(100_000);
        positions = new SplittableRandom(42).ints(1 << 20, 0, data.size()).toArray();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sut.close();
        StoreFiles.deleteRecursively(dir);
    }

    /** The next {@value #OPS} positions, moving through a fixed random sequence so batches differ. */
    private int start() {
        int start = next;
        next = (next + OPS) % (positions.length - OPS);
        return start;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long contains() throws Exception {
        int start = start();
        long found = 0;
        try (StoreUnderTest.ReadView view = sut.beginRead()) {
            for (int k = start; k < start + OPS; k++) {
                if (view.contains(positions[k])) {
                    found++;
                }
            }
        }
        if (found != OPS) {
            throw new IllegalStateException(store + ": " + found + " of " + OPS + " loaded quads found");
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long scanSubject() throws Exception {
        int start = start();
        long matches = 0;
        try (StoreUnderTest.ReadView view = sut.beginRead()) {
            for (int k = start; k < start + OPS; k++) {
                matches += view.scanSubject(positions[k]);
            }
        }
        return matches;
    }
}
