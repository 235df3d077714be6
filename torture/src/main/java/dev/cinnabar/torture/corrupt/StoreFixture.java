package dev.cinnabar.torture.corrupt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.BlankNode;
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
 * The small real store every damage starts from: several segments (checkpoints and a spilled transaction), three
 * live commit log files with records, atoms of every kind including large ones that cross the 64 KiB chunks of the
 * atom files, closed cleanly. Next to it, the quads after every commit, so a damaged copy that opens to an earlier
 * commit can be told from one that answers wrongly. Snapshot readers check every snapshot against its commit while
 * the fixture is written.
 */
final class StoreFixture {

    /** Small chunks: the atom data file has several, with padding before records that do not fit a chunk's rest. */
    static final int SMALL_CHUNK_BYTES = 1 << 16;
    /** The default chunk: one mapping of the whole file, so a wild offset inside it points past the file's end. */
    static final int DEFAULT_CHUNK_BYTES = AtomStoreOptions.DEFAULT_CHUNK_SIZE_BYTES;

    /** The options of a fixture store whose atom files map in chunks of {@code chunkBytes}. */
    static QuadStoreOptions options(int chunkBytes) {
        return QuadStoreOptions.defaults()
            .withAtomStoreOptions(AtomStoreOptions.defaults().withChunkSizeBytes(chunkBytes).withMaxAtomBytes(40_000)
                .withInitialDataBytes(1 << 16).withInitialHashCapacity(64))
            .withAutoCompaction(false)
            .withMemtableMaxQuads(300)
            .withTxnBufferMaxQuads(400)
            .withBlockBytes(512);
    }

    /** Two readers, holding snapshots across up to 3 commits (the checkpoints and spills among them). */
    private static final SnapshotReaders.Settings READERS = new SnapshotReaders.Settings(2, 3, 1_000_000_000L,
        1_000_000L);

    static final String STORE = "store";
    static final String SNAPSHOTS = "snapshots";

    private final Path store;
    private final Path snapshots;
    private final Random random;
    private final QuadStoreOptions options;
    private final Set<Quad> model = new HashSet<>();
    private final CommitLedger ledger = new CommitLedger();
    private SnapshotReaders readers;
    private int commits;

    private StoreFixture(Path root, long seed, int chunkBytes) {
        this.store = root.resolve(STORE);
        this.snapshots = root.resolve(SNAPSHOTS);
        this.random = new Random(seed);
        this.options = options(chunkBytes);
    }

    /**
     * Builds the store in {@code root/store} and the snapshots in {@code root/snapshots}, with atom files mapped in
     * chunks of {@code chunkBytes}; returns the store.
     */
    static Path build(Path root, long seed, int chunkBytes) throws IOException {
        StoreFixture fixture = new StoreFixture(root, seed, chunkBytes);
        Files.createDirectories(fixture.snapshots);
        fixture.write();
        return fixture.store;
    }

    private void write() throws IOException {
        try (QuadStore quads = QuadStore.open(store, options)) {
            startReaders(quads);
            for (int c = 0; c < 6; c++) {
                commit(quads, 140, 15); // memtable limit 300: a checkpoint (a segment) every few commits
            }
            commit(quads, 900, 0); // over the transaction buffer: spills, commits through segments
            commit(quads, 60, 10); // leaves records in the log after the last checkpoint
            stopReaders();
        }
        for (int session = 0; session < 2; session++) {
            try (QuadStore quads = QuadStore.open(store, options)) {
                startReaders(quads);
                for (int c = 0; c < 3; c++) {
                    commit(quads, 25, 5); // the first commit after open starts a new log file
                }
                stopReaders();
            }
        }
        try (QuadStore quads = QuadStore.open(store, options); var read = quads.beginRead();
            var all = read.match(null, null, null, null)) {
            Set<Quad> stored = new HashSet<>();
            all.forEach(stored::add);
            if (!stored.equals(model)) {
                throw new IllegalStateException("the fixture store does not hold what was written");
            }
        }
    }

