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

    @Test
    void pageMixesAcrossARehashOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("pageMixesAcrossARehashOpenToTheLastCommit");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        CrashRecordingStorageIo io = new CrashRecordingStorageIo();
        try (AtomStore store = AtomStore.open(dir, OPTIONS.withStorageIo(io))) {
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

            // The index as the rehash forced and renamed it, before later inserts touched it.
            byte[][] rehashed = new byte[1][];
            io.listen(call -> {
                if (call.after() && call.op().equals("rename") && call.target().getFileName().toString().equals(HASH)) {
                    rehashed[0] = Files.readAllBytes(call.target());
                }
            });
            long room = roomBeforeRehash(store);
            for (long i = 0; i <= room; i++) {
                wl.internFresh(3, 30);
            }
            io.stopListening();
            assertEquals(2 * capacityA, capacity(store), "the index doubled");
            assertTrue(rehashed[0] != null, "the rehash renamed " + HASH_TMP + " to " + HASH);
            for (int i = 0; i < 300; i++) {
                if (i % 12 == 0) {
                    wl.internFresh(4 * 1024, 1 << 14);
                } else {
                    wl.internRandom();
                }
            }
            assertEquals(2 * capacityA, capacity(store), "exactly one rehash between A and B");
            Map<String, byte[]> b = CrashImages.snapshot(dir);
            assertTrue(b.get(DATA).length >= a.get(DATA).length + 2L * CHUNK, "the data file grew by chunks");
            assertTrue(b.get(HASH).length > a.get(HASH).length);

            List<byte[]> committed = wl.committedTerms();
            List<byte[]> uncommitted = wl.uncommittedTerms();
            for (int i = 0; i < 60; i++) {
                Map<String, byte[]> mix = CrashImages.pageMix(a, b, rnd, Set.of(HASH));
                String hashFrom;
                switch (i % 3) {
                    case 0 -> {
                        mix.put(HASH, a.get(HASH));
                        hashFrom = "A's (rename not durable)";
                    }
                    case 1 -> {
                        mix.put(HASH, b.get(HASH));
                        hashFrom = "B's";
                    }
                    default -> {
                        mix.put(HASH, CrashImages.pageMixFile(rehashed[0], b.get(HASH), rnd));
                        hashFrom = "a page mix of the rehashed index and B's";
                    }
                }
                Path image = CrashImages.writeImage(mix, tmp.resolve("mix-" + i));
                assertOpensToExactly(image, committed, uncommitted, "seed=" + seed + ", page mix #" + i
                    + ", index " + hashFrom + " (file lengths " + lengths(mix) + ")");
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

    @Test
    void crashImagesDuringARehashOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("crashImagesDuringARehashOpenToTheLastCommit");
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("store");
        CrashRecordingStorageIo io = new CrashRecordingStorageIo();
        List<Snapshot> snapshots;
        CrashWorkload wl;
        try (AtomStore store = AtomStore.open(dir, OPTIONS.withStorageIo(io))) {
            wl = new CrashWorkload(store, rnd);
            // 5000 atoms: 8192 slots; the rehash then writes 16384 slots (over two chunks).
            while (wl.size() < 5_000) {
                if (rnd.nextInt(20) == 0) {
                    wl.internRandom();
                } else {
                    wl.internFresh(3, 20);
                }
            }
            wl.commit();
            long capacityBefore = capacity(store);
            long room = roomBeforeRehash(store);
            for (long i = 0; i < room; i++) {
                wl.internFresh(3, 20);
            }
            assertEquals(capacityBefore, capacity(store));
            assertTrue(wl.size() > wl.committedCount(), "uncommitted atoms pending");

            io.clearCalls();
            snapshots = snapshotEveryCall(io, dir, tmp.resolve("snapshots"));
            wl.internFresh(3, 20);
            io.stopListening();
            assertEquals(2 * capacityBefore, capacity(store), "the intern rehashed");
            assertTrue(io.calls().stream().anyMatch(c -> c.op().equals("rename")
                && c.fileName().equals(HASH_TMP) && c.target().getFileName().toString().equals(HASH)),
                "the rehash renamed the temp index into place: " + io.calls());
            assertTrue(io.calls().stream().anyMatch(c -> c.op().equals("forceMapping")
                && c.fileName().equals(HASH_TMP)), "the rehash forced the temp index: " + io.calls());
        }

        List<byte[]> committed = wl.committedTerms();
        List<byte[]> uncommitted = wl.range(wl.committedCount(), wl.size());
        int withTemp = 0;
        for (Snapshot snapshot : snapshots) {
            if (Files.exists(snapshot.image().resolve(HASH_TMP))) {
                withTemp++;
            }
            assertOpensToExactly(snapshot.image(), committed, uncommitted,
                "seed=" + seed + ", snapshot " + snapshot.call() + " during a rehash");
        }
        assertTrue(withTemp >= 4, "several snapshots caught " + HASH_TMP + " (" + withTemp + " of "
            + snapshots.size() + ")");
        assertTrue(snapshots.size() >= 20, "a rehash makes many calls: " + snapshots.size());
    }

    // ------------------------------------------------------------------------------------------------ 5

    @Test
    void crashImagesDuringACommitOpenToTheOldOrNewCommit() throws IOException {
        crashImagesDuringACommit(false);
    }

    /** A rehash whose directory force failed leaves the rename pending: the next commit forces it first. */
    @Test
    void crashImagesDuringACommitThatFirstForcesAPendingRenameOpenToTheOldOrNewCommit() throws IOException {
        crashImagesDuringACommit(true);
    }

    private void crashImagesDuringACommit(boolean pendingRename) throws IOException {
        long seed = CrashImages.seed("crashImagesDuringACommit" + (pendingRename ? "WithPendingRename" : ""));
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
            if (pendingRename) {
                long room = roomBeforeRehash(store);
                for (long i = 0; i < room; i++) {
                    wl.internFresh(3, 20);
                }
                long capacityBefore = capacity(store);
                io.failOnce(call -> call.op().equals("forceDirectory"));
                assertThrows(IOException.class, () -> wl.internFresh(3, 20),
                    "the rehash's directory force fails");
                assertEquals(2 * capacityBefore, capacity(store), "the rehashed index is in use");
                assertEquals(oldTerms.size(), store.committedSize());
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
        assertEquals(pendingRename ? 2 : 1, directoryForces, "directory forces in the commit: " + calls);
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
            String where = "seed=" + seed + ", snapshot " + call + " during a commit";
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

    @Test
    void aTornManifestTempFileIsIgnoredAndRemoved() throws IOException {
        long seed = CrashImages.seed("aTornManifestTempFileIsIgnoredAndRemoved");
        Random rnd = new Random(seed);
        Path base = tmp.resolve("base");
        CrashWorkload wl = crashImage(rnd, base);
        Map<String, byte[]> files = CrashImages.snapshot(base);
        byte[] manifest = files.get(MANIFEST);
        byte[] hash = files.get(HASH);
        Manifest committed = Manifest.read(base.resolve(MANIFEST));

        byte[] garbageManifest = new byte[Manifest.SIZE_BYTES];
        rnd.nextBytes(garbageManifest);
        byte[] garbageHash = new byte[4096 + 8 * (1 + rnd.nextInt(1000))];
        rnd.nextBytes(garbageHash);
        // What a commit of the uncommitted atoms would have saved, had it reached its rename.
        byte[] unrenamedManifest = committed.next(wl.size(), committed.dataLength() + 1, committed.hashCapacity(),
            12345, 67890).encode().array();

        Map<String, byte[][]> variants = new java.util.LinkedHashMap<>();
        variants.put("empty temp files", new byte[][] {new byte[0], new byte[0]});
        variants.put("random garbage", new byte[][] {garbageManifest, garbageHash});
        variants.put("torn copies of the real files", new byte[][] {
            Arrays.copyOf(manifest, 1 + rnd.nextInt(manifest.length - 1)),
            Arrays.copyOf(hash, 100 + rnd.nextInt(hash.length - 100))});
        variants.put("a complete manifest and index that were never renamed", new byte[][] {unrenamedManifest,
            hash.clone()});
        int i = 0;
        for (Map.Entry<String, byte[][]> variant : variants.entrySet()) {
            Path image = CrashImages.copyStore(base, tmp.resolve("image-" + i++));
            Files.write(image.resolve(MANIFEST_TMP), variant.getValue()[0]);
            Files.write(image.resolve(HASH_TMP), variant.getValue()[1]);
            assertEquals(List.of(HASH_TMP, MANIFEST_TMP), CrashImages.tempFiles(image));
            assertOpensToExactly(image, wl.committedTerms(), wl.uncommittedTerms(),
                "seed=" + seed + ", " + variant.getKey());
            assertEquals(List.of(), CrashImages.tempFiles(image), "temp files removed: " + variant.getKey());
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
            assertTrue(Files.exists(image.resolve(HASH)), "the index was rebuilt: " + variant.getKey());
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

    /** Recovery writes too (scrubbing slots, rebuilding the index): a crash inside it must change nothing. */
    @Test
    void crashImagesDuringRecoveryOpenToTheLastCommit() throws IOException {
        long seed = CrashImages.seed("crashImagesDuringRecoveryOpenToTheLastCommit");
        Random rnd = new Random(seed);
        Path base = tmp.resolve("base");
        CrashWorkload wl = crashImage(rnd, base);
        for (boolean deleteIndex : new boolean[] {false, true}) {
            String variant = deleteIndex ? "rebuilding a deleted index" : "scrubbing uncommitted slots";
            Path image = CrashImages.copyStore(base, tmp.resolve("image-" + deleteIndex));
            if (deleteIndex) {
                Files.delete(image.resolve(HASH));
            }
            CrashRecordingStorageIo io = new CrashRecordingStorageIo();
            List<Snapshot> snapshots = snapshotEveryCall(io, image, tmp.resolve("snapshots-" + deleteIndex));
            // Open recovers; close commits (after a rebuild: a commit that only forces the directory).
            AtomStore.open(image, OPTIONS.withStorageIo(io)).close();
            io.stopListening();
            List<CrashRecordingStorageIo.Call> calls = io.calls();
            assertTrue(calls.stream().anyMatch(c -> c.op().equals(deleteIndex ? "rename" : "forceMapping")
                && c.fileName().equals(deleteIndex ? HASH_TMP : HASH)), variant + ": recovery wrote: " + calls);
            for (Snapshot snapshot : snapshots) {
                assertOpensToExactly(snapshot.image(), wl.committedTerms(), wl.uncommittedTerms(),
                    "seed=" + seed + ", " + variant + ", snapshot " + snapshot.call() + " during recovery");
                CrashImages.deleteTree(snapshot.image());
            }
            assertOpensToExactly(image, wl.committedTerms(), wl.uncommittedTerms(),
                "seed=" + seed + ", " + variant + ", after recovery");
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
            if (images[0] >= 220 || imageRnd.nextDouble() >= (inCommit ? 0.3 : 0.08)) {
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
        assertTrue(images[0] >= 150, "power-loss images checked: " + images[0]);
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
