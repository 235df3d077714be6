package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;

/**
 * Random programs of add, remove, removeAll, commit, rollback, compact and reopen against an in-memory model (a
 * set of quads): after every step, all 16 patterns of a random quad are matched and counted in the write
 * transaction (against the model with its changes) and in a read transaction (against the committed model).
 * Tiny buffers make spills, checkpoints and compactions frequent. Replay a failure with -Dmodel.seed=N.
 *
 * <p>Snapshots (ADR-014): beside the writer, the program opens read transactions at random steps (also while a
 * write transaction is open) and keeps up to four open across later commits, rollbacks, checkpoints and
 * compactions; after every step one of them is checked on all 16 patterns against the model as of the commit it
 * began at, and terms first interned after it began (fresh IRIs) must have no id in it.
 *
 * <p>Statistics (ADR-017): after every step, those of the last commit and of an open snapshot equal the statistics of
 * its model, counted naively ({@link StatisticsModel}).
 */
class QuadStoreModelTest {

    @TempDir
    Path dir;

    private static final List<Term> GRAPHS = List.of(DefaultGraph.INSTANCE, new Iri("http://g/1"),
        new BlankNode("g2"));
    private static final List<Term> SUBJECTS = List.of(new Iri("http://s/1"), new Iri("http://s/2"),
        new Iri("http://s/3"), new BlankNode("b1"), new BlankNode("b2"), new Iri("http://g/1"));
    private static final List<Term> PREDICATES = List.of(new Iri("http://p/1"), new Iri("http://p/2"),
        new Iri("http://s/1"), Iri.RDF_TYPE);
    private static final List<Term> OBJECTS = List.of(new Iri("http://s/1"), new BlankNode("b1"),
        Literal.of("1"), Literal.typed("1", new Iri("http://www.w3.org/2001/XMLSchema#integer")),
        Literal.lang("1", "en"), Literal.lang("1", "EN"), new Iri("http://o/1"),
        Literal.dirLang("1", "en", Literal.Direction.RTL),
        // RDF 1.2 triple terms, one nested, with components that are also terms of the model's quads
        new TripleTerm(new Iri("http://s/1"), new Iri("http://p/1"), Literal.of("1")),
        new TripleTerm(new BlankNode("b1"), new Iri("http://p/1"),
            new TripleTerm(new Iri("http://s/1"), new Iri("http://p/1"), Literal.of("1"))));

    @Test
    void randomProgramsWithExplicitCompactionAgreeWithTheModel() throws IOException {
        QuadStoreOptions options = QuadStoreOptions.defaults().withTxnBufferMaxQuads(8).withMemtableMaxQuads(24)
            .withAutoCompaction(false).withBlockBytes(256);
        for (long seed : seeds(3)) {
            run(seed, options, 2500, dir.resolve("explicit-" + seed));
        }
    }

    @Test
    void randomProgramsWithBackgroundCompactionAgreeWithTheModel() throws IOException {
        QuadStoreOptions options = QuadStoreOptions.defaults().withTxnBufferMaxQuads(8).withMemtableMaxQuads(16)
            .withAutoCompaction(true).withCompactionTriggerSegments(3).withBlockBytes(256);
        for (long seed : seeds(2)) {
            run(seed, options, 2500, dir.resolve("background-" + seed));
        }
    }

    private static long[] seeds(int count) {
        Long fixed = Long.getLong("model.seed");
        if (fixed != null) {
            return new long[] {fixed};
        }
        long[] seeds = new long[count];
        Random random = new Random();
        for (int i = 0; i < count; i++) {
            seeds[i] = random.nextLong();
        }
        return seeds;
    }

    /** An open read transaction and the model as of its commit. */
    private record OpenSnapshot(ReadTxn txn, Set<Quad> model, TreeMap<String, String> metadata, int freshBefore,
        int openedAt) {
    }

    private static final int MAX_OPEN_SNAPSHOTS = 4;

