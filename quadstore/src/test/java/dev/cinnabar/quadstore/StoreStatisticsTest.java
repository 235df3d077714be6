package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.StorageIo;

/**
 * The statistics each commit keeps (ADR-017) on the paths {@link QuadStoreModelTest} does not take: bulk loads,
 * recovery from the log and from a manifest without statistics, the check in {@code verify}, and their use in
 * estimates. Each store's statistics are compared with those of a model counted naively ({@link StatisticsModel}).
 */
class StoreStatisticsTest {

    @TempDir
    Path dir;

    private static final List<Term> GRAPHS = List.of(DefaultGraph.INSTANCE, new Iri("http://g/1"),
        new Iri("http://g/2"));
    private static final List<Term> PREDICATES = List.of(new Iri("http://p/1"), new Iri("http://p/2"), Iri.RDF_TYPE);

    @Test
    void aBulkLoadIntoAnEmptyStoreCountsEveryQuad() throws IOException {
        for (int chunkQuads : new int[] {1_000_000, 37}) { // one chunk, then a merge of many
            Set<Quad> model = randomQuads(new Random(chunkQuads), 600);
            Path file = nquads("load-" + chunkQuads + ".nq", model);
            try (QuadStore store = QuadStore.open(dir.resolve("store-" + chunkQuads))) {
                store.bulkLoad(List.of(file), BulkLoadOptions.defaults().withChunkQuads(chunkQuads));
                check(store, model, "bulk load in chunks of " + chunkQuads);
                store.verify();
            }
        }
    }

