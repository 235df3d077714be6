package dev.cinnabar.torture.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.storage.StorageIo;

/**
 * A fixed workload that reaches every kind of I/O the store makes: creation, logged commits with new atoms, atom
 * file growth, a spilled commit, removals, a checkpoint, a rolled-back spill, a bulk load, commits past the log
 * limit, a removeAll, a compaction, a verify, a close and a recovering reopen (which reads every manifest, log and
 * segment). The same seed gives the same calls in the
 * same order (background compaction is off), so a call index names the same call in every run.
 */
final class FaultScript {

    /** The state of a run: the open store (null when closed) and the model of its commits. */
    static final class Context {
        final Path directory;
        final QuadStoreOptions options;
        final Path scratch;
        QuadStore store;
        Set<Quad> acknowledged = Set.of();
        /** What the step running now would commit (= acknowledged for steps that commit nothing). */
        Set<Quad> attempted = Set.of();

        Context(Path directory, Path scratch, StorageIo io) {
            this.directory = directory;
            this.scratch = scratch;
            this.options = options(io);
        }
    }

    interface Action {
        void run(Context context) throws IOException;
    }

    record Step(String name, Action action) {
    }

    private static final Iri XSD_INTEGER = new Iri(Iri.XSD + "integer");

    static QuadStoreOptions options(StorageIo io) {
        return QuadStoreOptions.defaults().withTxnBufferMaxQuads(16).withMemtableMaxQuads(48).withLogMaxBytes(1024)
            .withAutoCompaction(false).withBlockBytes(256)
            .withAtomStoreOptions(AtomStoreOptions.defaults().withChunkSizeBytes(1 << 16)
                .withMaxAtomBytes(1 << 15).withInitialHashCapacity(16).withInitialDataBytes(0))
            .withStorageIo(io);
    }

    private FaultScript() {
    }

    /** The steps; {@code seed} fixes their content. */
    static List<Step> steps(long seed) {
        Random rnd = new Random(seed);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("create the store", c -> c.store = QuadStore.open(c.directory, c.options)));
        steps.add(commit("logged commit with new atoms", adds(rnd, 6), List.of()));
        steps.add(commit("commit growing the atom files", bigLiterals(rnd, 3), List.of()));
        steps.add(commit("spilled commit (a checkpoint)", adds(rnd, 40), List.of()));
        steps.add(new Step("logged commit removing quads", c -> {
            List<Quad> removals = new ArrayList<>(c.acknowledged).subList(0, 3);
            transaction(c, adds(rnd, 2), removals, true);
        }));
        steps.add(new Step("checkpoint", c -> c.store.checkpoint()));
        List<Quad> rolledBack = adds(rnd, 40);
        steps.add(new Step("rolled-back spilled transaction", c -> transaction(c, rolledBack, List.of(), false)));
        List<Quad> loaded = adds(rnd, 30);
        steps.add(new Step("bulk load", c -> bulkLoad(c, loaded)));
        for (int i = 0; i < 4; i++) {
            steps.add(commit("logged commit " + (i + 1) + " of 4 past the log limit", adds(rnd, 10), List.of()));
        }
        steps.add(new Step("removeAll of a subject", c -> {
            Term subject = c.acknowledged.iterator().next().subject();
            Set<Quad> working = new HashSet<>(c.acknowledged);
            working.removeIf(q -> q.subject().equals(subject));
            c.attempted = Set.copyOf(working);
            try (WriteTxn txn = c.store.beginWrite()) {
                txn.removeAll(null, subject, null, null);
                txn.commit();
            }
            c.acknowledged = c.attempted;
        }));
        steps.add(new Step("compact", c -> c.store.compact()));
        steps.add(new Step("verify", c -> c.store.verify())); // reads the atom manifest again
        steps.add(new Step("close", FaultScript::close));
        steps.add(new Step("reopen (recovery)", c -> c.store = QuadStore.open(c.directory, c.options)));
        steps.add(commit("logged commit after reopen", adds(rnd, 5), List.of()));
        steps.add(new Step("close again", FaultScript::close));
        return steps;
    }

    static void close(Context c) throws IOException {
        QuadStore store = c.store;
        c.store = null; // a failed close leaves it closed too
        store.close();
    }

    private static Step commit(String name, List<Quad> adds, List<Quad> removes) {
        return new Step(name, c -> transaction(c, adds, removes, true));
    }

    static void transaction(Context c, List<Quad> adds, List<Quad> removes, boolean commit) throws IOException {
        Set<Quad> working = new HashSet<>(c.acknowledged);
        working.addAll(adds);
        working.removeAll(removes);
        if (commit) {
            c.attempted = Set.copyOf(working);
        }
        try (WriteTxn txn = c.store.beginWrite()) {
            for (Quad quad : adds) {
                txn.add(quad);
            }
            for (Quad quad : removes) {
                txn.remove(quad);
            }
            if (commit) {
                txn.commit();
                c.acknowledged = c.attempted;
            }
        }
    }

    private static void bulkLoad(Context c, List<Quad> quads) throws IOException {
        Set<Quad> working = new HashSet<>(c.acknowledged);
        working.addAll(quads);
        c.attempted = Set.copyOf(working);
        StringBuilder text = new StringBuilder();
        for (Quad quad : quads) {
            text.append(quad).append('\n');
        }
        Files.createDirectories(c.scratch);
        Path file = c.scratch.resolve("load.nq");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        c.store.bulkLoad(List.of(file), BulkLoadOptions.defaults().withChunkQuads(8));
        c.acknowledged = c.attempted;
    }

    static List<Quad> adds(Random rnd, int count) {
        List<Quad> quads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Term graph = rnd.nextInt(3) == 0 ? DefaultGraph.INSTANCE : new Iri("http://example.org/g/" + rnd.nextInt(3));
            Term object = switch (rnd.nextInt(4)) {
                case 0 -> new Iri("http://example.org/o/" + rnd.nextInt(1_000_000));
                case 1 -> Literal.lang("label " + rnd.nextInt(100), "en");
                case 2 -> Literal.typed(Integer.toString(rnd.nextInt(1000)), XSD_INTEGER);
                default -> Literal.of("v" + rnd.nextInt(1_000_000));
            };
            quads.add(new Quad(graph, new Iri("http://example.org/s/" + rnd.nextInt(20)),
                new Iri("http://example.org/p/" + rnd.nextInt(4)), object));
        }
        return quads;
    }

    private static List<Quad> bigLiterals(Random rnd, int count) {
        List<Quad> quads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder("big-" + rnd.nextLong() + "-");
            int length = 20_000 + rnd.nextInt(12_000);
            while (text.length() < length) {
                text.append((char) ('a' + rnd.nextInt(26)));
            }
            quads.add(new Quad(DefaultGraph.INSTANCE, new Iri("http://example.org/s/big"),
                new Iri("http://example.org/p/big"), Literal.of(text.toString())));
        }
        return quads;
    }
}