    private void startReaders(QuadStore quads) {
        ledger.recordLastCommit(quads, Fingerprint.of(model));
        // Seeded apart from the fixture's random, so the fixture of a seed stays what it was.
        readers = SnapshotReaders.start(quads, ledger, READERS, commits, failure -> { });
    }

    /** Before the store closes (which waits for open snapshots); a wrong snapshot fails the fixture. */
    private void stopReaders() {
        List<String> failures = readers.stop();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("snapshot readers beside the fixture's commits: " + failures);
        }
    }

    private void commit(QuadStore quads, int adds, int removes) throws IOException {
        try (WriteTxn txn = quads.beginWrite()) {
            List<Quad> present = new ArrayList<>(model);
            present.sort(java.util.Comparator.comparing(Quad::toString));
            for (int i = 0; i < removes && !present.isEmpty(); i++) {
                Quad quad = present.remove(random.nextInt(present.size()));
                txn.remove(quad);
                model.remove(quad);
            }
            for (int i = 0; i < adds; i++) {
                Quad quad = randomQuad();
                txn.add(quad);
                model.add(quad);
            }
            txn.commit();
        }
        ledger.recordLastCommit(quads, Fingerprint.of(model));
        commits++;
        snapshot();
    }

    private Quad randomQuad() {
        Term graph = switch (random.nextInt(4)) {
            case 0 -> DefaultGraph.INSTANCE;
            case 1 -> new BlankNode("g" + random.nextInt(3));
            default -> new Iri("http://example.org/graph/" + random.nextInt(5));
        };
        Term subject = random.nextInt(5) == 0 ? new BlankNode("b" + random.nextInt(50))
            : new Iri("http://example.org/s/" + random.nextInt(400));
        Iri predicate = new Iri("http://example.org/p/" + random.nextInt(12));
        return new Quad(graph, subject, predicate, randomObject());
    }

    private Term randomObject() {
        return switch (random.nextInt(10)) {
            case 0 -> new Iri("http://example.org/o/" + random.nextInt(300));
            case 1 -> new BlankNode("b" + random.nextInt(50));
            case 2 -> Literal.of("plain " + random.nextInt(500));
            case 3 -> Literal.lang("text " + random.nextInt(100), random.nextBoolean() ? "en" : "de-CH");
            case 4 -> Literal.typed(Integer.toString(random.nextInt(100_000) - 50_000),
                new Iri("http://www.w3.org/2001/XMLSchema#integer"));
            case 5 -> Literal.typed("v" + random.nextInt(40),
                new Iri("http://example.org/datatype/" + random.nextInt(3)));
            case 6 -> Literal.of(large(200 + random.nextInt(3000)));
            // RDF 1.2: a triple term, nested one time in four, and directional literals
            case 8 -> random.nextInt(4) == 0
                ? new TripleTerm(new BlankNode("b" + random.nextInt(50)), new Iri("http://example.org/p/0"),
                    new TripleTerm(new Iri("http://example.org/s/" + random.nextInt(400)),
                        new Iri("http://example.org/p/1"), Literal.dirLang("t " + random.nextInt(30), "he",
                            Literal.Direction.RTL)))
                : new TripleTerm(new Iri("http://example.org/s/" + random.nextInt(400)),
                    new Iri("http://example.org/p/" + random.nextInt(12)), Literal.of("plain " + random.nextInt(500)));
            case 7 -> random.nextInt(8) == 0 ? Literal.of(large(20_000 + random.nextInt(15_000)))
                : Literal.of("\u00e9t\u00e9 \u65e5\u672c " + random.nextInt(100) + " \uD83D\uDE00");
            default -> Literal.typed(random.nextInt(2) == 0 ? "true" : "false",
                new Iri("http://www.w3.org/2001/XMLSchema#boolean"));
        };
    }

    /** A large literal: text no other atom shares, so each is a distinct large atom. */
    private String large(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private void snapshot() throws IOException {
        TreeSet<String> lines = new TreeSet<>();
        for (Quad quad : model) {
            lines.add(quad.toString());
        }
        Files.write(snapshots.resolve(String.format("commit-%03d.txt", commits)), lines, StandardCharsets.UTF_8);
    }
}
