package dev.cinnabar.benchmarks.bulk;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What every bulk-load runner main shares: its arguments, opening a data file, and the one result line it prints
 * (see {@link BulkRunners} for the contract).
 */
public final class BulkRunnerSupport {

    /** Prefix of the result line. */
    public static final String RESULT_PREFIX = "BULK-RESULT";
    /** Prefix of a free-text note line, echoed by {@link BulkLoadReport}. */
    public static final String NOTE_PREFIX = "BULK-NOTE";

    private BulkRunnerSupport() {
    }

    /** A runner's arguments: the store directory (empty, created by the parent) and the data files, in order. */
    public record Args(Path storeDir, List<Path> files) {
    }

    /**
     * Parses {@code <store-dir> <file> [<file> ...]}; prints a usage message naming {@code runner} and exits with
     * status 2 when they are wrong.
     */
    public static Args parseArgs(String runner, String[] args) {
        Locale.setDefault(Locale.ROOT);
        if (args.length < 2) {
            System.err.println("usage: " + runner + " <store-dir> <file.nt.gz> [<file> ...]");
            System.exit(2);
        }
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path file = Paths.get(args[i]);
            if (!Files.isRegularFile(file)) {
                System.err.println(runner + ": no such file: " + file);
                System.exit(2);
            }
            files.add(file);
        }
        return new Args(Paths.get(args[0]).toAbsolutePath(), List.copyOf(files));
    }

    /** The file's bytes, gunzipped when its name ends in {@code .gz}, through 1 MiB buffers. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
        if (file.getFileName().toString().endsWith(".gz")) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 20);
        }
        return in;
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime()}). */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Prints a {@value #NOTE_PREFIX} line: free text for the report, on one line. */
    public static void note(String text) {
        System.out.println(NOTE_PREFIX + " " + text.replace('\n', ' '));
        System.out.flush();
    }

    /**
     * Prints the result line {@code BULK-RESULT quads=<n> seconds=<s> vmhwm_kib=<k> [key=value ...]}: {@code quads}
     * as the store counts them after the load, {@code seconds} of the timed load, this JVM's peak resident set
     * ({@code VmHWM} of {@code /proc/self/status}, -1 where unavailable), then {@code extras} in order. Values
     * must not contain white space (it is replaced by {@code _}).
     */
    public static void printResult(long quads, double seconds, Map<String, ?> extras) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("quads", quads);
        all.put("seconds", String.format(Locale.ROOT, "%.3f", seconds));
        all.put("vmhwm_kib", procStatusKib("VmHWM"));
        all.putAll(extras);
        StringBuilder line = new StringBuilder(RESULT_PREFIX);
        all.forEach((k, v) -> line.append(' ').append(k).append('=')
            .append(String.valueOf(v).replaceAll("\\s", "_")));
        System.out.println(line);
        System.out.flush();
    }

    /** A {@code kB} field of {@code /proc/self/status} ({@code VmHWM}, {@code VmRSS}, ...), or -1. */
    public static long procStatusKib(String field) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
