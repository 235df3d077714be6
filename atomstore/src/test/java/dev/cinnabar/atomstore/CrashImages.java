package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.cinnabar.storage.DirectoryLock;

/**
 * Crash images of an atom store, and the oracle they are judged by.
 *
 * <p>An image is a directory holding a store's files (never its {@code LOCK}) as a crash could have left them:
 * a copy of an open store's files (a process crash: on Linux a plain read sees the mapped writes), or a page-by-page
 * mix of two snapshots (a power loss that wrote back some dirty pages and not others).
 */
final class CrashImages {

    static final int PAGE_BYTES = 4096;
    static final String MANIFEST = Manifest.FILE_NAME;
    static final String HASH = HashIndex.FILE_NAME;
    static final String DATA = AtomStore.DATA_FILE;
    static final String OFFSETS = AtomStore.OFFSETS_FILE;
    static final String MANIFEST_TMP = MANIFEST + ".tmp";
    /** A leftover name recovery must delete too (the store builds pending indexes as atoms.hash.N[-M].tmp). */
    static final String HASH_TMP = HASH + ".tmp";
    private static final java.util.regex.Pattern PENDING_INDEX =
        java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(HashIndex.PENDING_PREFIX) + "[0-9]+(-[0-9]+)?\\.tmp");

    /** Small chunks and a small index, so that a test crosses chunk boundaries and rehashes cheaply. */
    static final AtomStoreOptions OPTIONS = AtomStoreOptions.defaults()
        .withChunkSizeBytes(1 << 16)
        .withMaxAtomBytes(1 << 14)
        .withInitialHashCapacity(16)
        .withInitialDataBytes(0);

    /** How many uncommitted terms the oracle looks up (each must be absent). */
    private static final int UNCOMMITTED_SAMPLE = 64;

    private CrashImages() {
    }

    /** The seed of a test: {@code -Dcrash.seed=...} to replay one, else a new random one (printed). */
    static long seed(String test) {
        Long fixed = Long.getLong("crash.seed");
        long seed = fixed != null ? fixed : new Random().nextLong();
        System.out.println(test + ": seed=" + seed + " (replay with -Dcrash.seed=" + seed + ")");
        return seed;
    }

    // ------------------------------------------------------------------------------------------------ files

    /** Copies the regular files of {@code store} except {@code LOCK} into {@code image} (created). */
    static Path copyStore(Path store, Path image) throws IOException {
        Files.createDirectories(image);
        for (Path file : storeFiles(store)) {
            Files.copy(file, image.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
        return image;
    }

    /** The contents of the regular files of {@code store} except {@code LOCK}, by name. */
    static Map<String, byte[]> snapshot(Path store) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (Path file : storeFiles(store)) {
            files.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        return files;
    }

    /** Writes {@code files} as the only files of the new directory {@code image}. */
    static Path writeImage(Map<String, byte[]> files, Path image) throws IOException {
        Files.createDirectories(image);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (file.getValue() != null) {
                Files.write(image.resolve(file.getKey()), file.getValue());
            }
        }
        return image;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<Path> storeFiles(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(Files::isRegularFile)
                .filter(f -> !f.getFileName().toString().equals(DirectoryLock.FILE_NAME))
                .sorted()
                .toList();
        }
    }

    /** Whether {@code name} is an index a rehash or a rebuild built and no commit has renamed into place yet. */
    static boolean isPendingIndex(String name) {
        return PENDING_INDEX.matcher(name).matches();
    }

    static List<String> tempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).sorted().toList();
        }
    }

    // ------------------------------------------------------------------------------------------------ page mixes

    /**
     * A power-loss image between snapshot {@code a} (as of the last commit) and {@code b} (later, uncommitted):
     * the manifest is A's (and must equal B's, as B was not committed); each file named in {@code wholeFiles}
     * (replaced by rename, so never torn) is wholly A's or wholly B's; every other file is a page mix.
     */
    static Map<String, byte[]> pageMix(Map<String, byte[]> a, Map<String, byte[]> b, Random rnd,
        Set<String> wholeFiles) {
        assertTrue(a.containsKey(MANIFEST), "snapshot A has no manifest");
        assertArrayEquals(a.get(MANIFEST), b.get(MANIFEST),
            "snapshot B must have A's manifest: B was taken before any later commit");
        Set<String> names = new java.util.TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        Map<String, byte[]> mix = new TreeMap<>();
        for (String name : names) {
            byte[] fromA = a.get(name);
            byte[] fromB = b.get(name);
            byte[] content;
            if (name.equals(MANIFEST)) {
                content = fromA;
            } else if (wholeFiles.contains(name) || fromA == null || fromB == null) {
                content = rnd.nextBoolean() ? fromA : fromB;
            } else {
                content = pageMixFile(fromA, fromB, rnd);
            }
            if (content != null) {
                mix.put(name, content);
            }
        }
        return mix;
    }

    /**
     * A file whose length is A's or B's (at random) and whose every 4 KiB page is A's or B's. Each file picks its
     * own bias towards B (never, rarely, evenly, mostly, always). A page that only B covers is B's, or zeros (space
     * allocated but its mapped writes never written back); a page only A covers is A's; beyond both, zeros.
     */
    static byte[] pageMixFile(byte[] a, byte[] b, Random rnd) {
        double[] biases = {0, 0.1, 0.5, 0.9, 1};
        double towardsB = biases[rnd.nextInt(biases.length)];
        int length = rnd.nextBoolean() ? a.length : b.length;
        byte[] out = new byte[length];
        for (int start = 0; start < length; start += PAGE_BYTES) {
            boolean inA = start < a.length;
            boolean inB = start < b.length;
            byte[] source;
            if (inA && inB) {
                source = rnd.nextDouble() < towardsB ? b : a;
            } else if (inA) {
                source = a;
            } else if (inB) {
                source = rnd.nextInt(4) == 0 ? null : b;
            } else {
                source = null;
            }
            if (source != null) {
                int end = Math.min(Math.min(start + PAGE_BYTES, length), source.length);
                System.arraycopy(source, start, out, start, end - start);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ oracle

    static List<String> assertOpensToExactly(Path image, List<byte[]> committedTerms, List<byte[]> uncommittedTerms,
        String context) {
        return assertOpensToExactly(image, OPTIONS, committedTerms, uncommittedTerms, context);
    }

    /**
     * Opens {@code image} and checks that it holds exactly {@code committedTerms} (term i as atom i + 1), that no
     * uncommitted term is visible, that verify() passes and no temp file is left but the store's own pending index
     * (after a rebuild); then that new atoms continue the ids densely, survive a commit, a close and a reopen, after
     * which no temp file is left at all.
     *
     * @param uncommittedTerms terms interned after the last commit (all absent from the committed ones)
     * @param context          printed in every failure: seed and which image
     * @return the temp files in the image right after the first open (none, or the pending index of a rebuild)
     */
    static List<String> assertOpensToExactly(Path image, AtomStoreOptions options, List<byte[]> committedTerms,
        List<byte[]> uncommittedTerms, String context) {
        try {
            return checkImage(image, options, committedTerms, uncommittedTerms, context + " [image " + image + "]");
        } catch (IOException e) {
            throw new AssertionError(context + " [image " + image + "]: " + e, e);
        }
    }

    private static List<String> checkImage(Path image, AtomStoreOptions options, List<byte[]> committed,
        List<byte[]> uncommitted, String where) throws IOException {
        Set<ByteBuffer> committedSet = new HashSet<>();
        for (byte[] t : committed) {
            committedSet.add(ByteBuffer.wrap(t));
        }
        List<byte[]> absent = sample(uncommitted, UNCOMMITTED_SAMPLE);
        for (byte[] t : absent) {
            assertTrue(!committedSet.contains(ByteBuffer.wrap(t)), () -> where + ": test bug: an 'uncommitted' term"
                + " is also committed");
        }
        int n = committed.size();
        List<byte[]> added = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            added.add(oracleTerm(k, 8 + k));
        }
        added.add(oracleTerm(3, 10_000));
        if (!uncommitted.isEmpty()) {
            added.add(uncommitted.get(uncommitted.size() / 2));
        }
        added.add(oracleTerm(4, 0));

        List<String> tempAfterOpen;
        try (AtomStore store = open(image, options, where, "first open")) {
            tempAfterOpen = tempFiles(image);
            if (!(tempAfterOpen.isEmpty() || tempAfterOpen.size() == 1 && isPendingIndex(tempAfterOpen.get(0)))) {
                fail(where + ": temp files left after open: " + tempAfterOpen);
            }
            assertEquals(n, store.size(), () -> where + ": size() after open");
            assertEquals(n, store.committedSize(), () -> where + ": committedSize() after open");
            assertHolds(store, committed, where + ", first open");
            for (byte[] t : absent) {
                assertEquals(AtomStore.NO_ATOM, store.lookup(t),
                    () -> where + ": an uncommitted term of " + t.length + " bytes is visible after open");
            }
            verify(store, where + ": verify() after open");

            long expected = n + 1;
            for (byte[] t : added) {
                assertEquals(AtomStore.NO_ATOM, store.lookup(t), () -> where + ": a new term is already present");
                long id = store.intern(t);
                assertEquals(expected, id, where + ": ids must continue densely after the last commit (" + n + ")");
                expected++;
            }
            for (int i = 0; i < added.size(); i++) {
                long id = n + 1L + i;
                assertEquals(id, store.lookup(added.get(i)), where + ": lookup of new atom " + id);
                assertArrayEquals(added.get(i), store.resolve(id), where + ": resolve of new atom " + id);
            }
            if (n > 0) {
                Random rnd = new Random(n);
                for (int k = 0; k < 8; k++) {
                    int i = rnd.nextInt(n);
                    assertEquals(i + 1L, store.intern(committed.get(i)),
                        where + ": re-interning committed atom " + (i + 1) + " gave another id");
                }
            }
            assertEquals(n + added.size(), store.size(), () -> where + ": size() after new interns");
            verify(store, where + ": verify() after new interns");
            store.commit();
        }

        assertEquals(List.of(), tempFiles(image), () -> where + ": temp files left after a commit and close");
        List<byte[]> all = new ArrayList<>(committed);
        all.addAll(added);
        try (AtomStore store = open(image, options, where, "reopen")) {
            assertEquals(all.size(), store.size(), () -> where + ": size() after reopen");
            assertEquals(all.size(), store.committedSize(), () -> where + ": committedSize() after reopen");
            assertHolds(store, all, where + ", reopen");
            Set<ByteBuffer> addedSet = new HashSet<>();
            for (byte[] t : added) {
                addedSet.add(ByteBuffer.wrap(t));
            }
            for (byte[] t : absent) {
                if (!addedSet.contains(ByteBuffer.wrap(t))) {
                    assertEquals(AtomStore.NO_ATOM, store.lookup(t),
                        () -> where + ": an uncommitted term is visible after reopen");
                }
            }
            verify(store, where + ": verify() after reopen");
            assertEquals(List.of(), tempFiles(image), () -> where + ": temp files after reopen");
        }
        return tempAfterOpen;
    }

    private static AtomStore open(Path image, AtomStoreOptions options, String where, String which) {
        try {
            return AtomStore.open(image, options);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(where + ": " + which + " failed: " + e, e);
        }
    }

    private static void verify(AtomStore store, String what) {
        try {
            store.verify();
        } catch (IOException e) {
            fail(what + ": " + e.getMessage(), e);
        }
    }

    /** Every term resolves to its bytes and is found under its own id. */
    static void assertHolds(AtomStore store, List<byte[]> terms, String where) {
        for (int i = 0; i < terms.size(); i++) {
            long id = i + 1L;
            byte[] term = terms.get(i);
            byte[] resolved = store.resolve(id);
            if (!Arrays.equals(term, resolved)) {
                fail(where + ": atom " + id + " resolves to " + resolved.length + " bytes that differ from its "
                    + term.length + "-byte term");
            }
            long found = store.lookup(term);
            if (found != id) {
                fail(where + ": lookup of atom " + id + "'s term (" + term.length + " bytes) gave " + found);
            }
        }
    }

    /** A term no workload makes: starts with 0xFF 0xFF. */
    static byte[] oracleTerm(int k, int length) {
        byte[] prefix = ("\u00ff\u00fforacle-" + k + "-").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] term = Arrays.copyOf(prefix, Math.max(prefix.length, length));
        for (int i = prefix.length; i < term.length; i++) {
            term[i] = (byte) ('A' + (i * 7 + k) % 26);
        }
        return term;
    }

    private static List<byte[]> sample(List<byte[]> terms, int max) {
        if (terms.size() <= max) {
            return terms;
        }
        List<byte[]> out = new ArrayList<>(max);
        // First, last and an even spread between them.
        for (int k = 0; k < max; k++) {
            out.add(terms.get((int) ((long) k * (terms.size() - 1) / (max - 1))));
        }
        return out;
    }

    /** The manifest bytes of a store directory, or null if it has none. */
    static byte[] manifestBytes(Path dir) {
        try {
            Path file = dir.resolve(MANIFEST);
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