    private void run(long seed, QuadStoreOptions options, int steps, Path storeDir) throws IOException {
        Random random = new Random(seed);
        List<OpenSnapshot> snapshots = new java.util.ArrayList<>();
        int fresh = 0;
        Set<Quad> committed = new HashSet<>();
        Set<Quad> working = null;
        TreeMap<String, String> committedMetadata = new TreeMap<>();
        TreeMap<String, String> workingMetadata = null;
        QuadStore store = QuadStore.open(storeDir, options);
        WriteTxn txn = null;
        String step = "open";
        try {
            for (int i = 0; i < steps; i++) {
                int action = random.nextInt(100);
                if (txn == null && action < 85) {
                    txn = store.beginWrite();
                    working = new HashSet<>(committed);
                    workingMetadata = new TreeMap<>(committedMetadata);
                }
                if (random.nextInt(8) == 0) {
                    if (snapshots.size() >= MAX_OPEN_SNAPSHOTS || (!snapshots.isEmpty() && random.nextBoolean())) {
                        snapshots.remove(random.nextInt(snapshots.size())).txn().close();
                    } else {
                        snapshots.add(new OpenSnapshot(store.beginRead(), committed,
                            new TreeMap<>(committedMetadata), fresh, i));
                    }
                }
                if (action < 45) {
                    Quad quad = randomQuad(random);
                    if (random.nextInt(10) == 0) { // a term no snapshot open now may see
                        quad = new Quad(quad.graph(), quad.subject(), quad.predicate(),
                            new Iri("http://fresh/" + fresh++));
                    }
                    step = i + ": add " + quad;
                    txn.add(quad);
                    working.add(quad);
                    if (random.nextInt(6) == 0) { // metadata commits atomically with the quads
                        String key = "k" + random.nextInt(5);
                        if (random.nextBoolean()) {
                            String value = "v" + random.nextInt(3);
                            txn.putMetadata(key, value);
                            workingMetadata.put(key, value);
                        } else {
                            txn.removeMetadata(key);
                            workingMetadata.remove(key);
                        }
                    }
                } else if (action < 65) {
                    Quad quad = random.nextInt(3) == 0 || working.isEmpty() ? randomQuad(random)
                        : working.stream().skip(random.nextInt(working.size())).findFirst().orElseThrow();
                    step = i + ": remove " + quad;
                    txn.remove(quad);
                    working.remove(quad);
                } else if (action < 70) {
                    Term[] pattern = pattern(randomQuad(random), random.nextInt(16));
                    step = i + ": removeAll " + java.util.Arrays.toString(pattern);
                    long expected = working.stream().filter(q -> matches(q, pattern)).count();
                    assertEquals(expected, txn.removeAll(pattern[0], pattern[1], pattern[2], pattern[3]), step);
                    working.removeIf(q -> matches(q, pattern));
                } else if (action < 80) {
                    step = i + ": commit";
                    txn.commit();
                    txn = null;
                    committed = working; // a new set: open snapshots keep theirs
                    committedMetadata = workingMetadata;
                } else if (action < 85) {
                    step = i + ": rollback";
                    txn.close();
                    txn = null;
                } else if (action < 92) {
                    step = i + ": compact";
                    if (txn != null) {
                        txn.close();
                        txn = null;
                    }
                    store.compact();
                } else if (action < 95) {
                    step = i + ": checkpoint";
                    if (txn != null) {
                        txn.close();
                        txn = null;
                    }
                    store.checkpoint();
                } else {
                    step = i + ": reopen";
                    if (txn != null) {
                        txn.close();
                        txn = null;
                    }
                    for (OpenSnapshot open : snapshots) {
                        open.txn().close();
                    }
                    snapshots.clear();
                    store.close();
                    store = QuadStore.open(storeDir, options);
                }
                if (!snapshots.isEmpty()) {
                    OpenSnapshot open = snapshots.get(random.nextInt(snapshots.size()));
                    String where = "seed " + seed + " step " + step + " (snapshot opened at step " + open.openedAt()
                        + ")";
                    checkPatterns(open.txn(), open.model(), randomQuad(random), where);
                    StatisticsModel.check(open.txn(), open.model(), where);
                    assertEquals(open.metadata(), open.txn().metadata(), where);
                    if (fresh > open.freshBefore()) {
                        Iri later = new Iri("http://fresh/" + (open.freshBefore()
                            + random.nextInt(fresh - open.freshBefore())));
                        assertEquals(QuadStore.NO_ID, open.txn().termId(later), where + ": " + later
                            + " was interned after the snapshot began");
                    }
                }
                if (txn != null) {
                    checkPatterns(txn, working, randomQuad(random), "seed " + seed + " step " + step + " (write)");
                    assertEquals(workingMetadata, txn.metadata(), "seed " + seed + " step " + step + " (write)");
                } else {
                    try (ReadTxn read = store.beginRead()) {
                        checkPatterns(read, committed, randomQuad(random), "seed " + seed + " step " + step);
                        StatisticsModel.check(read, committed, "seed " + seed + " step " + step);
                        assertEquals(committedMetadata, read.metadata(), "seed " + seed + " step " + step);
                    }
                    assertEquals(committed.size(), store.stats().quads(), "seed " + seed + " step " + step);
                }
            }
        } catch (RuntimeException | Error | IOException e) {
            System.out.println("QuadStoreModelTest failed: replay with -Dmodel.seed=" + seed + " (at " + step + ")");
            throw e;
        } finally {
            if (txn != null) {
                txn.close();
            }
            for (OpenSnapshot open : snapshots) {
                open.txn().close();
            }
            store.close();
        }
    }

