package dev.cinnabar.atomstore;

import static dev.cinnabar.atomstore.CrashImages.DATA;
import static dev.cinnabar.atomstore.CrashImages.HASH;
import static dev.cinnabar.atomstore.CrashImages.HASH_TMP;
import static dev.cinnabar.atomstore.CrashImages.MANIFEST;
import static dev.cinnabar.atomstore.CrashImages.MANIFEST_TMP;
import static dev.cinnabar.atomstore.CrashImages.OFFSETS;
import static dev.cinnabar.atomstore.CrashImages.OPTIONS;
import static dev.cinnabar.atomstore.CrashImages.assertOpensToExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.storage.DirectoryLock;
import dev.cinnabar.storage.StorageIo;

/**
 * Crash safety of {@link AtomStore}: images of the store's files as a process crash or a power loss could leave
 * them must open to exactly the last commit (the one whose manifest rename happened), with no trace of anything
 * interned after it, and go on working from there. See {@link CrashImages} for how images are made and judged.
 */
class CrashImageTest {

    private static final int CHUNK = OPTIONS.chunkSizeBytes();

    @TempDir
    Path tmp;

    private static long capacity(AtomStore store) {
        return store.stats().hashCapacity();
    }

    /** Most atoms the index holds before the next intern rehashes it. */
    private static long roomBeforeRehash(AtomStore store) {
        return (long) Math.floor(capacity(store) * OPTIONS.hashLoadFactor()) - store.size();
    }

    // ------------------------------------------------------------------------------------------------ 1

    private record Copy(Path image, int committed, int size, String label) {
    }

    @Test
    void copiesTakenAtArbitraryPointsBetweenCommitsOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("copiesTakenAtArbitraryPointsBetweenCommitsOpenToTheLastCommit");
        Random rnd = new Random(seed);
        int batches = 40;
        int bigBatch = 1 + rnd.nextInt(batches - 2);
        int[] sizes = new int[batches];
        for (int b = 0; b < batches; b++) {
            sizes[b] = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(150);
        }
        sizes[0] = Math.max(sizes[0], 5);
        sizes[bigBatch] = 9_000; // enough atoms for the offsets file to cross a chunk
        // Copy points (batch, interns done in it): at random, plus one before the first commit, one right after a
        // commit and one right before a commit.
        Set<Long> points = new TreeSet<>();
        points.add(point(0, 0));
        points.add(point(0, 3));
        points.add(point(batches - 1, 0));
        points.add(point(batches / 2, sizes[batches / 2]));
        while (points.size() < 30) {
            int b = rnd.nextInt(batches);
            points.add(point(b, rnd.nextInt(sizes[b] + 1)));
        }

        Path dir = tmp.resolve("store");
        List<Copy> copies = new ArrayList<>();
        CrashWorkload wl;
        try (AtomStore store = AtomStore.open(dir, OPTIONS)) {
            wl = new CrashWorkload(store, rnd);
            for (int b = 0; b < batches; b++) {
                for (int done = 0; done <= sizes[b]; done++) {
                    if (points.contains(point(b, done))) {
                        String label = "copy in batch " + b + " after " + done + " of " + sizes[b] + " interns";
                        Path image = CrashImages.copyStore(dir, tmp.resolve("copy-" + copies.size()));
                        copies.add(new Copy(image, wl.committedCount(), wl.size(), label));
                    }
                    if (done < sizes[b]) {
                        if (b == bigBatch && rnd.nextInt(10) != 0) {
                            wl.internFresh(3, 20);
                        } else {
                            wl.internRandom();
                        }
                    }
                }
                wl.commit();
            }
            AtomStoreStats stats = store.stats();
            assertTrue(stats.hashCapacity() >= 1 << 13, "the workload must rehash many times: " + stats);
            assertTrue(stats.dataFileBytes() > 8L * CHUNK, "the data must span many chunks: " + stats);
            assertTrue(stats.offsetsFileBytes() > CHUNK, "the offsets must span two chunks: " + stats);
        }
        assertTrue(copies.stream().anyMatch(c -> c.size() > c.committed()), "some copies hold uncommitted atoms");

