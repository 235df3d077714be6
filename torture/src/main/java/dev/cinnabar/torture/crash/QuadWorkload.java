package dev.cinnabar.torture.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;
import dev.cinnabar.torture.snapshot.CommitLedger;
import dev.cinnabar.torture.snapshot.Fingerprint;
import dev.cinnabar.torture.snapshot.SnapshotReaders;

/**
 * A seeded random workload against a quad store with a model of its committed quads: logged and spilled commits,
 * removals, rollbacks, new atoms (some of them large, so the atom files grow), checkpoints, compactions, bulk loads
 * and reopens. Before each commit-like step it publishes the state that step would commit, so that an image taken
 * meanwhile may show it; after the step returns it publishes that state as acknowledged. Meanwhile
 * {@link SnapshotReaders} check that every snapshot holds exactly an acknowledged commit.
 */
final class QuadWorkload {

    /** The acknowledged commit's quads, and those of the commit in progress (null if none). */
    record Phase(long acknowledgedNumber, Set<Quad> acknowledged, Set<Quad> inFlight) {
    }

    private static final Iri XSD_INTEGER = new Iri(Iri.XSD + "integer");
    /** Two readers, holding snapshots across up to 4 commits (2 s at most): commits are slow under the images. */
    static final SnapshotReaders.Settings READERS = new SnapshotReaders.Settings(2, 4, 2_000_000_000L, 2_000_000L);

    private final Random rnd;
    private final Path directory;
    private final Path scratch;
    private final QuadStoreOptions options;
    private QuadStore store;
    private volatile Phase phase = new Phase(0, Set.of(), null);
    private long fresh;
    private final long[] stepCounts = new long[Step.values().length];
    private final CommitLedger ledger = new CommitLedger();
    private final long readerSeed;
    private SnapshotReaders readers;

    /** What one step does. */
    enum Step { SMALL_COMMIT, SPILLED_COMMIT, ROLLBACK, REMOVE_ALL, GROWTH_COMMIT, CHECKPOINT, COMPACT, BULK_LOAD, REOPEN }

    private static final Step[] WEIGHTED = {
        Step.SMALL_COMMIT, Step.SMALL_COMMIT, Step.SMALL_COMMIT, Step.SMALL_COMMIT, Step.SMALL_COMMIT,
        Step.SPILLED_COMMIT, Step.SPILLED_COMMIT, Step.ROLLBACK, Step.REMOVE_ALL, Step.GROWTH_COMMIT,
        Step.CHECKPOINT, Step.COMPACT, Step.BULK_LOAD, Step.REOPEN};

    QuadWorkload(Random rnd, Path directory, Path scratch, QuadStoreOptions options) throws IOException {
        this.rnd = rnd;
        this.directory = directory;
        this.scratch = scratch;
        this.options = options;
        this.readerSeed = rnd.nextLong();
        Files.createDirectories(scratch);
    }

    Phase phase() {
        return phase;
    }

    long[] stepCounts() {
        return stepCounts.clone();
    }

    /** Opens the store (creating it); the creation is commit 0, the empty store. Starts or resumes the readers. */
    void open() throws IOException {
        store = QuadStore.open(directory, options);
        ledger.recordLastCommit(store, Fingerprint.of(phase.acknowledged()));
        if (readers == null) {
            readers = SnapshotReaders.start(store, ledger, READERS, readerSeed, failure -> { });
        } else {
            readers.attach(store);
        }
    }

    void close() throws IOException {
        if (store != null) {
            readers.detach(); // close() would wait for their snapshots
            QuadStore closing = store;
            store = null;
            closing.close();
        }
    }

    /** Stops the readers (once the store is closed); returns their failures. */
    List<String> stopReaders() {
        return readers == null ? List.of() : readers.stop();
    }

    SnapshotReaders.Counts readerCounts() {
        return readers == null ? new SnapshotReaders.Counts(0, 0, 0) : readers.counts();
    }

    /** Runs one random step. */
    Step step() throws IOException {
        Step step = WEIGHTED[rnd.nextInt(WEIGHTED.length)];
        stepCounts[step.ordinal()]++;
        if (step == Step.CHECKPOINT || step == Step.COMPACT) {
            ledger.noteMaintenance();
        }
        switch (step) {
            case SMALL_COMMIT -> transaction(1 + rnd.nextInt(10), 0, true);
            case SPILLED_COMMIT -> transaction(20 + rnd.nextInt(50), 0, true);
            case ROLLBACK -> transaction(1 + rnd.nextInt(40), 0, false);
            case GROWTH_COMMIT -> transaction(1 + rnd.nextInt(4), 1 + rnd.nextInt(3), true);
            case REMOVE_ALL -> removeAll();
            case CHECKPOINT -> store.checkpoint();
            case COMPACT -> store.compact();
            case BULK_LOAD -> bulkLoad();
            case REOPEN -> {
                close();
                open();
            }
        }
        ledger.recordLastCommit(store, Fingerprint.of(phase.acknowledged()));
        return step;
    }

