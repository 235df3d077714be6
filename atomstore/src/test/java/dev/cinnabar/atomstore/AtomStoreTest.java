package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.storage.CorruptStoreException;

class AtomStoreTest {

    @TempDir
    Path dir;

    /** Small chunks so that ordinary tests cross chunk boundaries and grow often. */
    static AtomStoreOptions smallOptions() {
        return AtomStoreOptions.defaults().withChunkSizeBytes(1 << 16).withMaxAtomBytes(1 << 14)
            .withInitialHashCapacity(16).withInitialDataBytes(0);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void idsAreDenseFromOneInInterningOrder() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 1000; i++) {
                assertEquals(i + 1, store.intern("term-" + i));
            }
            assertEquals(1000, store.size());
        }
    }

    @Test
    void interningAPresentTermReturnsItsIdAndAddsNothing() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            long id = store.intern("<http://example.org/a>");
            store.intern("<http://example.org/b>");
            assertEquals(id, store.intern("<http://example.org/a>"));
            assertEquals(2, store.size());
        }
    }

    @Test
    void lookupFindsPresentTermsAndNeverAdds() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            long id = store.intern("present");
            assertEquals(id, store.lookup("present"));
            assertEquals(AtomStore.NO_ATOM, store.lookup("absent"));
            assertEquals(1, store.size());
        }
    }

    @Test
    void theEmptyStringIsATerm() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            long empty = store.intern(new byte[0]);
            assertEquals(1, empty);
            assertEquals(0, store.resolve(empty).length);
            assertEquals(empty, store.lookup(""));
            assertNotEquals(empty, store.intern(new byte[] {0}));
        }
    }

    @Test
    void allFourInternOverloadsAgree() throws IOException {
        byte[] bytes = utf8("\"Grüße, 世界 🌍\"@de");
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            long id = store.intern(bytes);
            byte[] padded = new byte[bytes.length + 10];
            System.arraycopy(bytes, 0, padded, 5, bytes.length);
            assertEquals(id, store.intern(padded, 5, bytes.length));
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 7);
            direct.position(7);
            direct.put(bytes);
            assertEquals(id, store.intern(new UnsafeBuffer(direct), 7, bytes.length));
            assertEquals(id, store.intern(new UnsafeBuffer(padded), 5, bytes.length));
            assertEquals(id, store.intern("\"Grüße, 世界 🌍\"@de"));
            assertEquals(id, store.lookup(padded, 5, bytes.length));
            assertEquals(id, store.lookup(new UnsafeBuffer(direct), 7, bytes.length));
            assertEquals(1, store.size());
        }
    }

    @Test
    void resolveIntoAndWrapAtomGiveTheAtomsBytes() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            long id = store.intern("<http://example.org/zero-copy>");
            UnsafeBuffer target = new UnsafeBuffer(new byte[64]);
            int length = store.resolveInto(id, target, 3);
            assertEquals("<http://example.org/zero-copy>", target.getStringWithoutLengthUtf8(3, length));
            UnsafeBuffer view = new UnsafeBuffer(0, 0);
            store.wrapAtom(id, view);
            assertEquals("<http://example.org/zero-copy>", view.getStringWithoutLengthUtf8(0, view.capacity()));
            assertEquals(length, store.length(id));
        }
    }

    @Test
    void anIdThatWasNeverAssignedIsRejectedNamingTheId() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            store.intern("only");
            for (long bad : new long[] {0, -1, 2, Long.MAX_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.resolve(bad));
                assertTrue(e.getMessage().contains("atom id " + bad), e.getMessage());
            }
        }
    }

    @Test
    void aTermAboveTheLimitIsRejectedAndChangesNothing() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions().withMaxAtomBytes(100))) {
            store.intern("small");
            AtomStoreStats before = store.stats();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.intern(new byte[101]));
            assertTrue(e.getMessage().contains("101 bytes") && e.getMessage().contains("100"), e.getMessage());
            assertEquals(before, store.stats());
            assertEquals(2, store.intern(new byte[100]));
        }
    }

    @Test
    void aTermWithAnUnpairedSurrogateIsRejected() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.intern("bad \uD800 here"));
            assertTrue(e.getMessage().contains("unpaired surrogate U+D800"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.lookup("\uDC00"));
            assertEquals(0, store.size());
            assertEquals(1, store.intern("fine \uD83C\uDF0D"));
        }
    }

    @Test
    void committedAtomsSurviveReopenWithTheirIds() throws IOException {
        List<String> terms = new ArrayList<>();
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 5000; i++) {
                terms.add("<http://example.org/" + i + ">");
                store.intern(terms.get(i));
            }
            store.commit();
            assertEquals(5000, store.committedSize());
        }
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            assertEquals(5000, store.size());
            assertEquals(5000, store.committedSize());
            for (int i = 0; i < terms.size(); i++) {
                assertEquals(i + 1, store.lookup(terms.get(i)));
                assertEquals(terms.get(i), store.resolveString(i + 1));
            }
            store.verify();
        }
    }

    @Test
    void uncommittedAtomsAreGoneAfterACrashAndTheirIdsAreNotDuplicated() throws IOException {
        Path image = dir.resolve("image");
        Path store1 = dir.resolve("store");
        try (AtomStore store = AtomStore.open(store1, smallOptions())) {
            for (int i = 0; i < 100; i++) {
                store.intern("committed-" + i);
            }
            store.commit();
            for (int i = 0; i < 100; i++) {
                store.intern("uncommitted-" + i);
            }
            copyStoreFiles(store1, image); // what a process crash leaves: the page cache, no commit
        }
        try (AtomStore store = AtomStore.open(image, smallOptions())) {
            assertEquals(100, store.size());
            assertEquals(AtomStore.NO_ATOM, store.lookup("uncommitted-5"));
            assertThrows(IllegalArgumentException.class, () -> store.resolve(101));
            assertEquals(101, store.intern("uncommitted-50"));
            assertEquals(102, store.intern("committed-new"));
            assertEquals(101, store.lookup("uncommitted-50"));
            assertEquals(7, store.lookup("committed-6"));
            store.verify();
        }
    }

    static void copyStoreFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.getFileName().toString().equals("LOCK")) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    @Test
    void recordsNeverCrossAChunkAndGrowthPassesManyChunkBoundaries() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        List<byte[]> terms = new ArrayList<>();
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 400; i++) {
                byte[] term = new byte[random.nextInt(1 << 14)];
                random.nextBytes(term);
                term[0] = (byte) i;
                term = term.length == 0 ? new byte[] {(byte) i, (byte) (i >> 8), 1} : term;
                terms.add(term);
                store.intern(term);
            }
            AtomStoreStats stats = store.stats();
            assertTrue(stats.dataFileBytes() > 20L * (1 << 16), "data spans > 20 chunks: " + stats);
            store.commit();
        }
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < terms.size(); i++) {
                assertArrayEquals(terms.get(i), store.resolve(store.lookup(terms.get(i))), "term " + i);
            }
            store.verify();
        }
    }

    @Test
    void theIndexGrowsByRehashingAndKeepsEveryAtomFindable() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            long before = store.stats().hashCapacity();
            for (int i = 0; i < 20_000; i++) {
                store.intern("<http://example.org/resource/" + i + ">");
                if (i == 5000) {
                    store.commit();
                }
            }
            AtomStoreStats stats = store.stats();
            assertTrue(stats.hashCapacity() >= 32 * before, stats.toString());
            assertTrue(stats.loadFactor() <= AtomStoreOptions.DEFAULT_HASH_LOAD_FACTOR, stats.toString());
            for (int i = 0; i < 20_000; i++) {
                assertEquals(i + 1, store.lookup("<http://example.org/resource/" + i + ">"));
            }
            store.verify();
        }
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            assertEquals(20_000, store.size());
            store.verify();
        }
    }

    @Test
    void aCorruptManifestIsReportedNamingTheFile() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            store.intern("x");
        }
        Path manifest = dir.resolve("atoms.manifest");
        byte[] bytes = Files.readAllBytes(manifest);
        bytes[24] ^= 1;
        Files.write(manifest, bytes);
        CorruptStoreException e = assertThrows(CorruptStoreException.class,
            () -> AtomStore.open(dir, smallOptions()));
        assertTrue(e.getMessage().contains(manifest.toString()) && e.getMessage().contains("checksum"),
            e.getMessage());
        Files.write(manifest, new byte[10]);
        e = assertThrows(CorruptStoreException.class, () -> AtomStore.open(dir, smallOptions()));
        assertTrue(e.getMessage().contains(manifest.toString()), e.getMessage());
    }

    @Test
    void regionFilesWithoutAManifestAreRefusedNotReinitialized() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            store.intern("precious");
        }
        Files.delete(dir.resolve("atoms.manifest"));
        long dataBytes = Files.size(dir.resolve("atoms.data"));
        CorruptStoreException e = assertThrows(CorruptStoreException.class,
            () -> AtomStore.open(dir, smallOptions()));
        assertTrue(e.getMessage().contains("atoms.manifest is missing"), e.getMessage());
        assertEquals(dataBytes, Files.size(dir.resolve("atoms.data")));
    }

    @Test
    void verifyListsEveryProblemWithItsFile() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 50; i++) {
                store.intern("<http://example.org/" + i + ">");
            }
        }
        Path data = dir.resolve("atoms.data");
        byte[] bytes = Files.readAllBytes(data);
        bytes[10] ^= 0x20; // inside the first term
        Files.write(data, bytes);
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, store::verify);
            assertTrue(e.problems().stream().anyMatch(p -> p.contains(data.toString()) && p.contains("checksum")),
                e.getMessage());
            assertTrue(e.problems().stream().anyMatch(p -> p.contains("atom 1 is missing from the index")),
                e.getMessage());
        }
    }

    @Test
    void verifyReportsADamagedOffsetsFileByName() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 50; i++) {
                store.intern("<http://example.org/" + i + ">");
            }
        }
        Path offsets = dir.resolve("atoms.offsets");
        byte[] bytes = Files.readAllBytes(offsets);
        bytes[8 * 20] += 3; // atom 21 now starts inside atom 21's record
        Files.write(offsets, bytes);
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, store::verify);
            assertTrue(e.problems().stream().anyMatch(p -> p.contains(offsets.toString()) && p.contains("checksum")),
                e.getMessage());
        }
    }

    @Test
    void aDamagedIndexSlotIsRebuiltOnOpenAndNeverGivesAWrongId() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 50; i++) {
                store.intern("<http://example.org/" + i + ">");
            }
        }
        Path index = dir.resolve("atoms.hash");
        byte[] bytes = Files.readAllBytes(index);
        int damaged = 0;
        for (int p = HashIndex.HEADER_BYTES; p < bytes.length && damaged == 0; p += HashIndex.SLOT_BYTES) {
            if (bytes[p] != 0) {
                bytes[p] ^= 0x07; // the slot now names another atom id
                damaged = p;
            }
        }
        assertTrue(damaged > 0);
        Files.write(index, bytes);
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 50; i++) {
                assertEquals(i + 1, store.lookup("<http://example.org/" + i + ">"));
            }
            store.verify();
        }
    }

    @Test
    void aClosedStoreRejectsUse() throws IOException {
        AtomStore store = AtomStore.open(dir, smallOptions());
        store.intern("x");
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.lookup("x"));
        assertThrows(IllegalStateException.class, () -> store.intern("y"));
        assertThrows(IllegalStateException.class, () -> store.resolve(1));
    }

    @Test
    void statsReportSizesAndProbeLengths() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 1000; i++) {
                store.intern("t" + i);
            }
            AtomStoreStats stats = store.stats();
            assertEquals(1000, stats.atoms());
            assertEquals(0, stats.committedAtoms());
            long termBytes = 0;
            for (int i = 0; i < 1000; i++) {
                termBytes += ("t" + i).length();
            }
            assertEquals(termBytes, stats.termBytes());
            assertEquals(termBytes + 1000, stats.dataBytes()); // one length byte each, no padding needed
            assertTrue(stats.meanProbe() >= 1 && stats.longestProbe() >= stats.meanProbe(), stats.toString());
            assertEquals(1000.0 / stats.hashCapacity(), stats.loadFactor(), 1e-9);
            store.commit();
            assertEquals(1000, store.stats().committedAtoms());
        }
    }

    @Test
    void readersOnManyThreadsSeeEveryAtomWhileTheWriterInterns() throws Exception {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 1000; i++) {
                store.intern("seed-" + i);
            }
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread reader = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom();
                    try {
                        while (!stop.get()) {
                            long size = store.size();
                            long id = 1 + random.nextLong(size);
                            String term = store.resolveString(id);
                            if (store.lookup(term) != id) {
                                throw new AssertionError("lookup(resolve(" + id + ")) != " + id);
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int i = 0; i < 30_000; i++) {
                store.intern("written-" + i); // grows data, offsets and index under the readers
            }
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void rollbackForgetsUncommittedAtomsAndKeepsCommittedOnes() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            for (int i = 0; i < 100; i++) {
                store.intern("kept-" + i);
            }
            store.commit();
            // Enough new atoms to force several rehashes of the 16-slot initial index.
            for (int i = 0; i < 5000; i++) {
                store.intern("dropped-" + i);
            }
            store.rollback();
            assertEquals(100, store.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i + 1, store.lookup("kept-" + i));
            }
            for (int i = 0; i < 5000; i += 97) {
                assertEquals(AtomStore.NO_ATOM, store.lookup("dropped-" + i));
            }
            assertEquals(101, store.intern("after-rollback"));
            store.commit();
            store.verify();
        }
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            assertEquals(101, store.size());
            assertEquals("after-rollback", store.resolveString(101));
            assertEquals(AtomStore.NO_ATOM, store.lookup("dropped-0"));
            store.verify();
        }
    }

    @Test
    void rollbackWithNothingUncommittedChangesNothing() throws IOException {
        try (AtomStore store = AtomStore.open(dir, smallOptions())) {
            store.intern("a");
            store.commit();
            store.rollback();
            assertEquals(1, store.size());
            assertEquals(1, store.lookup("a"));
        }
    }
}
