package dev.cinnabar.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.atomstore.AtomStoreStats;

/**
 * Hash-index quality and space of an {@link AtomStore} at scale (a plain main, not JMH).
 *
 * <p>Interns every term occurrence of lubm1, lubm10, lubm100 and bsbm-1m, streamed, into one fresh store with
 * default options (the store itself is the distinct filter: a term is new when its id is the next one). If that
 * gives fewer than the target atoms (default 10,000,000; system property {@value #TARGET_PROPERTY}), it goes on with
 * derived terms: every real IRI atom, in id order, with a suffix {@code #v2} (or {@code _v2} when the IRI already has
 * a {@code #}), then {@code #v3}, ... until exactly the target. The derived terms keep the real terms' long shared
 * prefixes. Then it prints {@link AtomStore#stats()}, bytes per atom and intern throughput. The store lives in a temp
 * dir under {@code java.io.tmpdir}, deleted at the end.
 *
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -Xmx8g \
 *     -cp benchmarks/target/benchmarks.jar dev.cinnabar.benchmarks.ProbeStatsReport
 * </pre>
 */
public final class ProbeStatsReport {

    /** System property: the number of atoms to reach. */
    public static final String TARGET_PROPERTY = "cinnabar.probe.targetAtoms";
    /** Default number of atoms to reach. */
    public static final long DEFAULT_TARGET_ATOMS = 10_000_000L;
    static final List<String> DATASETS = List.of("lubm1", "lubm10", "lubm100", "bsbm-1m");

    private ProbeStatsReport() {
    }

