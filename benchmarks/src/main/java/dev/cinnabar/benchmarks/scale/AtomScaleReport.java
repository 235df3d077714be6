package dev.cinnabar.benchmarks.scale;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.atomstore.AtomStoreStats;
import dev.cinnabar.benchmarks.quads.StoreFiles;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * The atom scale report (issue 14): interns distinct terms of realistic, varied lengths ({@link AtomScaleTerms})
 * into a fresh {@link AtomStore} with real writes until its atom data passes {@code --target-gib} (4.5 by
 * default, past the 2 GiB of one mapping and the 4 GiB of a 32-bit offset), committing every
 * {@code --commit-mib}. It prints the rate over time and the moments the data passes 2 GiB and 4 GiB, then closes,
 * reopens and checks: for every {@code --every}-th id, every id within {@code --window} of each chunk boundary and
 * of the 2 GiB and 4 GiB offsets, and every id of the last {@code --check-all-mib} of data, that
 * {@code resolve(id)} gives the bytes the generator makes for that id, {@code lookup} of those bytes gives the id,
 * and {@code atoms.offsets} holds the offset the ADR-002 placement rule gives ({@link AtomLayout}). Then it runs
 * {@link AtomStore#verify()}, prints the file sizes, bytes per atom, heap and peak resident memory, and deletes
 * the work directory unless {@code --keep}. Exit status 1 on any mismatch (the first ones named by id), 2 on bad
 * arguments.
 */
public final class AtomScaleReport {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final long[] MILESTONES = {2 * GIB, 4 * GIB};
    /** Mismatches printed in full; the rest are counted. */
    private static final int MAX_REPORTED = 20;
    private static final String USAGE = "usage: AtomScaleReport [--target-gib 4.5] [--work-dir bench-work/atom-scale]"
        + " [--chunk-bytes 1073741824] [--commit-mib 1024] [--every 64] [--window 16] [--check-all-mib 1024]"
        + " [--sample-seconds 10] [--seed 14] [--keep]";

    /** What to run; {@link #parse} reads it from the command line. */
    record Options(Path workDir, double targetGib, int chunkBytes, long commitBytes, int every, int window,
        long checkAllBytes, long sampleNanos, long seed, boolean keep) {

        static Options defaults() {
            return new Options(Paths.get("bench-work", "atom-scale"), 4.5, AtomStoreOptions.DEFAULT_CHUNK_SIZE_BYTES,
                GIB, 64, 16, GIB, 10_000_000_000L, 14, false);
        }

        long targetBytes() {
            return (long) (targetGib * GIB);
        }
    }

    private AtomScaleReport() {
    }

    public static void main(String[] argv) throws IOException {
        Locale.setDefault(Locale.ROOT);
        Options options;
        try {
            options = parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options, new AtomScaleTerms(options.seed())::term, System.out));
    }

    /** The options of {@code argv}; an unknown or malformed argument is an {@link IllegalArgumentException}. */
    static Options parse(String[] argv) {
        Options d = Options.defaults();
        Path workDir = d.workDir;
        double targetGib = d.targetGib;
        int chunkBytes = d.chunkBytes;
        long commitBytes = d.commitBytes;
        int every = d.every;
        int window = d.window;
        long checkAllBytes = d.checkAllBytes;
        long sampleNanos = d.sampleNanos;
        long seed = d.seed;
        boolean keep = d.keep;
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i];
            if (name.equals("--keep")) {
                keep = true;
                continue;
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = argv[++i];
            try {
                switch (name) {
                    case "--work-dir" -> workDir = Paths.get(value);
                    case "--target-gib" -> targetGib = Double.parseDouble(value);
                    case "--chunk-bytes" -> chunkBytes = Integer.parseInt(value);
                    case "--commit-mib" -> commitBytes = Long.parseLong(value) * MIB;
                    case "--every" -> every = Integer.parseInt(value);
                    case "--window" -> window = Integer.parseInt(value);
                    case "--check-all-mib" -> checkAllBytes = Long.parseLong(value) * MIB;
                    case "--sample-seconds" -> sampleNanos = (long) (Double.parseDouble(value) * 1e9);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown argument " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            }
        }
        Options o = new Options(workDir, targetGib, chunkBytes, commitBytes, every, window, checkAllBytes,
            sampleNanos, seed, keep);
        if (!(o.targetGib > 0) || o.commitBytes <= 0 || o.every <= 0 || o.window < 0 || o.checkAllBytes < 0
            || o.sampleNanos <= 0) {
            throw new IllegalArgumentException("--target-gib, --commit-mib, --every and --sample-seconds must be "
                + "positive, --window and --check-all-mib not negative");
        }
        // The same range AtomStoreOptions accepts, checked here so that a bad value is a usage error.
        AtomStoreOptions.defaults().withChunkSizeBytes(o.chunkBytes);
        return o;
    }

    /**
     * Runs the report with {@code expected} as the terms the check compares the store with (the generator's own
     * terms, or in a test a deliberately wrong one). Returns the exit status: 0 if every check passed, 1 if not.
     */
    static int run(Options options, LongFunction<byte[]> expected, PrintStream out) throws IOException {
        out.printf("AtomScaleReport: atom data to %.2f GiB in %s, %,d-byte chunks, commit every %,d MiB; "
                + "max heap %,d MiB; %d cores; JDK %s%n", options.targetGib, options.workDir, options.chunkBytes,
            options.commitBytes / MIB, Runtime.getRuntime().maxMemory() >> 20,
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Path storeDir = options.workDir.resolve("store");
        StoreFiles.deleteRecursively(storeDir);
        AtomStoreOptions storeOptions = AtomStoreOptions.defaults().withChunkSizeBytes(options.chunkBytes)
            .withMaxAtomBytes(Math.min(AtomStoreOptions.DEFAULT_MAX_ATOM_BYTES, options.chunkBytes - 8));
        Checks checks = new Checks(out);
        try {
            Loaded loaded = load(options, storeDir, storeOptions, checks);
            if (!checks.failed()) {
                reopenAndCheck(options, storeDir, storeOptions, loaded, expected, checks);
            }
        } finally {
            if (!options.keep) {
                StoreFiles.deleteRecursively(options.workDir);
            }
        }
        return checks.finish();
    }

    private static void reopenAndCheck(Options options, Path storeDir, AtomStoreOptions storeOptions,
        Loaded loaded, LongFunction<byte[]> expected, Checks checks) throws IOException {
        PrintStream out = checks.out;
        long opened = System.nanoTime();
        try (AtomStore store = AtomStore.open(storeDir, storeOptions)) {
            out.printf("reopen: %.3f s, %,d atoms committed%n", seconds(opened), store.committedSize());
            if (store.size() != loaded.atoms) {
                checks.fail("reopened store holds " + store.size() + " atoms, " + loaded.atoms + " were committed");
            } else {
                check(store, storeDir, options, loaded, expected, checks);
            }
            long verifying = System.nanoTime();
            try {
                store.verify();
                out.printf("verify: %.1f s, no problem%n", seconds(verifying));
            } catch (CorruptStoreException e) {
                checks.fail("verify: " + seconds(verifying) + " s: " + e.getMessage());
            }
            long statsStart = System.nanoTime();
            AtomStoreStats stats = store.stats();
            out.printf("stats: %.1f s%n", seconds(statsStart));
            printSizes(out, stats, loaded);
            if (stats.dataBytes() != loaded.layout.end() || stats.termBytes() != loaded.termBytes) {
                checks.fail("stats: " + stats.dataBytes() + " data bytes and " + stats.termBytes()
                    + " term bytes, the placement rule gives " + loaded.layout.end() + " and " + loaded.termBytes);
            }
        }
    }

    /** What the load left: the atoms, where each record starts, and the ids the check must look at. */
    private record Loaded(long atoms, long[] starts, AtomLayout layout, long termBytes, BitSet marked) {
    }

    private static Loaded load(Options options, Path storeDir, AtomStoreOptions storeOptions, Checks checks)
        throws IOException {
        PrintStream out = checks.out;
        AtomScaleTerms terms = new AtomScaleTerms(options.seed);
        AtomLayout layout = new AtomLayout(options.chunkBytes);
        long target = options.targetBytes();
        long[] starts = new long[1 << 16];
        BitSet marked = new BitSet();
        long termBytes = 0;
        long nextBoundary = options.chunkBytes;
        int milestone = 0;
        long nextCommit = options.commitBytes;
        long commitNanos = 0;
        int commits = 0;
        long start = System.nanoTime();
        long nextSample = start + options.sampleNanos;
        long lastSampleNanos = start;
        long lastSampleAtoms = 0;
        long lastSampleBytes = 0;
        long id = 0;
        try (AtomStore store = AtomStore.open(storeDir, storeOptions)) {
            while (layout.end() < target) {
                byte[] term = terms.term(id);
                long assigned = store.intern(term);
                id++;
                if (assigned != id) {
                    checks.fail("term " + (id - 1) + " was interned as atom " + assigned + ", expected a new atom "
                        + id + " (terms not distinct, or the store not fresh)");
                    return new Loaded(id, starts, layout, termBytes, marked);
                }
                if (id > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("more atoms than this report can track: lower --target-gib");
                }
                if (id > starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[(int) (id - 1)] = layout.place(term.length);
                termBytes += term.length;
                long end = layout.end();
                // The records on either side of a chunk boundary, and those that reach past 2 and 4 GiB.
                while (end > nextBoundary) {
                    mark(marked, id, options.window);
                    nextBoundary += options.chunkBytes;
                }
                while (milestone < MILESTONES.length && end > MILESTONES[milestone]) {
                    mark(marked, id, options.window);
                    out.printf("passed %d GiB at %.1f s: atom %,d at offset %,d (%,d bytes)%n",
                        MILESTONES[milestone] / GIB, seconds(start), id, starts[(int) (id - 1)], term.length);
                    milestone++;
                }
                if (end >= nextCommit) {
                    long committing = System.nanoTime();
                    store.commit();
                    commitNanos += System.nanoTime() - committing;
                    commits++;
                    nextCommit = end + options.commitBytes;
                }
                if ((id & 1023) == 0) {
                    long now = System.nanoTime();
                    if (now >= nextSample) {
                        double interval = (now - lastSampleNanos) / 1e9;
                        out.printf("  %.0f s: %,d atoms, %.2f GiB; %,.0f atoms/s, %,.1f MB/s%n", (now - start) / 1e9,
                            id, (double) end / GIB, (id - lastSampleAtoms) / interval,
                            (end - lastSampleBytes) / interval / 1e6);
                        lastSampleNanos = now;
                        lastSampleAtoms = id;
                        lastSampleBytes = end;
                        nextSample = now + options.sampleNanos;
                    }
                }
            }
            long committing = System.nanoTime();
            store.commit();
            commitNanos += System.nanoTime() - committing;
            commits++;
            double loadSeconds = seconds(start);
            out.printf("interned %,d atoms, %,d bytes of atom data (%,d of terms) in %.1f s: %,.0f atoms/s, "
                    + "%,.1f MB/s; %d commits, %.1f s in all%n", id, layout.end(), termBytes, loadSeconds,
                id / loadSeconds, layout.end() / loadSeconds / 1e6, commits, commitNanos / 1e9);
            long closing = System.nanoTime();
            store.close();
            out.printf("close: %.3f s%n", seconds(closing));
        }
        return new Loaded(id, starts, layout, termBytes, marked);
    }

    private static void mark(BitSet marked, long id, int window) {
        marked.set((int) Math.max(1, id - window), (int) (id + window + 1));
    }

    /** Checks the marked ids, every {@code every}-th id and every id of the last {@code checkAllBytes} of data. */
    private static void check(AtomStore store, Path storeDir, Options options, Loaded loaded,
        LongFunction<byte[]> expected, Checks checks) throws IOException {
        long checking = System.nanoTime();
        int atoms = (int) loaded.atoms;
        // The first atom whose record starts in the last checkAllBytes of the data.
        int tailFrom = Arrays.binarySearch(loaded.starts, 0, atoms, loaded.layout.end() - options.checkAllBytes);
        tailFrom = (tailFrom >= 0 ? tailFrom : -tailFrom - 1) + 1;
        BitSet ids = (BitSet) loaded.marked.clone();
        ids.clear(atoms + 1, Math.max(atoms + 1, ids.length()));
        for (int id = 1; id <= atoms; id += options.every) {
            ids.set(id);
        }
        ids.set(tailFrom, atoms + 1);
        long past2 = 0;
        long past4 = 0;
        ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        // atoms.offsets read as a plain file (ADR-002: atom id's 8-byte offset at (id - 1) * 8), not through the
        // store, so that the offsets the store wrote are held against the placement rule.
        try (FileChannel offsets = FileChannel.open(storeDir.resolve("atoms.offsets"), StandardOpenOption.READ)) {
            for (int id = ids.nextSetBit(1); id >= 0; id = ids.nextSetBit(id + 1)) {
                long offset = loaded.starts[id - 1];
                past2 += offset >= 2 * GIB ? 1 : 0;
                past4 += offset >= 4 * GIB ? 1 : 0;
                byte[] want = expected.apply(id - 1);
                byte[] got = store.resolve(id);
                if (!Arrays.equals(want, got)) {
                    checks.fail("atom " + id + " at offset " + offset + ": resolve gave " + got.length + " bytes, "
                        + (got.length == want.length ? "" : "expected " + want.length + ", ")
                        + "first difference at byte " + Arrays.mismatch(want, got));
                }
                long found = store.lookup(want);
                if (found != id) {
                    checks.fail("atom " + id + " at offset " + offset + ": lookup of its term gave " + found);
                }
                entry.clear();
                while (entry.hasRemaining() && offsets.read(entry, (id - 1) * 8L + entry.position()) >= 0) {
                    // a positional read may return fewer bytes than asked for
                }
                long stored = entry.hasRemaining() ? -1 : entry.getLong(0);
                if (stored != offset) {
                    checks.fail("atom " + id + ": atoms.offsets says " + stored + ", the placement rule " + offset);
                }
            }
        }
        // The generator's next terms were never interned: lookup must not find them.
        for (long index = atoms; index < atoms + 2; index++) {
            long found = store.lookup(expected.apply(index));
            if (found != AtomStore.NO_ATOM) {
                checks.fail("term " + index + " was never interned but lookup gave atom " + found);
            }
        }
        checks.out.printf("checked %,d of %,d atoms in %.1f s (every %d-th, %d on either side of each of %,d chunk "
                + "boundaries and of 2 and 4 GiB, all %,d from atom %,d in the last %,d MiB): %,d at offsets past "
                + "2 GiB, %,d past 4 GiB%n", ids.cardinality(), loaded.atoms, seconds(checking), options.every,
            options.window, loaded.layout.end() / options.chunkBytes, atoms - tailFrom + 1, tailFrom,
            options.checkAllBytes / MIB, past2, past4);
    }

    private static void printSizes(PrintStream out, AtomStoreStats stats, Loaded loaded) {
        out.printf("files: atoms.data %,d bytes (%,d in use, %,d of terms), atoms.offsets %,d, atoms.hash %,d "
                + "(%,d slots, load factor %.3f); %,d in all%n", stats.dataFileBytes(), stats.dataBytes(),
            stats.termBytes(), stats.offsetsFileBytes(), stats.hashFileBytes(), stats.hashCapacity(),
            stats.loadFactor(), stats.fileBytes());
        out.printf("per atom: %.1f term bytes, %.2f bytes overhead in use, %.1f bytes of files in all; "
                + "mean probe %.3f, longest %d%n", (double) stats.termBytes() / loaded.atoms,
            stats.overheadBytesPerAtom(), (double) stats.fileBytes() / loaded.atoms, stats.meanProbe(),
            stats.longestProbe());
        out.printf("heap used %,d MiB; peak RSS %,d MiB (VmHWM, mapped pages included)%n",
            ScaleReport.usedHeap() >> 20, ScaleReport.peakRssKib() >> 10);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The failures found so far: the first {@value #MAX_REPORTED} printed, the rest counted. */
    private static final class Checks {
        private final PrintStream out;
        private final List<String> first = new ArrayList<>();
        private long count;

        Checks(PrintStream out) {
            this.out = out;
        }

        void fail(String problem) {
            if (count++ < MAX_REPORTED) {
                first.add(problem);
                out.println("MISMATCH " + problem);
            }
        }

        boolean failed() {
            return count > 0;
        }

        int finish() {
            if (count == 0) {
                out.println("check: all as expected");
                return 0;
            }
            out.printf("check: FAILED, %,d problems, the first: %s%n", count, first.get(0));
            return 1;
        }
    }
}
