package dev.cinnabar.benchmarks.sparql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import dev.cinnabar.benchmarks.BenchmarkMain;
import dev.cinnabar.benchmarks.quads.StoreFiles;

/**
 * One store's child JVM of a query report (LUBM, BSBM): started with the report's {@code -Xmx}, the Agrona flag and
 * the extra JVM arguments, its standard output echoed and its {@code <TAG>-QUERY} lines ({@link QueryTiming#line})
 * collected, its standard error passed through. The last {@value #STDERR_TAIL} lines of standard error are kept,
 * and the last {@value #HEADLINES} lines of it that do not start with white space (a stack trace's frames do, its
 * exception and {@code Caused by:} lines do not): a child that dies of an exception or an {@code OutOfMemoryError}
 * says why only there, and the report's failure line must carry it, or a failed child shows nothing but its exit
 * status. The messages are kept apart because a deep stack trace alone fills the tail.
 */
final class ChildJvm {

    /** Lines of the child's standard error kept for the failure message. */
    static final int STDERR_TAIL = 25;
    /** Lines of the child's standard error without leading white space kept for the failure message. */
    static final int HEADLINES = 6;

    /** What every child of one report gets. */
    record Settings(String xmx, List<String> jvmArgs, Map<String, List<String>> jvmArgsFor, int timeoutMinutes) {
    }

    /**
     * A finished child: the timings it printed, and {@code null} or the reason it failed (exit status, time limit,
     * error lines, missing queries, with the tail of its standard error).
     */
    record Outcome(Map<String, QueryTiming> timings, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private ChildJvm() {
    }

    /**
     * A report's part after its own preparations: each store of {@code common} loads and queries {@code dataset}
     * in its child ({@code main} with {@code argsFor(store, its empty store directory)}), one after the other, each
     * store directory deleted afterwards unless kept; then the results are printed ({@link QueryComparison#print}).
     *
     * @return the exit status: 0 if every child finished and the counts agree, else 1
     */
    static int runAll(String tool, ReportOptions common, String dataset, Class<?> main, String tag,
                      int expectedQueries, BiFunction<String, Path, List<String>> argsFor)
        throws IOException, InterruptedException {
        Map<String, Map<String, QueryTiming>> results = new LinkedHashMap<>();
        boolean failed = false;
        for (String store : common.stores) {
            Path dir = common.workDir.resolve(dataset + "-" + store).toAbsolutePath();
            StoreFiles.deleteRecursively(dir);
            Files.createDirectories(dir);
            Outcome outcome = run(store, main, argsFor.apply(store, dir), tag, common.childSettings(),
                expectedQueries);
            if (!common.keep) {
                StoreFiles.deleteRecursively(dir);
            }
            failed |= outcome.failed();
            results.put(store, outcome.timings());
        }
        System.out.println();
        failed |= !QueryComparison.print(results, tool, System.out);
        if (failed) {
            System.out.println("FAILED (see above)");
        }
        return failed ? 1 : 0;
    }

    /**
     * Runs {@code main} with {@code args} for {@code store} and waits for it (at most the settings' minutes).
     *
     * @param tag             the prefix of the child's result and error lines ({@code LUBM}: {@code LUBM-QUERY},
     *                        {@code LUBM-ERROR})
     * @param expectedQueries how many query lines a successful child prints
     */
    static Outcome run(String store, Class<?> main, List<String> args, String tag, Settings settings,
                       int expectedQueries) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.xmx());
        command.add(BenchmarkMain.agronaFlag());
        command.addAll(settings.jvmArgs());
        command.addAll(settings.jvmArgsFor().getOrDefault(store, List.of()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        System.out.printf("%s: load average %s before; %s%n", store, loadAverage(), String.join(" ", command));
        Process child = new ProcessBuilder(command).start();
        Map<String, QueryTiming> timings = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        Deque<String> stderrTail = new ArrayDeque<>();
        Deque<String> headlines = new ArrayDeque<>();
        Thread out = new Thread(() -> readStdout(child.getInputStream(), store, tag, timings, errors),
            store + "-stdout");
        Thread err = new Thread(() -> passStderr(child.getErrorStream(), stderrTail, headlines), store + "-stderr");
        out.start();
        err.start();
        boolean finished = child.waitFor(settings.timeoutMinutes(), TimeUnit.MINUTES);
        if (!finished) {
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
        out.join(10_000);
        err.join(10_000);
        System.out.printf("%s: load average %s after%n", store, loadAverage());
        String failure;
        synchronized (timings) {
            failure = !finished ? "stopped after " + settings.timeoutMinutes() + " minutes"
                : child.exitValue() != 0 ? "exit status " + child.exitValue() + (errors.isEmpty() ? "" : " " + errors)
                : !errors.isEmpty() ? errors.toString()
                : timings.size() != expectedQueries ? timings.size() + " of " + expectedQueries + " queries reported"
                : null;
        }
        if (failure != null) {
            synchronized (stderrTail) {
                List<String> earlier = headlines.stream().filter(line -> !stderrTail.contains(line)).toList();
                if (!earlier.isEmpty()) {
                    failure += "; messages on its standard error:\n    " + String.join("\n    ", earlier);
                }
                if (!stderrTail.isEmpty()) {
                    failure += "; last lines of its standard error:\n    " + String.join("\n    ", stderrTail);
                }
            }
            System.out.printf("%s: FAILED: %s%n", store, failure);
        }
        return new Outcome(timings, failure);
    }

    private static void readStdout(InputStream in, String store, String tag, Map<String, QueryTiming> timings,
                                   List<String> errors) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("  " + line);
                synchronized (timings) {
                    if (line.startsWith(tag + "-QUERY ")) {
                        QueryTiming timing = QueryTiming.parse(fields(line));
                        timings.put(timing.query(), timing);
                    } else if (line.startsWith(tag + "-ERROR")) {
                        errors.add(line);
                    }
                }
            }
        } catch (IOException e) {
            synchronized (timings) {
                errors.add(store + ": reading its output failed: " + e);
            }
        }
    }

    /** Copies the child's standard error to this JVM's and keeps its last lines and last messages. */
    private static void passStderr(InputStream in, Deque<String> tail, Deque<String> headlines) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.err.println(line);
                synchronized (tail) {
                    keepLast(tail, line, STDERR_TAIL);
                    if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                        keepLast(headlines, line, HEADLINES);
                    }
                }
            }
        } catch (IOException e) {
            synchronized (tail) {
                tail.addLast("(reading its standard error failed: " + e + ")");
            }
        }
    }

    private static void keepLast(Deque<String> lines, String line, int most) {
        if (lines.size() == most) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** The {@code key=value} fields of a result line. */
    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