    private void transaction(int ops, int bigLiterals, boolean commit) throws IOException {
        Set<Quad> working = new HashSet<>(phase.acknowledged());
        try (WriteTxn txn = store.beginWrite()) {
            for (int i = 0; i < ops; i++) {
                Quad quad = randomQuad();
                if (rnd.nextInt(4) == 0 && !working.isEmpty()) {
                    quad = rnd.nextBoolean() ? pick(working) : quad;
                    txn.remove(quad);
                    working.remove(quad);
                } else {
                    txn.add(quad);
                    working.add(quad);
                }
            }
            for (int i = 0; i < bigLiterals; i++) {
                // Under the bulk loader's term limit (maxAtomBytes - 1 KiB): bulk loads may add these quads again.
                Quad quad = new Quad(graph(), subject(), new Iri("http://example.org/p/big"),
                    Literal.of(bigText(2_000 + rnd.nextInt(29_000))));
                txn.add(quad);
                working.add(quad);
            }
            if (commit) {
                commitAs(working, txn::commit);
            }
        }
    }

    private void removeAll() throws IOException {
        Set<Quad> working = new HashSet<>(phase.acknowledged());
        Term subject = subject();
        try (WriteTxn txn = store.beginWrite()) {
            txn.removeAll(null, subject, null, null);
            working.removeIf(q -> q.subject().equals(subject));
            commitAs(working, txn::commit);
        }
    }

    private void bulkLoad() throws IOException {
        Set<Quad> working = new HashSet<>(phase.acknowledged());
        StringBuilder text = new StringBuilder();
        int quads = 1 + rnd.nextInt(80);
        for (int i = 0; i < quads; i++) {
            Quad quad = rnd.nextInt(5) == 0 && !working.isEmpty() ? pick(working) : randomQuad();
            working.add(quad);
            text.append(quad).append('\n');
        }
        Path file = scratch.resolve("load-" + fresh++ + ".nq");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            commitAs(working, () -> store.bulkLoad(List.of(file), BulkLoadOptions.defaults().withChunkQuads(16)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private interface Commit {
        void run() throws IOException;
    }

    private void commitAs(Set<Quad> working, Commit commit) throws IOException {
        Phase before = phase;
        Set<Quad> next = Set.copyOf(working);
        phase = new Phase(before.acknowledgedNumber(), before.acknowledged(), next);
        try {
            commit.run();
        } catch (IOException | RuntimeException e) {
            phase = before;
            throw e;
        }
        phase = new Phase(before.acknowledgedNumber() + 1, next, null);
    }

    // ------------------------------------------------------------------------------------------------ terms

    private Quad randomQuad() {
        Term object = switch (rnd.nextInt(7)) {
            case 0 -> new Iri("http://example.org/o/" + rnd.nextInt(40));
            case 1 -> Literal.lang("label " + rnd.nextInt(30), rnd.nextBoolean() ? "en" : "de");
            case 2 -> Literal.typed(Integer.toString(rnd.nextInt(1000)), XSD_INTEGER);
            case 3 -> new Iri("http://example.org/fresh/" + fresh++); // a new atom
            // RDF 1.2: a triple term (its components interned in the same commit) holding a directional literal
            case 4 -> new TripleTerm(new Iri("http://example.org/o/" + rnd.nextInt(40)), new Iri("http://example.org/p/0"),
                Literal.dirLang("label " + rnd.nextInt(30), "ar", Literal.Direction.RTL));
            default -> Literal.of("v" + rnd.nextInt(60) + (rnd.nextInt(8) == 0 ? " \u00e9\u65e5\"q\"" : ""));
        };
        return new Quad(graph(), subject(), new Iri("http://example.org/p/" + rnd.nextInt(4)), object);
    }

    private Term graph() {
        return rnd.nextInt(3) == 0 ? DefaultGraph.INSTANCE : new Iri("http://example.org/g/" + rnd.nextInt(3));
    }

    private Term subject() {
        return new Iri("http://example.org/s/" + rnd.nextInt(50));
    }

    private String bigText(int length) {
        StringBuilder out = new StringBuilder(length + 16).append("big-").append(fresh++).append('-');
        while (out.length() < length) {
            out.append((char) ('a' + rnd.nextInt(26)));
        }
        return out.toString();
    }

    private Quad pick(Set<Quad> quads) {
        int index = rnd.nextInt(quads.size());
        for (Quad quad : quads) {
            if (index-- == 0) {
                return quad;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
