package dev.cinnabar.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.infra.Blackhole;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.atomstore.LockContract;

/**
 * {@link AtomStore} intern, lookup and resolve on real RDF terms, beside a {@code HashMap<String, Long>} /
 * {@code String[]} baseline doing the same work in the same run.
 *
 * <p>One invocation processes the first {@value #TERMS} distinct terms of the data set (in first-seen order), and
 * {@code @OperationsPerInvocation} divides by that, so every score is ns per term. The count has to be a compile-time
 * constant, which is why it is fixed rather than "all terms": lubm10 has about 315,000 distinct terms and bsbm-1m
 * about 293,000, so 2^18 fits both. A data set with fewer distinct terms fails in setup.
 *
 * <p>Lookups and resolves run in id order (first-seen order), for the store and the baseline alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AtomStoreBenchmark {

    /** Terms processed by one invocation of every benchmark. */
    public static final int TERMS = 1 << 18;

    @Param({"lubm10", "bsbm-1m"})
    public String dataset;

    /** The terms as UTF-8 bytes; term i has atom id i + 1 in the prebuilt stores. */
    private byte[][] terms;
    /**
     * The same terms as Strings, built once. A String caches its hash code, so after the first use every baseline
     * {@code HashMap} operation on these keys skips hashing, which the store, hashing the bytes each time, cannot;
     * and {@link #baselineLookupExisting} finds the very key instance in the map, so {@code HashMap.get} matches by
     * reference without comparing characters. Both favour the baseline. The {@code ...FromBytes} baselines decode a
     * fresh String per term instead, as a loader handed bytes would.
     */
    private String[] keys;
    /**
     * Equal to {@link #keys} but other instances with their own character arrays: {@code HashMap.get} must compare
     * the characters, as the store compares bytes. Their hash codes are cached after the first use.
     */
    private String[] equalKeys;
    /**
     * A fixed random order of the term indexes. Looking terms up in interning order walks the offsets and data
     * regions (and the baseline's nodes) sequentially, which hides their cache misses; this order does not.
     */
    private int[] shuffled;

    private Path storeDir;
    /** Prebuilt with all terms; owns its lock (the default): every call takes it. */
    private AtomStore store;
    private Path ownerLockedDir;
    private ReentrantReadWriteLock ownerLock;
    /** Prebuilt with all terms; the benchmark holds {@link #ownerLock} for it, as a quad store would. */
    private AtomStore ownerLockedStore;

    /** Baseline: term to id. */
    private HashMap<String, Long> baselineMap;
    /** Baseline: id to term; index 0 unused, like {@link AtomStore#NO_ATOM}. */
    private String[] baselineById;

    private UnsafeBuffer resolveBuffer;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = SharedData.dataset(dataset);
        long started = System.nanoTime();
        List<byte[]> distinct = TermCorpus.distinctTerms(file);
        if (distinct.size() < TERMS) {
            throw new IllegalStateException("data set " + dataset + " (" + file + ") has " + distinct.size()
                + " distinct terms; AtomStoreBenchmark needs at least " + TERMS);
        }
        // Copied in one run, like the baseline's keys below: both sides read keys laid out contiguously.
        terms = new byte[TERMS][];
        for (int i = 0; i < TERMS; i++) {
            terms[i] = distinct.get(i).clone();
        }
        keys = new String[TERMS];
        equalKeys = new String[TERMS];
        int maxBytes = 0;
        long totalBytes = 0;
        for (int i = 0; i < TERMS; i++) {
            keys[i] = new String(terms[i], StandardCharsets.UTF_8);
            equalKeys[i] = new String(terms[i], StandardCharsets.UTF_8);
            maxBytes = Math.max(maxBytes, terms[i].length);
            totalBytes += terms[i].length;
        }
        resolveBuffer = new UnsafeBuffer(new byte[maxBytes]);
        shuffled = new int[TERMS];
        for (int i = 0; i < TERMS; i++) {
            shuffled[i] = i;
        }
        java.util.Random random = new java.util.Random(20261121);
        for (int i = TERMS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }

        storeDir = Dirs.createTemp("cinnabar-bench-store-");
        store = AtomStore.open(storeDir);
        internAllChecked(store);
        store.commit();

        ownerLockedDir = Dirs.createTemp("cinnabar-bench-owner-");
        ownerLock = new ReentrantReadWriteLock();
        ownerLockedStore = AtomStore.open(ownerLockedDir,
            AtomStoreOptions.defaults().withLockContract(LockContract.of(ownerLock)));
        ownerLock.writeLock().lock();
        try {
            internAllChecked(ownerLockedStore);
            ownerLockedStore.commit();
        } finally {
            ownerLock.writeLock().unlock();
        }

        baselineMap = new HashMap<>();
        long[] next = {0};
        for (String key : keys) {
            baselineMap.computeIfAbsent(key, k -> ++next[0]);
        }
        baselineById = new String[TERMS + 1];
        for (int i = 0; i < TERMS; i++) {
            baselineById[i + 1] = keys[i];
        }
        System.out.printf("%n[setup] %s: %,d distinct terms in %s, using the first %,d (%,d bytes, mean %.1f, max %,d)"
                + " in %.1f s%n", dataset, distinct.size(), file, TERMS, totalBytes, (double) totalBytes / TERMS,
            maxBytes, (System.nanoTime() - started) / 1e9);
    }

    private void internAllChecked(AtomStore target) throws IOException {
        for (int i = 0; i < TERMS; i++) {
            long id = target.intern(terms[i]);
            if (id != i + 1) {
                throw new IllegalStateException("term " + i + " got atom id " + id + ", expected " + (i + 1));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            if (store != null) {
                store.close();
            }
            if (ownerLockedStore != null) {
                ownerLock.writeLock().lock();
                try {
                    ownerLockedStore.close();
                } finally {
                    ownerLock.writeLock().unlock();
                }
            }
        } finally {
            Dirs.deleteRecursively(storeDir);
            Dirs.deleteRecursively(ownerLockedDir);
        }
    }

    /**
     * A fresh, empty store per invocation, in its own temp dir. Opening happens before and closing (which commits)
     * after the measured call, so the measured time is interning alone: no commit. Interning does include what
     * growth costs: file extension, and each hash-index doubling, which builds the new index file (forcing it is the
     * commit's work, in the unmeasured close).
     * Level.Invocation is sound here: one invocation is {@value #TERMS} interns, tens of milliseconds.
     */
    public abstract static class EmptyStore {
        Path dir;
        /** The owner's lock, or {@code null} when the store owns its lock. */
        ReentrantReadWriteLock lock;
        AtomStore store;

        abstract AtomStoreOptions options();

        @Setup(Level.Invocation)
        public void open() throws IOException {
            dir = Dirs.createTemp("cinnabar-bench-intern-");
            store = AtomStore.open(dir, options());
        }

        @TearDown(Level.Invocation)
        public void closeAndDelete() throws IOException {
            if (lock != null) {
                lock.writeLock().lock();
            }
            try {
                store.close();
            } finally {
                if (lock != null) {
                    lock.writeLock().unlock();
                }
                Dirs.deleteRecursively(dir);
            }
        }
    }

    @State(Scope.Thread)
    public static class FreshStore extends EmptyStore {
        @Override
        AtomStoreOptions options() {
            return AtomStoreOptions.defaults();
        }
    }

    /**
     * As {@link FreshStore}, with the index presized for every term and data space for them: the difference to
     * {@link #internNew} is what rehashes and file growth cost.
     */
    @State(Scope.Thread)
    public static class FreshPresizedStore extends EmptyStore {
        @Override
        AtomStoreOptions options() {
            return AtomStoreOptions.defaults().withInitialHashCapacity(2L * TERMS).withInitialDataBytes(TERMS * 256L);
        }
    }

    /** As {@link FreshStore}, opened under an owner's lock contract: the benchmark holds the write lock. */
    @State(Scope.Thread)
    public static class FreshOwnerLockedStore extends EmptyStore {
        @Override
        AtomStoreOptions options() {
            lock = new ReentrantReadWriteLock();
            return AtomStoreOptions.defaults().withLockContract(LockContract.of(lock));
        }
    }

    // ------------------------------------------------------------------------------------------------ AtomStore

    /** Interns every term into an empty store (the store takes its own write lock per call). */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void internNew(FreshStore fresh, Blackhole bh) throws IOException {
        AtomStore target = fresh.store;
        for (byte[] term : terms) {
            bh.consume(target.intern(term));
        }
    }

    /** Interns every term into an empty store presized for them: no rehash, no file growth. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void internNewPresized(FreshPresizedStore fresh, Blackhole bh) throws IOException {
        AtomStore target = fresh.store;
        for (byte[] term : terms) {
            bh.consume(target.intern(term));
        }
    }

    /** Interns every term into an empty owner-locked store, holding the write lock once for the batch. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void internNewOwnerLocked(FreshOwnerLockedStore fresh, Blackhole bh) throws IOException {
        AtomStore target = fresh.store;
        fresh.lock.writeLock().lock();
        try {
            for (byte[] term : terms) {
                bh.consume(target.intern(term));
            }
        } finally {
            fresh.lock.writeLock().unlock();
        }
    }

    /** Looks up every term (byte[]) in the prebuilt store; the store takes its read lock per call. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void lookupExisting(Blackhole bh) {
        AtomStore source = store;
        for (byte[] term : terms) {
            bh.consume(source.lookup(term));
        }
    }

    /** As {@link #lookupExisting}, but the caller holds the owner's read lock once, as a quad store per query. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void lookupExistingOwnerLocked(Blackhole bh) {
        AtomStore source = ownerLockedStore;
        ownerLock.readLock().lock();
        try {
            for (byte[] term : terms) {
                bh.consume(source.lookup(term));
            }
        } finally {
            ownerLock.readLock().unlock();
        }
    }

    /** As {@link #lookupExistingOwnerLocked}, in a random order. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void lookupShuffledOwnerLocked(Blackhole bh) {
        AtomStore target = ownerLockedStore;
        byte[][] probe = terms;
        ownerLock.readLock().lock();
        try {
            for (int i : shuffled) {
                bh.consume(target.lookup(probe[i]));
            }
        } finally {
            ownerLock.readLock().unlock();
        }
    }

    /** Resolves every id 1..n to a new byte[]. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void resolve(Blackhole bh) {
        AtomStore source = store;
        for (long id = 1; id <= TERMS; id++) {
            bh.consume(source.resolve(id));
        }
    }

    /** As {@link #resolve}, holding the owner's read lock once. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void resolveOwnerLocked(Blackhole bh) {
        AtomStore source = ownerLockedStore;
        ownerLock.readLock().lock();
        try {
            for (long id = 1; id <= TERMS; id++) {
                bh.consume(source.resolve(id));
            }
        } finally {
            ownerLock.readLock().unlock();
        }
    }

    /** Copies every atom into one reused buffer: no allocation. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void resolveInto(Blackhole bh) {
        AtomStore source = store;
        UnsafeBuffer dst = resolveBuffer;
        for (long id = 1; id <= TERMS; id++) {
            bh.consume(source.resolveInto(id, dst, 0));
        }
    }

    /** Points a reused view at every atom in the mapped data (zero copy) and reads the atom's first byte. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void wrapAtom(Blackhole bh) {
        AtomStore source = store;
        UnsafeBuffer atom = view;
        for (long id = 1; id <= TERMS; id++) {
            source.wrapAtom(id, atom);
            bh.consume(atom.getByte(0));
        }
    }

    // ------------------------------------------------------------------------------------------------ baseline

    /** Baseline for {@link #internNew}: a fresh HashMap, each prebuilt String key given the next id if absent. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineInternNew(Blackhole bh) {
        HashMap<String, Long> map = new HashMap<>();
        long[] next = {0};
        Function<String, Long> assign = k -> ++next[0];
        for (String key : keys) {
            bh.consume(map.computeIfAbsent(key, assign).longValue());
        }
        bh.consume(map);
    }

    /** As {@link #baselineInternNew}, decoding a fresh String from each term's bytes (hash not yet cached). */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineInternNewFromBytes(Blackhole bh) {
        HashMap<String, Long> map = new HashMap<>();
        long[] next = {0};
        Function<String, Long> assign = k -> ++next[0];
        for (byte[] term : terms) {
            bh.consume(map.computeIfAbsent(new String(term, StandardCharsets.UTF_8), assign).longValue());
        }
        bh.consume(map);
    }

    /** Baseline for {@link #lookupExisting}: {@code get} of each prebuilt String key (hash code cached). */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineLookupExisting(Blackhole bh) {
        HashMap<String, Long> map = baselineMap;
        for (String key : keys) {
            bh.consume(map.get(key).longValue());
        }
    }

    /** As {@link #baselineLookupExisting} with equal, distinct key instances: the characters are compared. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineLookupEqualKeys(Blackhole bh) {
        HashMap<String, Long> map = baselineMap;
        for (String key : equalKeys) {
            bh.consume(map.get(key).longValue());
        }
    }

    /** As {@link #baselineLookupEqualKeys}, in a random order. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineLookupEqualKeysShuffled(Blackhole bh) {
        HashMap<String, Long> map = baselineMap;
        String[] probe = equalKeys;
        for (int i : shuffled) {
            bh.consume(map.get(probe[i]).longValue());
        }
    }

    /** As {@link #baselineLookupExisting}, decoding a fresh String from each term's bytes first. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineLookupFromBytes(Blackhole bh) {
        HashMap<String, Long> map = baselineMap;
        for (byte[] term : terms) {
            bh.consume(map.get(new String(term, StandardCharsets.UTF_8)).longValue());
        }
    }

    /** Baseline for {@link #resolve}: id to String by array index, then {@code getBytes(UTF_8)} as resolve does. */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineResolve(Blackhole bh) {
        String[] byId = baselineById;
        for (int id = 1; id <= TERMS; id++) {
            bh.consume(byId[id].getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Baseline: id to the String itself, no copy (the floor for any resolve). */
    @Benchmark
    @OperationsPerInvocation(TERMS)
    public void baselineResolveString(Blackhole bh) {
        String[] byId = baselineById;
        for (int id = 1; id <= TERMS; id++) {
            bh.consume(byId[id]);
        }
    }
}
