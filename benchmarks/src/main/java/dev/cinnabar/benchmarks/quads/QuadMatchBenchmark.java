package dev.cinnabar.benchmarks.quads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

import dev.cinnabar.benchmarks.SharedData;
import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.QuadIdCursor;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;

/**
 * {@link ReadTxn#matchIds} with 1, 2 and 3 bound positions (subject; subject and predicate; subject, predicate and
 * object; the graph unbound), the lookups a join in id space makes: open a cursor, read every match. The store is
 * bulk loaded once per trial ({@link QuadStore#bulkLoad}, one segment, empty memtable, as a SPARQL benchmark's
 * store); the patterns come from loaded quads picked at random, {@value #OPS} per read transaction. Scores are ns
 * per lookup.
 *
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
 *     QuadMatchBenchmark -f 1 -wi 3 -i 5 -p dataset=lubm10 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QuadMatchBenchmark {

    /** Lookups per invocation (one read transaction). */
    public static final int OPS = 1 << 12;
    private static final int PATTERNS = 1 << 18;

    @Param({"lubm1", "lubm10"})
    public String dataset;

    private Path dir;
    private QuadStore store;
    private long[] subjects;
    private long[] predicates;
    private long[] objects;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("cinnabar-match-" + dataset + "-");
        store = QuadStore.open(dir);
        store.bulkLoad(List.of(SharedData.dataset(dataset)), BulkLoadOptions.defaults().withSkipBadLines(true));
        long[] s = new long[1 << 22];
        long[] p = new long[s.length];
        long[] o = new long[s.length];
        int quads = 0;
        try (ReadTxn txn = store.beginRead()) {
            QuadIdCursor all = txn.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
            while (all.next() && quads < s.length) {
                s[quads] = all.subject();
                p[quads] = all.predicate();
                o[quads] = all.object();
                quads++;
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        subjects = new long[PATTERNS];
        predicates = new long[PATTERNS];
        objects = new long[PATTERNS];
        for (int i = 0; i < PATTERNS; i++) {
            int q = random.nextInt(quads);
            subjects[i] = s[q];
            predicates[i] = p[q];
            objects[i] = o[q];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        StoreFiles.deleteRecursively(dir);
    }

    /** The next {@value #OPS} patterns, moving through a fixed random sequence so batches differ. */
    private int start() {
        int start = next;
        next = (next + OPS) % (PATTERNS - OPS);
        return start;
    }

    private static long drain(QuadIdCursor cursor) {
        long n = 0;
        while (cursor.next()) {
            n += cursor.object();
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long bound1Subject() {
        int start = start();
        long sum = 0;
        try (ReadTxn txn = store.beginRead()) {
            for (int k = start; k < start + OPS; k++) {
                sum += drain(txn.matchIds(QuadStore.ANY, subjects[k], QuadStore.ANY, QuadStore.ANY));
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long bound2SubjectPredicate() {
        int start = start();
        long sum = 0;
        try (ReadTxn txn = store.beginRead()) {
            for (int k = start; k < start + OPS; k++) {
                sum += drain(txn.matchIds(QuadStore.ANY, subjects[k], predicates[k], QuadStore.ANY));
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long bound3SubjectPredicateObject() {
        int start = start();
        long found = 0;
        try (ReadTxn txn = store.beginRead()) {
            for (int k = start; k < start + OPS; k++) {
                QuadIdCursor cursor = txn.matchIds(QuadStore.ANY, subjects[k], predicates[k], objects[k]);
                if (cursor.next()) {
                    found++;
                }
            }
        }
        if (found != OPS) {
            throw new IllegalStateException(found + " of " + OPS + " loaded quads found");
        }
        return found;
    }
}
