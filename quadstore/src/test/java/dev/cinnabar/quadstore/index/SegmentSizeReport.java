package dev.cinnabar.quadstore.index;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

import dev.cinnabar.storage.StorageIo;

/**
 * Measures a segment's bytes per entry per order, and the time to scan it with and without the block checksums.
 * {@link #main} runs on an N-Triples file (gzipped), e.g. {@code ../shared/data/lubm/lubm10.nt.gz}, with atom ids
 * assigned in parse order (as interning while loading would) and one graph id; without an argument, on
 * {@link #lubmLike synthetic LUBM-like data}. The size test uses the same code.
 */
public final class SegmentSizeReport {

    private SegmentSizeReport() {
    }

    /** Sorts {@code quads} (g, s, p, o, flat) into every order and writes them as a segment. */
    static long write(long[] quads, Path file, int blockBytes, int restartInterval) throws IOException {
        int n = quads.length / 4;
        try (SegmentWriter writer = SegmentWriter.create(StorageIo.system(), file, blockBytes,
            SegmentWriter.DEFAULT_CHUNK_BYTES, restartInterval)) {
            long[] key = new long[4];
            for (IndexOrder order : IndexOrder.values()) {
                long[][] keys = new long[n][];
                for (int i = 0; i < n; i++) {
                    order.toKey(quads[4 * i], quads[4 * i + 1], quads[4 * i + 2], quads[4 * i + 3], key);
                    keys[i] = key.clone();
                }
                Arrays.sort(keys, SegmentFixture.KEY_ORDER);
                writer.beginOrder(order);
                long[] previous = null;
                for (long[] k : keys) {
                    if (previous == null || SegmentFixture.KEY_ORDER.compare(previous, k) != 0) { // duplicates
                        writer.append(k[0], k[1], k[2], k[3], false);
                    }
                    previous = k;
                }
                writer.endOrder();
            }
            return writer.finish();
        }
    }

    /** Bytes per entry of each order, and in total, as a printable table. */
    static String sizes(Segment segment) {
        StringBuilder text = new StringBuilder();
        double total = 0;
        for (IndexOrder order : IndexOrder.values()) {
            double perEntry = (double) segment.orderBytes(order) / segment.entryCount();
            total += perEntry;
            text.append(String.format("  %s %6.2f bytes/entry  (%d blocks)%n", order, perEntry,
                segment.blockCount(order)));
        }
        text.append(String.format("  all six orders: %.2f bytes/quad (file: %.2f) for %d quads%n", total,
            (double) segment.fileBytes() / segment.entryCount(), segment.entryCount()));
        return text.toString();
    }

