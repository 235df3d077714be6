package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Model-based test: random programs of intern, lookup, resolve, commit, close-and-reopen and crash run against a real
 * store (small chunks, 16 initial slots, so rehashes and chunk crossings come quickly) and against an in-memory model
 * of what the store must hold. A failing program shrinks to a short one, printed with numbered steps; the failure
 * names the step, the expected and actual result, and the store and model sizes.
 *
 * <p>A program is a plain list of operations rather than a jqwik {@code ActionChain}: on a planted bug the chain
 * shrinker stopped at its 10-second bound with 57 steps left, and with full shrinking ran out of heap after minutes.
 * A list shrinks by cutting its ends and by shrinking each step toward {@link Skip}, which drops it; terms are small
 * descriptions (a pool index, an IRI number, a length and a seed, "again") and a batch is a count and a seed, so they
 * shrink in few runs too. A run costs milliseconds (every close commits, and commits force), so few runs matter.
 */
class AtomStoreModelTest {

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void theStoreBehavesLikeTheModel(@ForAll("programs") Program program) throws IOException {
        Harness h = new Harness();
        try {
            List<Op> steps = program.steps();
            for (int step = 0; step < steps.size(); step++) {
                Op op = steps.get(step);
                try {
                    op.run(h);
                    h.checkSizes();
                } catch (AssertionError | RuntimeException | IOException e) {
                    throw new AssertionError("step " + step + ", " + op + ": " + e.getMessage() + "\n  in " + h, e);
                }
            }
            h.checkEverything();
        } finally {
            h.destroy();
        }
    }

    @Provide
    Arbitrary<Program> programs() {
        return ops().list().ofMaxSize(120).withSizeDistribution(RandomDistribution.uniform()).map(Program::new);
    }