        for (Copy copy : copies) {
            int laterEnd = Math.min(wl.size(), copy.size() + 16);
            assertOpensToExactly(copy.image(), wl.prefix(copy.committed()), wl.range(copy.committed(), laterEnd),
                "seed=" + seed + ", " + copy.label() + " (" + copy.committed() + " committed, " + copy.size()
                    + " interned)");
            CrashImages.deleteTree(copy.image());
        }
    }

    private static long point(int batch, int done) {
        return (long) batch << 32 | done;
    }

    // ------------------------------------------------------------------------------------------------ 2

    @Test
    void pageMixesOfCommittedAndLaterStateOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("pageMixesOfCommittedAndLaterStateOpenToTheLastCommit");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        try (AtomStore store = AtomStore.open(dir, OPTIONS)) {
            CrashWorkload wl = new CrashWorkload(store, rnd);
            // About 8000 atoms, so that the later state takes the offsets file across its first chunk.
            while (wl.size() < 7_950) {
                if (rnd.nextInt(10) == 0) {
                    wl.internRandom();
                } else {
                    wl.internFresh(3, 24);
                }
                if (rnd.nextInt(1000) == 0) {
                    wl.commit();
                }
            }
            while (roomBeforeRehash(store) < 600) {
                wl.internFresh(3, 24);
            }
            wl.commit();
            Map<String, byte[]> a = CrashImages.snapshot(dir);
            AtomStoreStats statsA = store.stats();

            for (int i = 0; i < 450; i++) {
                if (i % 10 == 0) {
                    wl.internFresh(6 * 1024, 1 << 14);
                } else if (i % 3 == 0) {
                    wl.internRandom();
                } else {
                    wl.internFresh(3, 40);
                }
            }
            Map<String, byte[]> b = CrashImages.snapshot(dir);
            AtomStoreStats statsB = store.stats();
            assertEquals(statsA.hashCapacity(), statsB.hashCapacity(), "no rehash between A and B");
            assertTrue(statsB.dataBytes() / CHUNK >= statsA.dataBytes() / CHUNK + 3,
                "B's data crosses chunk boundaries beyond A's: " + statsA + " / " + statsB);
            assertTrue(b.get(DATA).length > a.get(DATA).length, "the data file grew between A and B");
            assertTrue(b.get(OFFSETS).length > a.get(OFFSETS).length, "the offsets file grew between A and B");
            assertEquals(a.get(HASH).length, b.get(HASH).length);

            List<byte[]> committed = wl.committedTerms();
            List<byte[]> uncommitted = wl.uncommittedTerms();
            for (int i = 0; i < 50; i++) {
                Map<String, byte[]> mix = CrashImages.pageMix(a, b, rnd, Set.of());
                Path image = CrashImages.writeImage(mix, tmp.resolve("mix-" + i));
                assertOpensToExactly(image, committed, uncommitted, "seed=" + seed + ", page mix #" + i
                    + " (file lengths " + lengths(mix) + ")");
                CrashImages.deleteTree(image);
            }
        }
    }

    private static String lengths(Map<String, byte[]> files) {
        StringBuilder sb = new StringBuilder();
        files.forEach((name, bytes) -> sb.append(name).append('=').append(bytes.length).append(' '));
        return sb.toString().trim();
    }

    // ------------------------------------------------------------------------------------------------ 3

    private static String pendingIndexName(long capacity) {
        return HashIndex.PENDING_PREFIX + capacity + ".tmp";
    }

    /**
     * A rehash builds the doubled index in a pending temp file, which only the next commit forces and renames over
     * {@code atoms.hash}; until then {@code atoms.hash} is the same file in A and B, so every file is page-mixed,
     * and the pending index is absent, whole, or torn (pages never written back read as zeros).
     */
    @Test
    void pageMixesAcrossARehashOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("pageMixesAcrossARehashOpenToTheLastCommit");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        try (AtomStore store = AtomStore.open(dir, OPTIONS)) {
            CrashWorkload wl = new CrashWorkload(store, rnd);
            for (int i = 0; i < 1_200; i++) {
                wl.internRandom();
                if (rnd.nextInt(300) == 0) {
                    wl.commit();
                }
            }
            wl.commit();
            Map<String, byte[]> a = CrashImages.snapshot(dir);
            long capacityA = capacity(store);

            long room = roomBeforeRehash(store);
            for (long i = 0; i <= room; i++) {
                wl.internFresh(3, 30);
            }
            assertEquals(2 * capacityA, capacity(store), "the index doubled");
            for (int i = 0; i < 300; i++) {
                if (i % 12 == 0) {
                    wl.internFresh(4 * 1024, 1 << 14);
                } else {
                    wl.internRandom();
                }
            }
            assertEquals(2 * capacityA, capacity(store), "exactly one rehash between A and B");
            Map<String, byte[]> b = CrashImages.snapshot(dir);
            String pending = pendingIndexName(2 * capacityA);
            assertTrue(b.containsKey(pending), "B holds the rehashed index " + pending + ": " + b.keySet());
            assertTrue(!a.containsKey(pending));
            assertTrue(b.get(DATA).length >= a.get(DATA).length + 2L * CHUNK, "the data file grew by chunks");
            assertEquals(a.get(HASH).length, b.get(HASH).length, "atoms.hash is not replaced before a commit");
            assertTrue(!Arrays.equals(a.get(HASH), b.get(HASH)), "atoms.hash got uncommitted slots before the rehash");

            List<byte[]> committed = wl.committedTerms();
            List<byte[]> uncommitted = wl.uncommittedTerms();
            for (int i = 0; i < 60; i++) {
                Map<String, byte[]> mix = CrashImages.pageMix(a, b, rnd, Set.of());
                String pendingAs;
                switch (i % 3) {
                    case 0 -> {
                        mix.remove(pending);
                        pendingAs = "absent";
                    }
                    case 1 -> {
                        mix.put(pending, b.get(pending));
                        pendingAs = "whole";
                    }
                    default -> {
                        mix.put(pending, CrashImages.pageMixFile(new byte[0], b.get(pending), rnd));
                        pendingAs = "torn";
                    }
                }
                Path image = CrashImages.writeImage(mix, tmp.resolve("mix-" + i));
                assertOpensToExactly(image, committed, uncommitted, "seed=" + seed + ", page mix #" + i
                    + ", pending index " + pendingAs + " (file lengths " + lengths(mix) + ")");
                CrashImages.deleteTree(image);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ 4

    private record Snapshot(Path image, CrashRecordingStorageIo.Call call) {
    }

    /** While listening, copies the store directory at every call, before and after it. */
    private static List<Snapshot> snapshotEveryCall(CrashRecordingStorageIo io, Path dir, Path into) {
        List<Snapshot> snapshots = new ArrayList<>();
        io.listen(call -> {
            String name = String.format("%03d-%s-%s-%s", snapshots.size(), call.after() ? "after" : "before",
                call.op(), call.fileName());
            snapshots.add(new Snapshot(CrashImages.copyStore(dir, into.resolve(name)), call));
        });
        return snapshots;
    }

    /**
     * Two rehashes between commits, with uncommitted atoms pending: the first builds a pending index beside
     * {@code atoms.hash}, the second builds another and deletes the first. A copy at every call of either opens to
     * the last commit, and open removes the pending indexes.
     */
    @Test
    void crashImagesDuringARehashOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("crashImagesDuringARehashOpenToTheLastCommit");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        CrashRecordingStorageIo io = new CrashRecordingStorageIo();
        List<Snapshot> snapshots = new ArrayList<>();
        List<CrashRecordingStorageIo.Call> calls = new ArrayList<>();
        CrashWorkload wl;
        long capacityBefore;
        try (AtomStore store = AtomStore.open(dir, OPTIONS.withStorageIo(io))) {
            wl = new CrashWorkload(store, rnd);
            // 5000 atoms: 8192 slots; the rehashes then write 16384 and 32768 slots (over several chunks).
            while (wl.size() < 5_000) {
                if (rnd.nextInt(20) == 0) {
                    wl.internRandom();
                } else {
                    wl.internFresh(3, 20);
                }
            }
            wl.commit();
            capacityBefore = capacity(store);
            for (int rehash = 1; rehash <= 2; rehash++) {
                long capacity = capacity(store);
                long room = roomBeforeRehash(store);
                for (long i = 0; i < room; i++) {
                    wl.internFresh(3, 20);
                }
                assertEquals(capacity, capacity(store));
                assertTrue(wl.size() > wl.committedCount(), "uncommitted atoms pending");
                io.clearCalls();
                List<Snapshot> these = snapshotEveryCall(io, dir, tmp.resolve("snapshots-" + rehash));
                wl.internFresh(3, 20);
                io.stopListening();
                snapshots.addAll(these);
                calls.addAll(io.calls());
                assertEquals(2 * capacity, capacity(store), "the intern rehashed");
            }
        }
        String first = pendingIndexName(2 * capacityBefore);
        String second = pendingIndexName(4 * capacityBefore);
        assertTrue(calls.stream().anyMatch(c -> c.op().equals("open") && c.fileName().equals(first)),
            "the first rehash built " + first + ": " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.op().equals("deleteIfExists") && c.fileName().equals(first)),
            "the second rehash deleted " + first + ": " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.op().equals("open") && c.fileName().equals(second)),
            "the second rehash built " + second + ": " + calls);

        List<byte[]> committed = wl.committedTerms();
        List<byte[]> uncommitted = wl.uncommittedTerms();
        int withPending = 0;
        for (Snapshot snapshot : snapshots) {
            if (CrashImages.tempFiles(snapshot.image()).stream().anyMatch(CrashImages::isPendingIndex)) {
                withPending++;
            }
            List<String> left = assertOpensToExactly(snapshot.image(), committed, uncommitted,
                "seed=" + seed + ", snapshot " + snapshot.call() + " during a rehash");
            assertEquals(List.of(), left, "seed=" + seed + ", snapshot " + snapshot.call()
                + ": open removes pending indexes (atoms.hash is intact, nothing to rebuild)");
            CrashImages.deleteTree(snapshot.image());
        }
        assertTrue(withPending >= 8, "snapshots caught pending indexes (" + withPending + " of "
            + snapshots.size() + ")");
        assertTrue(snapshots.size() >= 20, "the rehashes made many calls: " + snapshots.size());
    }

    // ------------------------------------------------------------------------------------------------ 5

    private enum CommitCase {
        /** Data, offsets and slots to force, then the manifest. */
        PLAIN,
        /** A rehash before it: the commit forces the pending index and renames it over atoms.hash first. */
        PENDING_INDEX,
        /** A commit that renamed the index and then failed to force the directory: the retry forces it first. */
        RETRY_AFTER_FAILED_DIRECTORY_FORCE
    }

    @Test
    void crashImagesDuringACommitOpenToTheOldOrNewCommit() throws IOException {
        crashImagesDuringACommit(CommitCase.PLAIN);
    }

    @Test
    void crashImagesDuringACommitThatRenamesARehashedIndexOpenToTheOldOrNewCommit() throws IOException {
        crashImagesDuringACommit(CommitCase.PENDING_INDEX);
    }

    @Test
    void crashImagesDuringACommitRetriedAfterAFailedDirectoryForceOpenToTheOldOrNewCommit() throws IOException {
        crashImagesDuringACommit(CommitCase.RETRY_AFTER_FAILED_DIRECTORY_FORCE);
    }

    private void crashImagesDuringACommit(CommitCase commitCase) throws IOException {
        long seed = CrashImages.seed("crashImagesDuringACommit " + commitCase);
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        CrashRecordingStorageIo io = new CrashRecordingStorageIo();
        List<Snapshot> snapshots;
        CrashWorkload wl;
        byte[] oldManifest;
        byte[] newManifest;
        List<byte[]> oldTerms;
        try (AtomStore store = AtomStore.open(dir, OPTIONS.withStorageIo(io))) {
            wl = new CrashWorkload(store, rnd);
            for (int i = 0; i < 1_500; i++) {
                wl.internRandom();
                if (rnd.nextInt(400) == 0) {
                    wl.commit();
                }
            }
            wl.commit();
            oldTerms = wl.committedTerms();
            oldManifest = CrashImages.manifestBytes(dir);
            if (commitCase != CommitCase.PLAIN) {
                long capacityBefore = capacity(store);
                long room = roomBeforeRehash(store);
                for (long i = 0; i <= room; i++) {
                    wl.internFresh(3, 20);
                }
                assertEquals(2 * capacityBefore, capacity(store), "rehashed");
                assertTrue(Files.exists(dir.resolve(pendingIndexName(2 * capacityBefore))));
                if (commitCase == CommitCase.RETRY_AFTER_FAILED_DIRECTORY_FORCE) {
                    io.failOnce(call -> call.op().equals("forceDirectory"));
                    assertThrows(IOException.class, store::commit, "the commit's directory force fails");
                    assertEquals(oldTerms.size(), store.committedSize(), "a failed commit commits nothing");
                    assertArrayEquals(oldManifest, CrashImages.manifestBytes(dir));
                    assertEquals(List.of(), CrashImages.tempFiles(dir), "the index was renamed into place");
                }
            }
            for (int i = 0; i < 400; i++) {
                if (i % 16 == 0) {
                    wl.internFresh(4 * 1024, 1 << 14);
                } else {
                    wl.internRandom();
                }
            }
            io.clearCalls();
            snapshots = snapshotEveryCall(io, dir, tmp.resolve("snapshots"));
            wl.commit();
            io.stopListening();
            newManifest = CrashImages.manifestBytes(dir);
        }
        List<CrashRecordingStorageIo.Call> calls = io.calls();
        assertTrue(calls.stream().filter(c -> c.op().equals("forceMapping") && c.fileName().equals(DATA)).count() >= 2,
            "the commit forced data across chunks: " + calls);
        long directoryForces = calls.stream().filter(c -> c.op().equals("forceDirectory")).count();
        assertEquals(commitCase == CommitCase.PLAIN ? 1 : 2, directoryForces, "directory forces: " + calls);
        boolean renamesIndex = calls.stream().anyMatch(c -> c.op().equals("rename")
            && c.target().getFileName().toString().equals(HASH));
        assertEquals(commitCase == CommitCase.PENDING_INDEX, renamesIndex, "the commit renames the index: " + calls);
        assertTrue(!Arrays.equals(oldManifest, newManifest));
        List<byte[]> newTerms = wl.committedTerms();
        assertTrue(newTerms.size() > oldTerms.size());

        int renameSequence = calls.stream()
            .filter(c -> c.op().equals("rename") && c.target().getFileName().toString().equals(MANIFEST))
            .mapToInt(CrashRecordingStorageIo.Call::sequence).findFirst()
            .orElseThrow(() -> new AssertionError("the commit renamed no manifest: " + calls));
        int lastDirectoryForce = calls.stream().filter(c -> c.op().equals("forceDirectory"))
            .mapToInt(CrashRecordingStorageIo.Call::sequence).max().orElseThrow();
        assertTrue(lastDirectoryForce > renameSequence);

        int oldCount = 0;
        int newCount = 0;
        for (Snapshot snapshot : snapshots) {
            CrashRecordingStorageIo.Call call = snapshot.call();
            String where = "seed=" + seed + ", " + commitCase + ", snapshot " + call + " during a commit";
            boolean beforeRename = call.sequence() < renameSequence
                || call.sequence() == renameSequence && !call.after();
            boolean afterDirectoryForce = call.sequence() == lastDirectoryForce && call.after();
            byte[] manifest = CrashImages.manifestBytes(snapshot.image());
            boolean isOld = Arrays.equals(manifest, oldManifest);
            boolean isNew = Arrays.equals(manifest, newManifest);
            if (beforeRename) {
                assertTrue(isOld, where + ": before the manifest rename the old manifest must be in place");
            } else if (afterDirectoryForce) {
                assertTrue(isNew, where + ": after the directory force the new manifest must be in place");
            } else if (!isOld && !isNew) {
                fail(where + ": the manifest is neither the old nor the new one");
            }
            if (isOld) {
                oldCount++;
                assertOpensToExactly(snapshot.image(), oldTerms, wl.range(oldTerms.size(), newTerms.size()), where
                    + " (expecting the old commit)");
            } else {
                newCount++;
                assertOpensToExactly(snapshot.image(), newTerms, List.of(), where + " (expecting the new commit)");
            }
            CrashImages.deleteTree(snapshot.image());
        }
        assertTrue(oldCount >= 6 && newCount >= 2, "snapshots on both sides: " + oldCount + " old, " + newCount
            + " new");
    }

    // ------------------------------------------------------------------------------------------------ 6, 7

    /** A crash image: a copy of an open store with uncommitted atoms after its last commit. */
    private CrashWorkload crashImage(Random rnd, Path image) throws IOException {
        Path dir = tmp.resolve("store");
        try (AtomStore store = AtomStore.open(dir, OPTIONS)) {
            CrashWorkload wl = new CrashWorkload(store, rnd);
            for (int i = 0; i < 2_000; i++) {
                wl.internRandom();
                if (rnd.nextInt(500) == 0) {
                    wl.commit();
                }
            }
            wl.commit();
            for (int i = 0; i < 100; i++) {
                wl.internRandom();
            }
            for (int i = 0; i < 20; i++) {
                wl.internFresh(3, 20);
            }
            CrashImages.copyStore(dir, image);
            return wl;
        }
    }

    /** How many slots of {@code image}'s atoms.hash name an atom above {@code committedAtoms}. */
    private static long slotsAbove(Path image, long committedAtoms) throws IOException {
        ByteBuffer hash = ByteBuffer.wrap(Files.readAllBytes(image.resolve(HASH))).order(ByteOrder.LITTLE_ENDIAN);
        long above = 0;
        for (long slot = 0; HashIndex.slotPosition(slot) + Long.BYTES <= hash.limit(); slot++) {
            long word = hash.getLong((int) HashIndex.slotPosition(slot));
            if (word != 0 && HashIndex.atomIdOf(word) > committedAtoms) {
                above++;
            }
        }
        return above;
    }

    @Test
    void aTornManifestTempFileIsIgnoredAndRemoved() throws IOException {
        long seed = CrashImages.seed("aTornManifestTempFileIsIgnoredAndRemoved");
        Random rnd = new Random(seed);
        Path base = tmp.resolve("base");
        CrashWorkload wl = crashImage(rnd, base);
        Map<String, byte[]> files = CrashImages.snapshot(base);
        byte[] manifest = files.get(MANIFEST);
        byte[] hash = files.get(HASH);
        Manifest committed = Manifest.read(StorageIo.system(), base.resolve(MANIFEST));
        long capacity = ByteBuffer.wrap(hash).order(ByteOrder.LITTLE_ENDIAN).getLong(16);
        String pendingDouble = pendingIndexName(2 * capacity);
        String pendingSame = pendingIndexName(capacity);

        byte[] garbageManifest = new byte[Manifest.SIZE_BYTES];
        rnd.nextBytes(garbageManifest);
        byte[] garbageHash = new byte[4096 + 8 * (1 + rnd.nextInt(1000))];
        rnd.nextBytes(garbageHash);
        // What a commit of the uncommitted atoms would have saved, had it reached its rename.
        byte[] unrenamedManifest = committed.next(wl.size(), committed.dataLength() + 1, committed.hashCapacity(),
            12345, 67890).encode().array();

        Map<String, Map<String, byte[]>> variants = new java.util.LinkedHashMap<>();
        variants.put("empty temp files", Map.of(MANIFEST_TMP, new byte[0], HASH_TMP, new byte[0],
            pendingDouble, new byte[0]));
        variants.put("random garbage", Map.of(MANIFEST_TMP, garbageManifest, HASH_TMP, garbageHash,
            pendingSame, garbageHash));
        variants.put("torn copies of the real files", Map.of(
            MANIFEST_TMP, Arrays.copyOf(manifest, 1 + rnd.nextInt(manifest.length - 1)),
            HASH_TMP, Arrays.copyOf(hash, 100 + rnd.nextInt(hash.length - 100)),
            pendingDouble, Arrays.copyOf(hash, 4096 + rnd.nextInt(hash.length - 4096))));
        variants.put("a complete manifest and index that were never renamed", Map.of(MANIFEST_TMP,
            unrenamedManifest, HASH_TMP, hash.clone(), pendingSame, hash.clone()));
        int i = 0;
        for (Map.Entry<String, Map<String, byte[]>> variant : variants.entrySet()) {
            Path image = CrashImages.copyStore(base, tmp.resolve("image-" + i++));
            Set<String> expected = new TreeSet<>(CrashImages.tempFiles(image)); // a rehash's pending index, maybe
            for (Map.Entry<String, byte[]> temp : variant.getValue().entrySet()) {
                Files.write(image.resolve(temp.getKey()), temp.getValue());
                expected.add(temp.getKey());
            }
            assertEquals(List.copyOf(expected), CrashImages.tempFiles(image));
            List<String> left = assertOpensToExactly(image, wl.committedTerms(), wl.uncommittedTerms(),
                "seed=" + seed + ", " + variant.getKey());
            assertEquals(List.of(), left, "open removed every temp file: " + variant.getKey());
        }
    }

    @Test
    void aHashIndexThatCannotBeTrustedIsRebuilt() throws IOException {
        long seed = CrashImages.seed("aHashIndexThatCannotBeTrustedIsRebuilt");
        Random rnd = new Random(seed);
        Path base = tmp.resolve("base");
        CrashWorkload wl = crashImage(rnd, base);
        byte[] hash = Files.readAllBytes(base.resolve(HASH));
        ByteBuffer slots = ByteBuffer.wrap(hash).order(ByteOrder.LITTLE_ENDIAN);
        long capacity = slots.getLong(16);
        assertEquals(hash.length, HashIndex.fileLength(capacity));
        int committedCount = wl.committedCount();

        List<Integer> committedSlots = new ArrayList<>();
        List<Integer> emptySlots = new ArrayList<>();
        for (int slot = 0; slot < capacity; slot++) {
            long word = slots.getLong((int) HashIndex.slotPosition(slot));
            long id = HashIndex.atomIdOf(word);
            if (word == 0) {
                emptySlots.add(slot);
            } else if (id >= 1 && id <= committedCount) {
                committedSlots.add(slot);
            }
        }
        assertEquals(committedCount, committedSlots.size(), "each committed atom has one slot in the base image");
        int victim = committedSlots.get(rnd.nextInt(committedSlots.size()));
        int empty = emptySlots.get(rnd.nextInt(emptySlots.size()));

        Map<String, byte[]> variants = new java.util.LinkedHashMap<>();
        variants.put("index deleted", null);
        variants.put("bad magic", flip(hash, 3));
        variants.put("bad capacity", flip(hash, 17));
        variants.put("bad header checksum", flip(hash, 25));
        variants.put("truncated inside the header", Arrays.copyOf(hash, 1000));
        variants.put("truncated inside the slots", Arrays.copyOf(hash, 4096 + hash.length / 2));
        byte[] zeroed = hash.clone();
        ByteBuffer.wrap(zeroed).order(ByteOrder.LITTLE_ENDIAN).putLong((int) HashIndex.slotPosition(victim), 0);
        variants.put("committed slot " + victim + " zeroed", zeroed);
        byte[] duplicated = hash.clone();
        ByteBuffer.wrap(duplicated).order(ByteOrder.LITTLE_ENDIAN).putLong((int) HashIndex.slotPosition(empty),
            slots.getLong((int) HashIndex.slotPosition(victim)));
        variants.put("committed slot " + victim + " duplicated into empty slot " + empty, duplicated);
        int other = committedSlots.get((committedSlots.indexOf(victim) + 1) % committedSlots.size());
        byte[] swapped = duplicated.clone();
        ByteBuffer.wrap(swapped).order(ByteOrder.LITTLE_ENDIAN).putLong((int) HashIndex.slotPosition(other), 0);
        variants.put("committed slot " + victim + " duplicated into empty slot " + empty + " and committed slot "
            + other + " zeroed (the count of slots still matches)", swapped);

        int i = 0;
        for (Map.Entry<String, byte[]> variant : variants.entrySet()) {
            Path image = CrashImages.copyStore(base, tmp.resolve("image-" + i++));
            if (variant.getValue() == null) {
                Files.delete(image.resolve(HASH));
            } else {
                Files.write(image.resolve(HASH), variant.getValue());
            }
            assertOpensToExactly(image, wl.committedTerms(), wl.uncommittedTerms(),
                "seed=" + seed + ", index damaged: " + variant.getKey());
            assertTrue(Files.exists(image.resolve(HASH)), "atoms.hash is back after the commit: " + variant.getKey());
        }
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x5A;
        return copy;
    }

    // ------------------------------------------------------------------------------------------------ more

    @Test
    void crashImagesWhileCreatingAStoreOpenToAnEmptyStoreOrItsFirstCommit() throws IOException {
        long seed = CrashImages.seed("crashImagesWhileCreatingAStoreOpenToAnEmptyStoreOrItsFirstCommit");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        CrashRecordingStorageIo io = new CrashRecordingStorageIo();
        List<Snapshot> snapshots = snapshotEveryCall(io, dir, tmp.resolve("snapshots"));
        CrashWorkload wl;
        byte[] emptyManifest;
        try (AtomStore store = AtomStore.open(dir, OPTIONS.withStorageIo(io))) {
            emptyManifest = CrashImages.manifestBytes(dir);
            wl = new CrashWorkload(store, rnd);
            for (int i = 0; i < 200; i++) {
                wl.internRandom();
            }
            wl.commit();
            io.stopListening();
        }
        byte[] firstManifest = CrashImages.manifestBytes(dir);
        int empties = 0;
        for (Snapshot snapshot : snapshots) {
            String where = "seed=" + seed + ", snapshot " + snapshot.call() + " while creating a store";
            byte[] manifest = CrashImages.manifestBytes(snapshot.image());
            if (manifest == null || Arrays.equals(manifest, emptyManifest)) {
                empties++;
                assertOpensToExactly(snapshot.image(), List.of(), wl.committedTerms(), where + " (expecting empty)");
            } else {
                assertArrayEquals(firstManifest, manifest, where + ": an unknown manifest");
                assertOpensToExactly(snapshot.image(), wl.committedTerms(), List.of(), where
                    + " (expecting the first commit)");
            }
        }
        assertTrue(empties >= 10 && empties < snapshots.size(), "snapshots on both sides of the first commit: "
            + empties + " empty of " + snapshots.size());
    }

    /**
     * Recovery writes too (scrubbing slots, rebuilding the index), and so does the commit of close() after it:
     * a process crash or a power loss inside them must change nothing.
     */
    @Test
    void crashImagesDuringRecoveryOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("crashImagesDuringRecoveryOpenToTheLastCommit");
        Random rnd = new Random(seed);
        Path base = tmp.resolve("base");
        CrashWorkload wl = crashImage(rnd, base);
        // If the index grew at the first atom after the commit, atoms.hash holds nothing to scrub: draw again.
        for (int tries = 1; slotsAbove(base, wl.committedTerms().size()) == 0; tries++) {
            assertTrue(tries < 20, "seed=" + seed + ": no workload left uncommitted slots in " + HASH);
            CrashImages.deleteTree(base);
            CrashImages.deleteTree(tmp.resolve("store"));
            wl = crashImage(rnd, base);
        }
        List<byte[]> committed = wl.committedTerms();
        List<byte[]> uncommitted = wl.uncommittedTerms();
        int variantNumber = 0;
        for (boolean deleteIndex : new boolean[] {false, true}) {
            String variant = deleteIndex ? "rebuilding a deleted index" : "scrubbing uncommitted slots";
            java.util.function.Predicate<String> written = deleteIndex ? CrashImages::isPendingIndex : HASH::equals;

            // Process crash: a copy of the directory at every call.
            Path image = CrashImages.copyStore(base, tmp.resolve("image-" + variantNumber++));
            if (deleteIndex) {
                Files.delete(image.resolve(HASH));
            }
            CrashRecordingStorageIo io = new CrashRecordingStorageIo();
            List<Snapshot> snapshots = snapshotEveryCall(io, image, tmp.resolve("snapshots-" + variantNumber));
            AtomStore.open(image, OPTIONS.withStorageIo(io)).close();
            io.stopListening();
            List<CrashRecordingStorageIo.Call> calls = io.calls();
            assertTrue(calls.stream().anyMatch(c -> c.op().equals("forceMapping") && written.test(c.fileName())),
                variant + ": recovery (or the commit of close) forced the index it wrote: " + calls);
            for (Snapshot snapshot : snapshots) {
                assertOpensToExactly(snapshot.image(), committed, uncommitted,
                    "seed=" + seed + ", " + variant + ", snapshot " + snapshot.call() + " during recovery");
                CrashImages.deleteTree(snapshot.image());
            }
            assertOpensToExactly(image, committed, uncommitted, "seed=" + seed + ", " + variant + ", recovered");

            // Power loss, modelled from the forces made.
            Path powerImage = CrashImages.copyStore(base, tmp.resolve("image-" + variantNumber++));
            if (deleteIndex) {
                Files.delete(powerImage.resolve(HASH));
            }
            CrashPowerLossIo powerIo = new CrashPowerLossIo(powerImage);
            int[] count = {0};
            String lostPrefix = "power-loss-" + variantNumber + "-";
            powerIo.listen((call, after) -> {
                String where = "seed=" + seed + ", " + variant + ", power loss #" + count[0] + " "
                    + (after ? "after " : "before ") + call + " during recovery";
                Path lost = CrashImages.writeImage(powerIo.powerLossImage(rnd),
                    tmp.resolve(lostPrefix + count[0]++));
                assertOpensToExactly(lost, committed, uncommitted, where);
                CrashImages.deleteTree(lost);
            });
            AtomStore.open(powerImage, OPTIONS.withStorageIo(powerIo)).close();
            powerIo.stopListening();
            assertTrue(count[0] >= 20, variant + ": power-loss images " + count[0]);
        }
    }

    /**
     * Power loss at any call of a workload (creation, interns, growth, rehashes, commits), modelled from the forces
     * the store makes ({@link CrashPowerLossIo}): the image opens to exactly the commit its manifest names, which is
     * the last commit that returned or the one in progress; never an older one, never a torn one.
     */
    @Test
    void powerLossImagesOpenToTheLastCompletedCommitOrTheOneInProgress() throws IOException {
        long seed = CrashImages.seed("powerLossImagesOpenToTheLastCompletedCommitOrTheOneInProgress");
        Random rnd = new Random(seed);
        Random imageRnd = new Random(seed * 31 + 7);
        Path dir = tmp.resolve("store");
        CrashPowerLossIo io = new CrashPowerLossIo(dir);
        CrashWorkload[] workload = new CrashWorkload[1];
        int[] completed = {0};
        int[] inProgress = {-1};
        int[] images = {0};
        int[] oldInCommit = {0};
        int[] newInCommit = {0};
        io.listen((call, after) -> {
            boolean inCommit = inProgress[0] >= 0;
            if (images[0] >= 220 || imageRnd.nextDouble() >= (inCommit ? 0.35 : 0.12)) {
                return;
            }
            int n = images[0]++;
            Map<String, byte[]> image = io.powerLossImage(imageRnd);
            String where = "seed=" + seed + ", power-loss image #" + n + " at " + (after ? "after " : "before ")
                + call + (inCommit ? " in a commit of " + inProgress[0] + " atoms" : "") + ", last commit "
                + completed[0] + " atoms (file lengths " + lengths(image) + ")";
            byte[] manifest = image.get(MANIFEST);
            int count = 0;
            if (manifest != null) {
                assertTrue(io.savedManifests().stream().anyMatch(m -> Arrays.equals(m, manifest)),
                    where + ": the manifest is not one the store saved");
                count = (int) ByteBuffer.wrap(manifest).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
            }
            int highest = inCommit ? inProgress[0] : completed[0];
            if (count < completed[0] || count > highest) {
                fail(where + ": the manifest names " + count + " atoms, outside [" + completed[0] + ", " + highest
                    + "]");
            }
            if (inCommit) {
                (count == completed[0] ? oldInCommit : newInCommit)[0]++;
            }
            CrashWorkload wl = workload[0];
            List<byte[]> terms = wl == null ? List.of() : wl.prefix(count);
            List<byte[]> later = wl == null ? List.of() : wl.range(count, Math.min(wl.size(), count + 64));
            Path imageDir = CrashImages.writeImage(image, tmp.resolve("power-loss-" + n));
            assertOpensToExactly(imageDir, terms, later, where);
            CrashImages.deleteTree(imageDir);
        });
        try (AtomStore store = AtomStore.open(dir, OPTIONS.withStorageIo(io))) {
            CrashWorkload wl = new CrashWorkload(store, rnd);
            workload[0] = wl;
            for (int batch = 0; batch < 30; batch++) {
                int size = rnd.nextInt(6) == 0 ? 0 : rnd.nextInt(250);
                for (int i = 0; i < size; i++) {
                    wl.internRandom();
                }
                inProgress[0] = wl.size();
                wl.commit();
                completed[0] = wl.size();
                inProgress[0] = -1;
            }
            io.stopListening();
            assertTrue(store.stats().hashCapacity() >= 1024, "the workload rehashed several times");
            assertTrue(store.stats().dataFileBytes() > 8L * CHUNK, "the data spans many chunks");
        }
        assertTrue(images[0] >= 120, "power-loss images checked: " + images[0]);
        assertTrue(oldInCommit[0] >= 10 && newInCommit[0] >= 5, "images in commits opening to the old ("
            + oldInCommit[0] + ") and the new commit (" + newInCommit[0] + ")");
    }

    /** Copies never include the lock file, and the oracle's images hold no lock. */
    @Test
    void aCopyOfAnOpenStoreHoldsNoLockFile() throws IOException {
        Path dir = tmp.resolve("store");
        try (AtomStore store = AtomStore.open(dir, OPTIONS)) {
            store.intern("x");
            Path image = CrashImages.copyStore(dir, tmp.resolve("image"));
            assertTrue(Files.exists(dir.resolve(DirectoryLock.FILE_NAME)));
            assertTrue(!Files.exists(image.resolve(DirectoryLock.FILE_NAME)));
            assertArrayEquals(CrashImages.manifestBytes(dir), CrashImages.manifestBytes(image));
        }
    }
}
