package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.storage.DirectoryLock;

/**
 * Crash images of a whole quad store, atoms and quads together, each of which must open to exactly the last
 * commit.
 *
 * <ul>
 * <li>Process crashes: a copy of the store's files before and after every force, rename, directory force and
 * delete of a random workload of logged commits, spilled commits, checkpoints, rollbacks and compactions. An image
 * taken inside {@code commit()} opens to the commit before or to this one; any other image to the last commit.
 * <li>Power losses: 4 KiB page-by-page mixes of the files after commit k and the files just before commit k+1
 * (new files present or not, cut at a page): each opens to commit k.
 * </ul>
 * Replay with -Dcrash.seed=N.
 */
class QuadStoreCrashImageTest {

    @TempDir
    Path dir;

    private static final int PAGE_BYTES = 4096;

    private static QuadStoreOptions options(ImageTakingIo io) {
        QuadStoreOptions options = QuadStoreOptions.defaults().withTxnBufferMaxQuads(16).withMemtableMaxQuads(48)
            .withAutoCompaction(false).withBlockBytes(256)
            .withAtomStoreOptions(AtomStoreOptions.defaults().withChunkSizeBytes(1 << 16).withMaxAtomBytes(1 << 14)
                .withInitialHashCapacity(16).withInitialDataBytes(0));
        return io == null ? options : options.withStorageIo(io);
    }

    private static long seed(String test) {
        Long fixed = Long.getLong("crash.seed");
        long seed = fixed != null ? fixed : new Random().nextLong();
        System.out.println(test + ": seed=" + seed + " (replay with -Dcrash.seed=" + seed + ")");
        return seed;
    }

    private static Quad randomQuad(Random random) {
        return new Quad(random.nextInt(4) == 0 ? DefaultGraph.INSTANCE : new Iri("http://g/" + random.nextInt(3)),
            new Iri("http://s/" + random.nextInt(40)), new Iri("http://p/" + random.nextInt(3)),
            random.nextBoolean() ? Literal.of("v" + random.nextInt(50)) : new Iri("http://o/" + random.nextInt(30)));
    }

    /** Runs random operations on {@code txn} and the model; returns the model after them. */
    private static Set<Quad> randomOps(WriteTxn txn, Set<Quad> committed, Random random, int ops) throws IOException {
        Set<Quad> working = new HashSet<>(committed);
        for (int i = 0; i < ops; i++) {
            Quad quad = randomQuad(random);
            if (random.nextInt(4) == 0) {
                txn.remove(quad);
                working.remove(quad);
            } else {
                txn.add(quad);
                working.add(quad);
            }
        }
        return working;
    }

    /** Interpreted by the image hook: which commits an image taken now may show. */
    private static final class Phase {
        volatile int committed;
        volatile boolean committing;
    }

    private record Image(Path directory, int earliest, int latest, String call) {
    }

    @Test
    void processCrashImagesOpenToTheLastCommitOrTheOneInProgress() throws IOException {
        long seed = seed("processCrashImages");
        Random random = new Random(seed);
        ImageTakingIo io = new ImageTakingIo();
        Path store = dir.resolve("store");
        Path images = dir.resolve("images");
        List<Set<Quad>> states = new ArrayList<>();
        states.add(Set.of());
        List<Image> taken = new ArrayList<>();
        Phase phase = new Phase();
        io.hook((call, after) -> {
            Path image = copyStore(store, images.resolve(Integer.toString(taken.size())));
            taken.add(new Image(image, phase.committed, phase.committed + (phase.committing ? 1 : 0),
                (after ? "after " : "before ") + call));
        });
        try (QuadStore quads = QuadStore.open(store, options(io))) {
            for (int step = 0; step < 16; step++) {
                int kind = random.nextInt(10);
                if (kind == 9) {
                    quads.compact();
                    continue;
                }
                try (WriteTxn txn = quads.beginWrite()) {
                    int ops = kind < 5 ? 1 + random.nextInt(12) : 20 + random.nextInt(40); // large ones spill
                    Set<Quad> working = randomOps(txn, states.get(states.size() - 1), random, ops);
                    if (kind == 8) {
                        continue; // rolled back by close
                    }
                    phase.committing = true;
                    txn.commit();
                    states.add(Set.copyOf(working));
                    phase.committed = states.size() - 1;
                    phase.committing = false;
                }
            }
            io.hook(null);
        }
        int newer = 0;
        for (Image image : taken) {
            int found = openAndFind(image.directory(), states, image.earliest(), image.latest(),
                "seed " + seed + ", image " + image.directory().getFileName() + " " + image.call());
            if (found > image.earliest()) {
                newer++;
            }
            deleteTree(image.directory());
        }
        System.out.println("processCrashImages: " + taken.size() + " images, " + newer
            + " taken inside a commit already show it");
        assertTrue(taken.size() > 50, "enough images: " + taken.size());
        assertTrue(newer > 0, "some images inside commits must already show them");
    }