    /**
     * Operations, each shrinking toward {@link Skip} first: jqwik (1.9) shrinks a list only by cutting its ends, so an
     * irrelevant step in the middle of a failing program is dropped by shrinking it to a skip.
     */
    static Arbitrary<Op> ops() {
        return Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(new Skip())),
            Tuple.of(8, terms().map(Intern::new)),
            Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers())
                .as(InternMany::new)),
            Tuple.of(1, Arbitraries.just(new InternTooLarge())),
            Tuple.of(4, terms().map(Lookup::new)),
            Tuple.of(3, Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1, 20)),
                Tuple.of(1, Arbitraries.longs().between(1, 150))).map(Resolve::new)),
            Tuple.of(1, Arbitraries.just(new ResolveZero())),
            Tuple.of(1, Arbitraries.just(new ResolvePastEnd())),
            Tuple.of(2, Arbitraries.just(new Commit())),
            Tuple.of(1, Arbitraries.just(new CloseAndReopen())),
            Tuple.of(1, Arbitraries.just(new Crash())),
            Tuple.of(1, Arbitraries.just(new Verify())));
    }

    /** A generated list of operations; runs and prints without its skips. */
    record Program(List<Op> ops) {
        List<Op> steps() {
            return ops.stream().filter(op -> !(op instanceof Skip)).toList();
        }

        /** Numbered steps (the numbers failures name): on one line when short, one a line when long. */
        @Override
        public String toString() {
            List<Op> steps = steps();
            boolean oneLine = steps.size() <= 10;
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < steps.size(); i++) {
                s.append(oneLine ? (i == 0 ? "" : ", ") : "\n      ").append(i).append(": ").append(steps.get(i));
            }
            return s.append(oneLine ? "]" : "\n    ]").toString();
        }
    }

    // ------------------------------------------------------------------------------------------------ operations

    sealed interface Op {
        void run(Harness h) throws IOException;
    }

    /** Does nothing: what shrinking turns an irrelevant step into. */
    record Skip() implements Op {
        public void run(Harness h) {
        }

        @Override
        public String toString() {
            return "skip";
        }
    }

    /** Interns a term: its id if present, else the next id. */
    record Intern(Term term) implements Op {
        public void run(Harness h) throws IOException {
            h.intern(h.bytes(term));
        }

        @Override
        public String toString() {
            return "intern(" + term + ")";
        }
    }

    /**
     * Interns {@code count} terms drawn from {@code seed}, so that stores grow past several rehashes and chunk
     * boundaries. Two numbers shrink far faster than a list of terms: shrinking the count cuts the batch at the failing
     * term. Prints its terms.
     */
    record InternMany(int count, int seed) implements Op {
        List<Term> terms() {
            SplittableRandom random = new SplittableRandom(seed);
            List<Term> terms = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                terms.add(randomTerm(random));
            }
            return terms;
        }

        public void run(Harness h) throws IOException {
            for (Term term : terms()) {
                h.intern(h.bytes(term));
            }
        }

        @Override
        public String toString() {
            return "internMany(" + count + ", seed " + seed + ")" + terms();
        }
    }

    /** A term above the maximum atom size is rejected and changes nothing. */
    record InternTooLarge() implements Op {
        public void run(Harness h) {
            byte[] term = new byte[AtomStoreTest.smallOptions().maxAtomBytes() + 1];
            assertThrows(IllegalArgumentException.class, () -> h.store.intern(term));
        }

        @Override
        public String toString() {
            return "internTooLarge";
        }
    }

    /** Looks up a term that may or may not be present. */
    record Lookup(Term term) implements Op {
        public void run(Harness h) {
            byte[] bytes = h.bytes(term);
            assertEquals(h.model.idOf(bytes), h.store.lookup(bytes), () -> "lookup(" + show(bytes) + ")");
        }

        @Override
        public String toString() {
            return "lookup(" + term + ")";
        }
    }

    /** Resolves an id: the atom's bytes if it exists, else IllegalArgumentException. */
    record Resolve(long id) implements Op {
        public void run(Harness h) {
            h.resolve(id);
        }

        @Override
        public String toString() {
            return "resolve(" + id + ")";
        }
    }

    record ResolveZero() implements Op {
        public void run(Harness h) {
            h.resolve(0);
        }

        @Override
        public String toString() {
            return "resolve(0)";
        }
    }

    record ResolvePastEnd() implements Op {
        public void run(Harness h) {
            h.resolve(h.model.all.size() + 1);
        }

        @Override
        public String toString() {
            return "resolve(size+1)";
        }
    }

    record Commit() implements Op {
        public void run(Harness h) throws IOException {
            h.store.commit();
            h.model.commit();
        }

        @Override
        public String toString() {
            return "commit";
        }
    }

    /** Close commits; the reopened store holds everything. */
    record CloseAndReopen() implements Op {
        public void run(Harness h) throws IOException {
            h.store.close();
            h.model.commit();
            h.store = AtomStore.open(h.directory, AtomStoreTest.smallOptions());
            assertEquals(h.model.all.size(), h.store.committedSize(), "committedSize after reopen");
            h.store.verify();
        }

        @Override
        public String toString() {
            return "closeAndReopen";
        }
    }

    /**
     * A process crash: a copy of the open store's files (the page cache, nothing forced) becomes the store. The
     * original is closed (which commits it) and dropped.
     */
    record Crash() implements Op {
        public void run(Harness h) throws IOException {
            Path image = h.newDirectory();
            AtomStoreTest.copyStoreFiles(h.directory, image);
            h.store.close();
            h.store = null;
            deleteRecursively(h.directory);
            h.directory = image;
            h.store = AtomStore.open(image, AtomStoreTest.smallOptions());
            List<byte[]> lost = h.model.crash();
            assertEquals(h.model.committed.size(), h.store.size(), "size after crash");
            assertEquals(h.model.committed.size(), h.store.committedSize(), "committedSize after crash");
            for (byte[] term : lost) {
                assertEquals(AtomStore.NO_ATOM, h.store.lookup(term),
                    () -> "uncommitted " + show(term) + " survived the crash");
            }
            h.store.verify();
        }

        @Override
        public String toString() {
            return "crash";
        }
    }

    record Verify() implements Op {
        public void run(Harness h) throws IOException {
            h.store.verify();
        }

        @Override
        public String toString() {
            return "verify";
        }
    }

    // ------------------------------------------------------------------------------------------------ terms

    /** A term, described so that it prints short and shrinks cheaply. */
    sealed interface Term {
    }

    /** One of {@link #POOL}; shrinks toward the empty term. */
    record Pooled(int index) implements Term {
        @Override
        public String toString() {
            return show(POOL.get(index));
        }
    }

    /** {@code <http://example.org/n>}: many terms with a shared prefix. */
    record Iri(int n) implements Term {
        byte[] bytes() {
            return AtomStoreTest.utf8("<http://example.org/" + n + ">");
        }

        @Override
        public String toString() {
            return show(bytes());
        }
    }

    /** {@code length} pseudo-random bytes from {@code seed}. */
    record RandomBytes(int length, int seed) implements Term {
        byte[] bytes() {
            byte[] bytes = new byte[length];
            new SplittableRandom(seed).nextBytes(bytes);
            return bytes;
        }

        @Override
        public String toString() {
            return "random(" + length + ", seed " + seed + ")";
        }
    }

    /** The {@code k}-th (modulo their count) distinct term interned earlier in this run, lost or not. */
    record Again(int k) implements Term {
        @Override
        public String toString() {
            return "again(" + k + ")";
        }
    }

    /** About 50 fixed terms, so that repeats are common: boundaries of length, varint prefix and 8-byte compare. */
    static final List<byte[]> POOL = pool();

    private static List<byte[]> pool() {
        List<byte[]> pool = new ArrayList<>();
        pool.add(new byte[0]);
        pool.add(new byte[] {0});
        pool.add(new byte[] {(byte) 0xFF});
        pool.add(new byte[] {'a'});
        for (int i = 0; i < 30; i++) {
            pool.add(AtomStoreTest.utf8("<http://example.org/" + i + ">"));
        }
        pool.add(AtomStoreTest.utf8("\"chat\"@fr"));
        pool.add(AtomStoreTest.utf8("\"chat\"@en"));
        pool.add(AtomStoreTest.utf8("\"Grüße, 世界 🌍\"@de"));
        for (String s : new String[] {"abcdefg", "abcdefgh", "abcdefgX", "abcdefghi"}) {
            pool.add(AtomStoreTest.utf8(s));
        }
        pool.add(filled(127, 'v'));
        pool.add(filled(128, 'v'));
        pool.add(filled(4096, 'x'));
        byte[] xy = filled(4096, 'x');
        xy[4095] = 'y';
        pool.add(xy);
        byte[] big = new RandomBytes(1 << 14, 42).bytes(); // the largest term the small options allow: 3-byte prefix
        pool.add(big);
        pool.add(Arrays.copyOf(big, (1 << 14) - 1)); // its prefix: a 2-byte length prefix
        byte[] bigOther = big.clone();
        bigOther[(1 << 14) - 1] ^= 1;
        pool.add(bigOther);
        return List.copyOf(pool);
    }

    /** Pooled terms, IRIs, short random bytes, a few KiB up to the maximum, and repeats of earlier terms. */
    static Arbitrary<Term> terms() {
        return Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0, POOL.size() - 1).map(Pooled::new)),
            Tuple.of(3, Arbitraries.integers().between(0, 5000).map(Iri::new)),
            Tuple.of(3, Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers())
                .as(RandomBytes::new)),
            Tuple.of(3, Combinators.combine(Arbitraries.integers().between(2048, 1 << 14), Arbitraries.integers())
                .as(RandomBytes::new)),
            Tuple.of(3, Arbitraries.integers().between(0, 1000).map(Again::new)));
    }

    /** A term as {@link #terms()} would generate it, for {@link InternMany}. */
    static Term randomTerm(SplittableRandom random) {
        int kind = random.nextInt(18);
        if (kind < 6) {
            return new Pooled(random.nextInt(POOL.size()));
        } else if (kind < 9) {
            return new Iri(random.nextInt(5001));
        } else if (kind < 12) {
            return new RandomBytes(random.nextInt(301), random.nextInt());
        } else if (kind < 15) {
            return new RandomBytes(random.nextInt(2048, (1 << 14) + 1), random.nextInt());
        }
        return new Again(random.nextInt(1001));
    }

    static byte[] filled(int length, char c) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    /** A short, readable name of a term for failure messages. */
    static String show(byte[] term) {
        boolean printable = term.length <= 48;
        for (byte b : term) {
            printable &= b >= 0x20 && b < 0x7F;
        }
        if (printable) {
            return '"' + new String(term, StandardCharsets.US_ASCII) + '"';
        }
        StringBuilder s = new StringBuilder("bytes[").append(term.length).append("]:");
        for (int i = 0; i < Math.min(term.length, 6); i++) {
            s.append(String.format("%02x", term[i]));
        }
        if (term.length > 6) {
            s.append("..#").append(Integer.toHexString(Arrays.hashCode(term)));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------------ model

    /** What the store must hold: atoms in id order (id = index + 1), and the committed prefix of them. */
    static final class Model {
        final List<byte[]> committed = new ArrayList<>();
        final List<byte[]> all = new ArrayList<>();
        private final Map<ByteBuffer, Long> ids = new HashMap<>();

        long idOf(byte[] term) {
            return ids.getOrDefault(ByteBuffer.wrap(term), AtomStore.NO_ATOM);
        }

        long intern(byte[] term) {
            long id = idOf(term);
            if (id == AtomStore.NO_ATOM) {
                all.add(term);
                id = all.size();
                ids.put(ByteBuffer.wrap(term), id);
            }
            return id;
        }

        void commit() {
            committed.clear();
            committed.addAll(all);
        }

        /** A crash: what was not committed is gone. Returns the lost terms. */
        List<byte[]> crash() {
            List<byte[]> lost = new ArrayList<>(all.subList(committed.size(), all.size()));
            for (byte[] term : lost) {
                ids.remove(ByteBuffer.wrap(term));
            }
            all.clear();
            all.addAll(committed);
            return lost;
        }

        @Override
        public String toString() {
            return "model[atoms=" + all.size() + ", committed=" + committed.size() + "]";
        }
    }

    // ------------------------------------------------------------------------------------------------ harness

    /** The store under test, its model, and every distinct term interned so far (for {@link Again}). */
    static final class Harness {
        final Model model = new Model();
        private final List<byte[]> history = new ArrayList<>();
        private final Set<ByteBuffer> inHistory = new HashSet<>();
        private final List<Path> directories = new ArrayList<>();
        Path directory;
        AtomStore store;

        Harness() throws IOException {
            directory = newDirectory();
            store = AtomStore.open(directory, AtomStoreTest.smallOptions());
        }

        Path newDirectory() throws IOException {
            Path dir = Files.createTempDirectory("atomstore-model");
            directories.add(dir);
            return dir;
        }

        byte[] bytes(Term term) {
            if (term instanceof Pooled p) {
                return POOL.get(p.index());
            } else if (term instanceof Iri iri) {
                return iri.bytes();
            } else if (term instanceof RandomBytes r) {
                return r.bytes();
            }
            Again again = (Again) term;
            return history.isEmpty() ? POOL.get(0) : history.get(again.k() % history.size());
        }

        void intern(byte[] term) throws IOException {
            long expected = model.intern(term);
            assertEquals(expected, store.intern(term), () -> "intern(" + show(term) + ")");
            assertEquals(model.all.size(), store.size(), () -> "size after intern(" + show(term) + ")");
            if (inHistory.add(ByteBuffer.wrap(term))) {
                history.add(term);
            }
        }

        void resolve(long id) {
            if (id >= 1 && id <= model.all.size()) {
                byte[] expected = model.all.get((int) (id - 1));
                assertArrayEquals(expected, store.resolve(id), () -> "resolve(" + id + ")");
                assertEquals(expected.length, store.length(id), () -> "length(" + id + ")");
            } else {
                assertThrows(IllegalArgumentException.class, () -> store.resolve(id), () -> "resolve(" + id + ")");
            }
        }

        void checkSizes() {
            assertEquals(model.all.size(), store.size(), "size()");
            assertEquals(model.committed.size(), store.committedSize(), "committedSize()");
        }

        /** Every atom resolves and is found by its bytes; verify passes. */
        void checkEverything() throws IOException {
            checkSizes();
            for (int i = 0; i < model.all.size(); i++) {
                long id = i + 1;
                byte[] term = model.all.get(i);
                assertArrayEquals(term, store.resolve(id), () -> "at the end: resolve(" + id + ") in " + this);
                assertEquals(id, store.lookup(term), () -> "at the end: lookup(" + show(term) + ") in " + this);
            }
            store.verify();
        }

        void destroy() {
            try {
                if (store != null) {
                    store.close();
                }
            } catch (IOException | RuntimeException e) {
                // a failed try may leave a broken store; its files go anyway
            }
            for (Path dir : directories) {
                try {
                    deleteRecursively(dir);
                } catch (IOException e) {
                    // best effort, in java.io.tmpdir
                }
            }
        }

        @Override
        public String toString() {
            return store + " vs " + model;
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
