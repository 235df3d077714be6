package dev.cinnabar.quadstore.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-threaded parse speed of {@link NQuadsParser} on real files, with a counting sink:
 * <ol>
 *   <li>gunzip alone (reading the decompressed stream to its end), for reference;</li>
 *   <li>parse including gunzip ({@link RdfFiles#open});</li>
 *   <li>parse alone, from the decompressed bytes in memory, with the bytes allocated per statement
 *       ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}).</li>
 * </ol>
 * Bad lines (the relative IRIs {@code <>} in LUBM) are skipped and counted.
 *
 * <p>Arguments: files, or the names {@code lubm1}, {@code lubm10}, {@code lubm100}, {@code bsbm-1m} (found in the
 * shared data, see {@link TestData#sharedDir()}); {@code --repeat N} (default 3) runs of each measurement.
 * Run with the Agrona flag {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED}.
 */
public final class NQuadsParserSpeed {

    private static final int CHUNK = 1 << 26;

    private NQuadsParserSpeed() {
    }

    public static void main(String[] args) throws IOException {
        int repeat = 3;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else {
                files.add(resolve(args[i]));
            }
        }
        if (files.isEmpty()) {
            files.add(resolve("lubm10"));
        }
        System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MiB%n", System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (Path file : files) {
            measure(file, repeat);
        }
    }

    private static Path resolve(String arg) {
        Path p = Paths.get(arg);
        if (Files.exists(p)) {
            return p;
        }
        Path shared = TestData.sharedDir().orElseThrow(() -> new IllegalArgumentException(
            arg + " is not a file, and " + TestData.sharedHint()));
        String folder = arg.startsWith("bsbm") ? "bsbm" : "lubm";
        return shared.resolve("data").resolve(folder).resolve(arg + ".nt.gz");
    }

    private static void measure(Path file, int repeat) throws IOException {
        System.out.println("== " + file + " (" + (Files.size(file) >> 20) + " MiB on disk)");
        boolean quads = RdfFiles.isQuads(file);

        long bytes = 0;
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            bytes = 0;
            byte[] sink = new byte[1 << 20];
            try (InputStream in = RdfFiles.open(file)) {
                for (int n; (n = in.read(sink)) >= 0; ) {
                    bytes += n;
                }
            }
            report("gunzip only", 0, bytes, System.nanoTime() - t0);
        }

        for (int r = 0; r < repeat; r++) {
            Counter c = new Counter();
            NQuadsParser parser = new NQuadsParser(quads, 1 << 20);
            long t0 = System.nanoTime();
            try (InputStream in = RdfFiles.open(file)) {
                parser.parse(in, file.getFileName().toString(), c, SyntaxErrorHandler.SKIP);
            }
            report("parse + gunzip", c.count, bytes, System.nanoTime() - t0);
            if (r == repeat - 1) {
                System.out.printf(Locale.ROOT, "  statements %,d, skipped lines %,d, term bytes %,d%n", c.count,
                    parser.skippedLines(), c.termBytes);
            }
        }

        List<byte[]> chunks = new ArrayList<>();
        try (InputStream in = RdfFiles.open(file)) {
            while (true) {
                byte[] chunk = in.readNBytes(CHUNK);
                if (chunk.length > 0) {
                    chunks.add(chunk);
                }
                if (chunk.length < CHUNK) {
                    break;
                }
            }
        }
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        NQuadsParser parser = new NQuadsParser(quads, 1 << 20);
        for (int r = 0; r < repeat; r++) {
            Counter c = new Counter();
            InputStream in = new ChunkStream(chunks);
            long a0 = threads.getThreadAllocatedBytes(thread);
            long t0 = System.nanoTime();
            parser.parse(in, file.getFileName().toString(), c, SyntaxErrorHandler.SKIP);
            long t = System.nanoTime() - t0;
            long allocated = threads.getThreadAllocatedBytes(thread) - a0;
            report("parse (in memory)", c.count, bytes, t);
            System.out.printf(Locale.ROOT, "    allocated %,d bytes in the parse: %.4f bytes/statement%n", allocated,
                (double) allocated / c.count);
        }
    }

    private static void report(String what, long statements, long bytes, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "  %-18s %7.2f s  %,12.0f statements/s  %8.1f MB/s (uncompressed)%n", what, s,
            statements / s, bytes / s / 1e6);
    }

    /** Counts statements and sums term lengths (so that the sink reads the terms). */
    private static final class Counter implements StatementSink {
        long count;
        long termBytes;

        @Override
        public void statement(ParsedTerm s, ParsedTerm p, ParsedTerm o, ParsedTerm g) {
            count++;
            termBytes += s.valueLength() + p.valueLength() + o.valueLength() + o.datatypeLength();
        }
    }

    /** The concatenation of byte arrays as a stream (a decompressed file can be larger than one array). */
    private static final class ChunkStream extends InputStream {
        private final List<byte[]> chunks;
        private int chunk;
        private int pos;

        ChunkStream(List<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (chunk < chunks.size() && pos == chunks.get(chunk).length) {
                chunk++;
                pos = 0;
            }
            if (chunk == chunks.size()) {
                return -1;
            }
            byte[] c = chunks.get(chunk);
            int n = Math.min(len, c.length - pos);
            System.arraycopy(c, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