    @Test
    void powerLossPageMixesOfCommittedAndLaterStateOpenToTheLastCommit() throws IOException {
        long seed = seed("powerLossPageMixes");
        Random random = new Random(seed);
        Path store = dir.resolve("store");
        List<Set<Quad>> states = new ArrayList<>();
        states.add(Set.of());
        int mixes = 0;
        try (QuadStore quads = QuadStore.open(store, options(null))) {
            for (int step = 0; step < 12; step++) {
                Map<String, byte[]> committed = snapshot(store);
                try (WriteTxn txn = quads.beginWrite()) {
                    int ops = random.nextBoolean() ? 1 + random.nextInt(12) : 20 + random.nextInt(40);
                    Set<Quad> working = randomOps(txn, states.get(states.size() - 1), random, ops);
                    Map<String, byte[]> later = snapshot(store);
                    for (int m = 0; m < 6; m++) {
                        Path image = writeImage(mix(committed, later, random), dir.resolve("mix-" + step + "-" + m));
                        openAndFind(image, states, states.size() - 1, states.size() - 1,
                            "seed " + seed + ", step " + step + ", mix " + m);
                        deleteTree(image);
                        mixes++;
                    }
                    txn.commit();
                    states.add(Set.copyOf(working));
                }
            }
        }
        System.out.println("powerLossPageMixes: " + mixes + " mixes");
    }

    /** Opens {@code image}, checks it and returns which state it holds; fails unless within [earliest, latest]. */
    private static int openAndFind(Path image, List<Set<Quad>> states, int earliest, int latest, String where)
        throws IOException {
        Set<Quad> found;
        long counted;
        try (QuadStore quads = QuadStore.open(image, options(null)); ReadTxn read = quads.beginRead();
            Stream<Quad> all = read.match(null, null, null, null)) {
            found = all.collect(Collectors.toSet());
            counted = quads.stats().quads();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(where + ": does not open: " + e, e);
        }
        for (int k = latest; k >= earliest; k--) {
            if (states.get(k).equals(found)) {
                assertEquals(found.size(), counted, where + ": quad count");
                return k;
            }
        }
        fail(where + ": holds " + found.size() + " quads, none of commits " + earliest + ".." + latest);
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ files

    private static Map<String, byte[]> mix(Map<String, byte[]> committed, Map<String, byte[]> later, Random random) {
        Map<String, byte[]> mixed = new TreeMap<>();
        Set<String> names = new TreeSet<>(committed.keySet());
        names.addAll(later.keySet());
        for (String name : names) {
            byte[] before = committed.get(name);
            byte[] after = later.get(name);
            if (name.endsWith(".manifest")) {
                mixed.put(name, before != null ? before : after); // replaced by rename: one version, never a mix
            } else if (before == null) {
                if (random.nextBoolean()) {
                    int pages = (after.length + PAGE_BYTES - 1) / PAGE_BYTES;
                    int keep = Math.min(after.length, random.nextInt(pages + 1) * PAGE_BYTES);
                    mixed.put(name, java.util.Arrays.copyOf(after, keep));
                }
            } else if (after == null) {
                mixed.put(name, before);
            } else {
                byte[] result = new byte[random.nextBoolean() ? before.length : after.length];
                for (int page = 0; page < result.length; page += PAGE_BYTES) {
                    byte[] source = random.nextBoolean() ? before : after;
                    if (source.length < page + 1) {
                        source = source == before ? after : before;
                    }
                    int length = Math.min(PAGE_BYTES, Math.min(result.length, source.length) - page);
                    if (length > 0) {
                        System.arraycopy(source, page, result, page, length);
                    }
                }
                mixed.put(name, result);
            }
        }
        return mixed;
    }

    private static List<Path> storeFiles(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(Files::isRegularFile)
                .filter(f -> !f.getFileName().toString().equals(DirectoryLock.FILE_NAME)).sorted().toList();
        }
    }

    private static Path copyStore(Path store, Path image) throws IOException {
        Files.createDirectories(image);
        for (Path file : storeFiles(store)) {
            Files.write(image.resolve(file.getFileName().toString()), Files.readAllBytes(file));
        }
        return image;
    }

    private static Map<String, byte[]> snapshot(Path store) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (Path file : storeFiles(store)) {
            files.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        return files;
    }

    private static Path writeImage(Map<String, byte[]> files, Path image) throws IOException {
        Files.createDirectories(image);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(image.resolve(file.getKey()), file.getValue());
        }
        return image;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