    @Test
    void aBulkLoadOntoCommittedQuadsCountsOnlyTheNewOnes() throws IOException {
        Random random = new Random(7);
        Set<Quad> model = randomQuads(random, 300);
        List<Quad> committed = new ArrayList<>(model).subList(0, 150);
        Set<Quad> loaded = new HashSet<>(new ArrayList<>(model).subList(100, 300));
        loaded.addAll(randomQuads(random, 100));
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            try (WriteTxn txn = store.beginWrite()) {
                for (Quad quad : committed) {
                    txn.add(quad);
                }
                txn.commit();
            }
            Set<Quad> expected = new HashSet<>(committed);
            check(store, expected, "before the load");
            store.bulkLoad(List.of(nquads("more.nq", loaded)), BulkLoadOptions.defaults().withChunkQuads(41));
            expected.addAll(loaded);
            check(store, expected, "after loading onto committed quads");
            store.verify();
        }
    }

    @Test
    void commitsAndLoadsLargeEnoughToSortAndCountOnTwoThreadsKeepExactStatistics() throws IOException {
        int many = 25_000; // above the thresholds of StatisticsUpdate and of the index's per-order sorts (16,384)
        assertTrue(many > StatisticsUpdate.PARALLEL_MIN_CHANGES, "the test must take the two-thread path");
        Random random = new Random(11);
        List<Quad> first = new ArrayList<>(randomQuads(random, many, 5_000));
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            Set<Quad> expected = new HashSet<>();
            try (WriteTxn txn = store.beginWrite()) {
                for (Quad quad : first) {
                    txn.add(quad);
                }
                txn.commit();
            }
            expected.addAll(first);
            check(store, expected, "after one large commit");
            try (WriteTxn txn = store.beginWrite()) { // half of it again, half new, and a tenth removed
                for (Quad quad : randomQuads(random, many, 5_000)) {
                    txn.add(quad);
                    expected.add(quad);
                }
                for (Quad quad : first.subList(0, many / 10)) {
                    txn.remove(quad);
                    expected.remove(quad);
                }
                txn.commit();
            }
            check(store, expected, "after a second large commit, merged in memory with the first");
            Set<Quad> loaded = randomQuads(random, many, 5_000);
            store.bulkLoad(List.of(nquads("large.nq", loaded)), BulkLoadOptions.defaults());
            expected.addAll(loaded);
            check(store, expected, "after a large bulk load onto committed quads");
            try (ReadTxn read = store.beginRead()) {
                assertEquals(expected.size(), read.count(null, null, null, null), "quads after the load");
            }
            store.verify(); // every order holds the same quads, and the statistics recount the same
        }
    }

    @Test
    void statisticsComeBackFromTheLogAndFromACheckpoint() throws IOException {
        Random random = new Random(11);
        Set<Quad> model = new HashSet<>();
        Path at = dir.resolve("store");
        try (QuadStore store = QuadStore.open(at)) {
            for (int commit = 0; commit < 20; commit++) {
                try (WriteTxn txn = store.beginWrite()) {
                    for (Quad quad : randomQuads(random, 15)) {
                        txn.add(quad);
                        model.add(quad);
                    }
                    List<Quad> present = new ArrayList<>(model);
                    for (int i = 0; i < 5 && !present.isEmpty(); i++) {
                        Quad gone = present.remove(random.nextInt(present.size()));
                        txn.remove(gone);
                        model.remove(gone);
                    }
                    txn.commit();
                }
            }
        }
        try (QuadStore store = QuadStore.open(at)) {
            check(store, model, "after replaying the log");
            store.checkpoint();
        }
        try (QuadStore store = QuadStore.open(at)) {
            check(store, model, "from the checkpoint's manifest");
            store.verify();
        }
    }

    @Test
    void aManifestWithoutStatisticsOpensWithStatisticsCountedFromTheSegments() throws IOException {
        Set<Quad> model = randomQuads(new Random(3), 200);
        Path at = dir.resolve("store");
        committedAndCheckpointed(at, model);
        rewriteAsVersion2(at.resolve(StoreManifest.FILE_NAME));
        try (QuadStore store = QuadStore.open(at)) {
            check(store, model, "opened from a version 2 manifest");
            store.verify();
        }
    }

    @Test
    void verifyReportsStatisticsThatDisagreeWithTheIndexes() throws IOException {
        Set<Quad> model = randomQuads(new Random(5), 200);
        Path at = dir.resolve("store");
        long p1 = committedAndCheckpointed(at, model);
        Path file = at.resolve(StoreManifest.FILE_NAME);
        StoreManifest manifest = StoreManifest.read(StorageIo.system(), file);
        StoreStatistics.Changes wrong = new StoreStatistics.Changes();
        StoreStatistics.Changes.add(wrong.subjects, p1, -1); // a checksum-valid manifest whose counts are wrong
        StoreStatistics damaged = manifest.statistics().plus(wrong, manifest.statistics().typeId());
        manifest.withCountedStatistics(damaged).save(StorageIo.system(), file);
        try (QuadStore store = QuadStore.open(at)) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, store::verify);
            assertTrue(e.getMessage().contains("the statistics disagree with the indexes: predicate " + p1),
                e.getMessage());
        }
    }

    @Test
    void aLargePredicatesEstimateHasItsExactDistinctSubjectsAndObjects() throws IOException {
        Iri p = new Iri("http://p/large");
        try (QuadStore store = QuadStore.open(dir.resolve("store"))) {
            try (WriteTxn txn = store.beginWrite()) {
                for (int s = 0; s < 2500; s++) { // two objects per subject, 700 objects in all
                    txn.add(Quad.of(new Iri("http://s/" + s), p, Literal.of("o" + (s % 700))));
                    txn.add(Quad.of(new Iri("http://s/" + s), p, Literal.of("o" + ((s + 1) % 700))));
                }
                txn.commit();
            }
            try (ReadTxn read = store.beginRead()) {
                PatternEstimate estimate = read.estimate(QuadStore.ANY, QuadStore.ANY, read.termId(p), QuadStore.ANY);
                assertEquals(5000, estimate.quads());
                assertEquals(2500, estimate.distinct(IndexOrder.S));
                assertEquals(700, estimate.distinct(IndexOrder.O));
                assertEquals(1, estimate.distinct(IndexOrder.G));
            }
        }
    }

    /** A store at {@code at} holding {@code model} in a segment; returns the id of the first predicate. */
    private static long committedAndCheckpointed(Path at, Set<Quad> model) throws IOException {
        try (QuadStore store = QuadStore.open(at)) {
            try (WriteTxn txn = store.beginWrite()) {
                for (Quad quad : model) {
                    txn.add(quad);
                }
                txn.commit();
            }
            store.checkpoint();
            try (ReadTxn read = store.beginRead()) {
                return read.termId(PREDICATES.get(0));
            }
        }
    }

    private static void check(QuadStore store, Set<Quad> model, String where) {
        try (ReadTxn read = store.beginRead()) {
            StatisticsModel.check(read, model, where);
        }
    }

    /** Quads over a few graphs, predicates (rdf:type among them), subjects and objects, some of them classes. */
    private static Set<Quad> randomQuads(Random random, int count) {
        return randomQuads(random, count, 40);
    }

    private static Set<Quad> randomQuads(Random random, int count, int subjects) {
        Set<Quad> quads = new HashSet<>();
        while (quads.size() < count) {
            Term p = PREDICATES.get(random.nextInt(PREDICATES.size()));
            Term o = p.equals(Iri.RDF_TYPE) ? new Iri("http://c/" + random.nextInt(4))
                : random.nextBoolean() ? new Iri("http://o/" + random.nextInt(30)) : Literal.of("v" + random.nextInt(9));
            quads.add(new Quad(GRAPHS.get(random.nextInt(GRAPHS.size())), new Iri("http://s/" + random.nextInt(subjects)),
                p, o));
        }
        return quads;
    }

    private Path nquads(String name, Set<Quad> quads) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Quad quad : quads) {
            text.append(term(quad.subject())).append(' ').append(term(quad.predicate())).append(' ')
                .append(term(quad.object()));
            if (!(quad.graph() instanceof DefaultGraph)) {
                text.append(' ').append(term(quad.graph()));
            }
            text.append(" .\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String term(Term term) {
        return term instanceof Iri iri ? "<" + iri.value() + ">" : "\"" + ((Literal) term).lexicalForm() + "\"";
    }

    /** The manifest as format version 2 wrote it: without the statistics section, with its own checksum. */
    private static void rewriteAsVersion2(Path file) throws IOException {
        StoreManifest manifest = StoreManifest.read(StorageIo.system(), file);
        byte[] bytes = Files.readAllBytes(file);
        int body = bytes.length - 4 - manifest.statistics().encodedBytes();
        ByteBuffer old = ByteBuffer.allocate(body + 4).order(ByteOrder.LITTLE_ENDIAN);
        old.put(bytes, 0, body).putInt(8, 2);
        CRC32C crc = new CRC32C();
        crc.update(old.array(), 0, body);
        old.putInt(body, (int) crc.getValue());
        Files.write(file, old.array());
    }
}