    /** Thrown from the term sink once the target is reached, to stop reading. */
    private static final class TargetReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TargetReached() {
            super(null, null, false, false);
        }
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        long target = Long.getLong(TARGET_PROPERTY, DEFAULT_TARGET_ATOMS);
        if (target < 1) {
            throw new IllegalArgumentException(TARGET_PROPERTY + " must be positive: " + target);
        }
        List<Path> files = DATASETS.stream().map(SharedData::dataset).toList(); // fail before any work if absent
        Path tempDir = Dirs.createTemp("cinnabar-probe-");
        Path storeDir = tempDir.resolve("store");
        try {
            run(target, files, storeDir);
        } finally {
            Dirs.deleteRecursively(tempDir);
        }
    }

    private static void run(long target, List<Path> files, Path storeDir) throws IOException {
        System.out.printf("ProbeStatsReport: target %,d atoms; store %s (default options); max heap %,d MiB%n%n",
            target, storeDir, Runtime.getRuntime().maxMemory() >> 20);
        try (AtomStore store = AtomStore.open(storeDir)) {
            long runStart = System.nanoTime();

            // ---- real terms
            System.out.println("Real data (every term occurrence interned; new = first occurrence in the store):");
            long[] occurrences = {0};
            long realStart = System.nanoTime();
            boolean reached = store.size() >= target;
            for (Path file : files) {
                if (reached) {
                    System.out.printf("  %-16s skipped: target reached%n", file.getFileName());
                    continue;
                }
                long before = store.size();
                long occurrencesBefore = occurrences[0];
                long fileStart = System.nanoTime();
                long triples;
                try {
                    triples = TermCorpus.forEachTerm(file, (buf, offset, length) -> {
                        occurrences[0]++;
                        long id = store.intern(buf, offset, length);
                        if (id == target) {
                            throw new TargetReached();
                        }
                    });
                } catch (TargetReached stop) {
                    reached = true;
                    triples = -1;
                }
                double seconds = (System.nanoTime() - fileStart) / 1e9;
                long added = store.size() - before;
                System.out.printf("  %-16s %18s %,14d term occurrences %,12d new atoms  %7.2f s%s%n",
                    file.getFileName(), triples < 0 ? "" : String.format("%,d triples", triples),
                    occurrences[0] - occurrencesBefore, added, seconds,
                    reached ? "  (stopped here: target reached)" : "");
            }
            long realAtoms = store.size();
            double realSeconds = (System.nanoTime() - realStart) / 1e9;

            // ---- derived terms
            long derivedStart = System.nanoTime();
            long derivedCalls = 0;
            int lastSuffix = 1;
            byte[] scratch = new byte[256];
            while (store.size() < target) {
                int suffix = ++lastSuffix;
                long sizeAtRoundStart = store.size();
                for (long id = 1; id <= realAtoms && store.size() < target; id++) {
                    byte[] iri = store.resolve(id);
                    if (iri.length < 2 || iri[0] != '<' || iri[iri.length - 1] != '>') {
                        continue;
                    }
                    byte[] tail = ((hasHash(iri) ? "_v" : "#v") + suffix + ">").getBytes(StandardCharsets.US_ASCII);
                    int length = iri.length - 1 + tail.length;
                    if (scratch.length < length) {
                        scratch = new byte[Math.max(length, scratch.length * 2)];
                    }
                    System.arraycopy(iri, 0, scratch, 0, iri.length - 1);
                    System.arraycopy(tail, 0, scratch, iri.length - 1, tail.length);
                    store.intern(scratch, 0, length);
                    derivedCalls++;
                }
                if (store.size() == sizeAtRoundStart) {
                    throw new IllegalStateException("no IRI atoms to derive terms from: stuck at " + store.size()
                        + " atoms");
                }
            }
            long derivedAtoms = store.size() - realAtoms;
            double derivedSeconds = (System.nanoTime() - derivedStart) / 1e9;
            double internSeconds = (System.nanoTime() - runStart) / 1e9;

            long commitStart = System.nanoTime();
            store.commit();
            double commitSeconds = (System.nanoTime() - commitStart) / 1e9;
            long statsStart = System.nanoTime();
            AtomStoreStats stats = store.stats();
            double statsSeconds = (System.nanoTime() - statsStart) / 1e9;

            long atoms = stats.atoms();
            System.out.printf("%nAtoms%n");
            System.out.printf("  from real data     %,14d  (%,d term occurrences read)%n", realAtoms, occurrences[0]);
            if (derivedAtoms > 0) {
                System.out.printf("  derived            %,14d  (suffixes #v2..#v%d, or _v2.._v%d where the IRI has a"
                    + " '#', on real IRI atoms; %,d intern calls)%n", derivedAtoms, lastSuffix, lastSuffix,
                    derivedCalls);
            } else {
                System.out.printf("  derived            %,14d  (none needed)%n", derivedAtoms);
            }
            System.out.printf("  total              %,14d  (committed %,d)%n", atoms, stats.committedAtoms());

            System.out.printf("%nHash index%n");
            System.out.printf("  capacity           %,14d slots%n", stats.hashCapacity());
            System.out.printf("  load factor        %14.4f%n", stats.loadFactor());
            System.out.printf("  mean probe         %14.4f slots per successful lookup%n", stats.meanProbe());
            System.out.printf("  longest probe      %,14d slots%n", stats.longestProbe());

            System.out.printf("%nSpace%n");
            System.out.printf("  term bytes         %,14d  (%.1f per atom)%n", stats.termBytes(),
                perAtom(stats.termBytes(), atoms));
            System.out.printf("  data bytes in use  %,14d  (%.1f per atom; length prefixes and chunk padding"
                + " included)%n", stats.dataBytes(), perAtom(stats.dataBytes(), atoms));
            System.out.printf("  data file          %,14d  (%.1f per atom)%n", stats.dataFileBytes(),
                perAtom(stats.dataFileBytes(), atoms));
            System.out.printf("  offsets file       %,14d  (%.1f per atom)%n", stats.offsetsFileBytes(),
                perAtom(stats.offsetsFileBytes(), atoms));
            System.out.printf("  hash file          %,14d  (%.1f per atom)%n", stats.hashFileBytes(),
                perAtom(stats.hashFileBytes(), atoms));
            System.out.printf("  all files          %,14d  (%.1f per atom; fileBytes(), manifest included)%n",
                stats.fileBytes(), perAtom(stats.fileBytes(), atoms));
            System.out.printf("  overhead per atom  %14.2f bytes  (overheadBytesPerAtom(): offsets, length"
                + " prefixes, padding, hash index)%n", stats.overheadBytesPerAtom());

            System.out.printf("%nThroughput (wall clock, one thread)%n");
            System.out.printf("  real data phase    %,14.0f new atoms/s  (%,d atoms in %.2f s; includes gunzip,"
                + " tokenizing and %,d intern calls, %,.0f calls/s)%n", realAtoms / realSeconds, realAtoms,
                realSeconds, occurrences[0], occurrences[0] / realSeconds);
            if (derivedAtoms > 0) {
                System.out.printf("  derived phase      %,14.0f new atoms/s  (%,d atoms in %.2f s; includes"
                    + " resolving the base IRI)%n", derivedAtoms / derivedSeconds, derivedAtoms, derivedSeconds);
            }
            System.out.printf("  whole run          %,14.0f atoms/s      (%,d atoms in %.2f s, commit excluded)%n",
                atoms / internSeconds, atoms, internSeconds);
            System.out.printf("  whole run + commit %,14.0f atoms/s      (commit %.2f s)%n",
                atoms / (internSeconds + commitSeconds), commitSeconds);
            System.out.printf("  stats() took       %14.2f s%n", statsSeconds);
        }
        // Reopening recovers: the whole index is scanned to scrub slots above the committed count.
        long openStart = System.nanoTime();
        try (AtomStore reopened = AtomStore.open(storeDir)) {
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            System.out.println("Reopen");
            System.out.printf("  open (recovery scan) %12.2f s  (%,d atoms; page cache warm)%n", openSeconds,
                reopened.size());
        }
    }

    private static boolean hasHash(byte[] iri) {
        for (byte b : iri) {
            if (b == '#') {
                return true;
            }
        }
        return false;
    }

    private static double perAtom(long bytes, long atoms) {
        return atoms == 0 ? 0 : (double) bytes / atoms;
    }
}