    private static Quad randomQuad(Random random) {
        return new Quad(GRAPHS.get(random.nextInt(GRAPHS.size())), SUBJECTS.get(random.nextInt(SUBJECTS.size())),
            PREDICATES.get(random.nextInt(PREDICATES.size())), OBJECTS.get(random.nextInt(OBJECTS.size())));
    }

    /** The quad's terms where {@code mask} has a bit (8 graph, 4 subject, 2 predicate, 1 object), else null. */
    private static Term[] pattern(Quad quad, int mask) {
        return new Term[] {(mask & 8) != 0 ? quad.graph() : null, (mask & 4) != 0 ? quad.subject() : null,
            (mask & 2) != 0 ? quad.predicate() : null, (mask & 1) != 0 ? quad.object() : null};
    }

    private static boolean matches(Quad quad, Term[] pattern) {
        return (pattern[0] == null || quad.graph().equals(pattern[0]))
            && (pattern[1] == null || quad.subject().equals(pattern[1]))
            && (pattern[2] == null || quad.predicate().equals(pattern[2]))
            && (pattern[3] == null || quad.object().equals(pattern[3]));
    }

    private static void checkPatterns(QuadReader txn, Set<Quad> model, Quad probe, String where) {
        for (int mask = 0; mask < 16; mask++) {
            Term[] pattern = pattern(probe, mask);
            Term g = pattern[0];
            Term s = pattern[1];
            Term p = pattern[2];
            Term o = pattern[3];
            Set<Quad> expected = model.stream().filter(q -> matches(q, pattern))
                .collect(Collectors.toCollection(HashSet::new));
            List<Quad> actual;
            try (Stream<Quad> quads = txn.match(g, s, p, o)) {
                actual = quads.toList();
            }
            String what = where + " pattern " + mask + " (" + g + " " + s + " " + p + " " + o + ")";
            assertEquals(new TreeSet<>(expected.stream().map(Quad::toString).toList()),
                new TreeSet<>(actual.stream().map(Quad::toString).toList()), what);
            assertEquals(expected.size(), actual.size(), what + ": duplicates in the result");
            assertEquals(expected.size(), txn.count(g, s, p, o), what + ": count");
            assertEquals(model.contains(probe), txn.contains(probe), where + ": contains " + probe);
        }
    }
}