    /**
     * LUBM-shaped quads in one graph (id 1): departments of universities with professors, students, courses and
     * publications. Subjects come grouped with their triples and their literals, ids are handed out in order of
     * first appearance, and a few predicates and classes with small ids recur everywhere, as in the real data.
     */
    static long[] lubmLike(int quadCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] quads = new long[4 * quadCount];
        int n = 0;
        long next = 2; // 1 is the graph
        long[] predicates = new long[18];
        for (int i = 0; i < predicates.length; i++) {
            predicates[i] = next++;
        }
        long[] classes = new long[14];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = next++;
        }
        long[] universities = new long[1000];
        for (int i = 0; i < universities.length; i++) {
            universities[i] = next++;
        }
        int university = 0;
        while (true) {
            long u = universities[university++ % universities.length];
            for (int d = 0; d < 15; d++) {
                long dept = next++;
                long[] courses = new long[60];
                long[] professors = new long[30];
                long[][] triples = new long[8000][];
                int t = 0;
                triples[t++] = new long[] {dept, predicates[0], classes[0]};
                triples[t++] = new long[] {dept, predicates[1], u};
                triples[t++] = new long[] {dept, predicates[2], next++};
                for (int c = 0; c < courses.length; c++) {
                    courses[c] = next++;
                    triples[t++] = new long[] {courses[c], predicates[0], classes[1 + c % 2]};
                    triples[t++] = new long[] {courses[c], predicates[2], next++};
                }
                for (int p = 0; p < professors.length; p++) {
                    long prof = professors[p] = next++;
                    triples[t++] = new long[] {prof, predicates[0], classes[3 + p % 4]};
                    for (int k = 2; k <= 5; k++) {
                        triples[t++] = new long[] {prof, predicates[k], next++}; // name, email, phone, interest
                    }
                    triples[t++] = new long[] {prof, predicates[6], dept};
                    triples[t++] = new long[] {prof, predicates[7], universities[random.nextInt(universities.length)]};
                    triples[t++] = new long[] {prof, predicates[8], courses[2 * p]};
                    triples[t++] = new long[] {prof, predicates[8], courses[2 * p + 1]};
                    for (int pub = random.nextInt(8); pub > 0; pub--) {
                        long publication = next++;
                        triples[t++] = new long[] {publication, predicates[0], classes[7]};
                        triples[t++] = new long[] {publication, predicates[2], next++};
                        triples[t++] = new long[] {publication, predicates[9], prof};
                    }
                }
                for (int s = 0; s < 450; s++) {
                    long student = next++;
                    triples[t++] = new long[] {student, predicates[0], classes[8 + s % 3]};
                    for (int k = 2; k <= 4; k++) {
                        triples[t++] = new long[] {student, predicates[k], next++};
                    }
                    triples[t++] = new long[] {student, predicates[10], dept};
                    for (int c = 1 + random.nextInt(4); c > 0; c--) {
                        triples[t++] = new long[] {student, predicates[11], courses[random.nextInt(courses.length)]};
                    }
                    if (random.nextInt(5) == 0) {
                        triples[t++] = new long[] {student, predicates[12], professors[random.nextInt(30)]};
                    }
                }
                for (int i = 0; i < t; i++) {
                    if (n == quadCount) {
                        return quads;
                    }
                    quads[4 * n] = 1;
                    quads[4 * n + 1] = triples[i][0];
                    quads[4 * n + 2] = triples[i][1];
                    quads[4 * n + 3] = triples[i][2];
                    n++;
                }
            }
        }
    }

    /** Quads of a gzipped N-Triples file, ids in order of first appearance (s, p, o), graph id {@code graph}. */
    static long[] readNTriples(Path file, long graph) throws IOException {
        Map<String, Long> ids = new HashMap<>();
        long[] quads = new long[1 << 20];
        int n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int i = line.indexOf(' ');
                int j = line.indexOf(' ', i + 1);
                String[] terms = {line.substring(0, i), line.substring(i + 1, j),
                    line.substring(j + 1, line.lastIndexOf('.')).trim()};
                if (4 * n + 4 > quads.length) {
                    quads = Arrays.copyOf(quads, quads.length * 2);
                }
                quads[4 * n] = graph;
                for (int c = 0; c < 3; c++) {
                    quads[4 * n + 1 + c] = ids.computeIfAbsent(terms[c], term -> (long) ids.size() + 2);
                }
                n++;
            }
        }
        return Arrays.copyOf(quads, 4 * n);
    }

    /** Scans every order fully; returns nanoseconds per entry (per order) of the best of {@code rounds}. */
    static double scanNanosPerEntry(Segment segment, int rounds) {
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (IndexOrder order : IndexOrder.values()) {
                EntryCursor cursor = segment.cursor(order, null, 0);
                while (cursor.next()) {
                    sink += cursor.key(3);
                }
            }
            best = Math.min(best, (double) (System.nanoTime() - start) / (6.0 * segment.entryCount()));
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }

    /**
     * The two steps of loading a block besides decoding, timed apart: copying every block out of the mapping, and
     * the CRC-32C of every block (over a heap copy of all blocks). Nanoseconds per entry, each the best of
     * {@code rounds}.
     */
    static double[] copyAndCrcNanosPerEntry(Segment segment, int rounds) {
        byte[] buffer = new byte[segment.maxBlockLength()];
        long total = 0;
        for (IndexOrder order : IndexOrder.values()) {
            BlockIndex index = segment.index(order);
            for (int b = 0; b < index.blockCount; b++) {
                total += index.length(b);
            }
        }
        byte[] all = new byte[Math.toIntExact(total)];
        int[] ends = new int[6 * segment.blockCount(IndexOrder.SPOG) * 8 + 8];
        int blocks = 0;
        int at = 0;
        for (IndexOrder order : IndexOrder.values()) {
            BlockIndex index = segment.index(order);
            for (int b = 0; b < index.blockCount; b++) {
                segment.copy(index.offset(b), buffer, index.length(b));
                System.arraycopy(buffer, 0, all, at, index.length(b));
                at += index.length(b);
                if (blocks == ends.length) {
                    ends = Arrays.copyOf(ends, blocks * 2);
                }
                ends[blocks++] = at;
            }
        }
        CRC32C crc = new CRC32C();
        double bestCopy = Double.MAX_VALUE;
        double bestCrc = Double.MAX_VALUE;
        long sink = 0;
        double entries = 6.0 * segment.entryCount();
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (IndexOrder order : IndexOrder.values()) {
                BlockIndex index = segment.index(order);
                for (int b = 0; b < index.blockCount; b++) {
                    segment.copy(index.offset(b), buffer, index.length(b));
                    sink += buffer[7];
                }
            }
            long copied = System.nanoTime();
            int from = 0;
            for (int b = 0; b < blocks; b++) {
                crc.reset();
                crc.update(all, from + 4, ends[b] - from - 4);
                sink += crc.getValue();
                from = ends[b];
            }
            long end = System.nanoTime();
            bestCopy = Math.min(bestCopy, (copied - start) / entries);
            bestCrc = Math.min(bestCrc, (end - copied) / entries);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new double[] {bestCopy, bestCrc, total / (bestCrc * entries)};
    }

    /**
     * Nanoseconds per {@link Probe#find} of every key of {@code order} (a) in ascending order, one probe for all,
     * as when checking a sorted batch, and (b) in random order; the best of {@code rounds}.
     */
    static double[] probeNanos(Segment segment, IndexOrder order, int rounds) {
        int n = (int) segment.entryCount();
        long[] keys = new long[4 * n];
        EntryCursor cursor = segment.cursor(order, null, 0);
        for (int i = 0; cursor.next(); i++) {
            for (int j = 0; j < 4; j++) {
                keys[4 * i + j] = cursor.key(j);
            }
        }
        int[] shuffled = new int[n];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(i + 1);
            shuffled[i] = shuffled[j];
            shuffled[j] = i;
        }
        double bestAscending = Double.MAX_VALUE;
        double bestRandom = Double.MAX_VALUE;
        long found = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            Probe probe = segment.probe(order);
            for (int i = 0; i < n; i++) {
                found += probe.find(keys[4 * i], keys[4 * i + 1], keys[4 * i + 2], keys[4 * i + 3]);
            }
            long middle = System.nanoTime();
            probe = segment.probe(order);
            for (int s = 0; s < n; s++) {
                int i = shuffled[s];
                found += probe.find(keys[4 * i], keys[4 * i + 1], keys[4 * i + 2], keys[4 * i + 3]);
            }
            long end = System.nanoTime();
            bestAscending = Math.min(bestAscending, (double) (middle - start) / n);
            bestRandom = Math.min(bestRandom, (double) (end - middle) / n);
        }
        if (found != 2L * rounds * n) {
            throw new AssertionError(found);
        }
        return new double[] {bestAscending, bestRandom};
    }

    /** Usage: {@code SegmentSizeReport [file.nt.gz [graphId [blockBytes [restartInterval]]]]}. */
    public static void main(String[] args) throws IOException {
        long graph = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int blockBytes = args.length > 2 ? Integer.parseInt(args[2]) : SegmentWriter.DEFAULT_BLOCK_BYTES;
        int restartInterval = args.length > 3 ? Integer.parseInt(args[3]) : SegmentWriter.DEFAULT_RESTART_INTERVAL;
        long[] quads = args.length > 0 ? readNTriples(Path.of(args[0]), graph) : lubmLike(1_000_000, 1);
        Path file = Files.createTempFile("segment-report", ".seg");
        try {
            long start = System.nanoTime();
            write(quads, file, blockBytes, restartInterval);
            System.out.printf("%s, graph id %d, block %d bytes, restart interval %d: written (sorting included) in "
                + "%.1f s%n", args.length > 0 ? args[0] : "LUBM-like", graph, blockBytes, restartInterval,
                (System.nanoTime() - start) / 1e9);
            try (Segment segment = Segment.open(file)) {
                System.out.print(sizes(segment));
                double scan = scanNanosPerEntry(segment, 15);
                double[] copyCrc = copyAndCrcNanosPerEntry(segment, 15);
                System.out.printf("  full scan: %.2f ns/entry (%.0f M entries/s); of that, block copy %.2f and "
                    + "CRC-32C %.2f ns/entry (%.1f GB/s; CRC = %.1f%% of a scan)%n", scan, 1e3 / scan, copyCrc[0],
                    copyCrc[1], copyCrc[2], 100 * copyCrc[1] / scan);
                double[] probe = probeNanos(segment, IndexOrder.SPOG, 3);
                System.out.printf("  SPOG probe.find of every key: %.1f ns ascending, %.0f ns in random order%n",
                    probe[0], probe[1]);
                long verifyStart = System.nanoTime();
                segment.verify();
                System.out.printf("  verify: %.0f ms%n", (System.nanoTime() - verifyStart) / 1e6);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
