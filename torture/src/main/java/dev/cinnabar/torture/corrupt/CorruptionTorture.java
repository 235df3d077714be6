package dev.cinnabar.torture.corrupt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Corruption torture: builds a small real store, then for every kind of file in it and many positions damages a
 * copy (bit flips, cuts, zeroed pages, deletion) and opens, verifies and reads it in full, in a worker JVM. Every
 * outcome must be one of the acceptable {@link Outcome}s: open or verify reports the damage naming the file, or
 * the store answers exactly as before (or as after an earlier commit, for a lost log tail). A crash of the worker
 * JVM or a case over the time bound fails the run too.
 *
 * <p>{@code java -jar torture.jar corrupt [--iterations N] [--seconds S] [--seed N] [--dir DIR]}: N sampled flips
 * per larger file (default 400; every bit of the manifests and headers is flipped), stopping early after S
 * seconds. Prints a table of outcomes per file kind and a summary line; exits 1 on any unacceptable outcome.
 */
public final class CorruptionTorture {

    /** A case taking longer than this is a hang. */
    static final long CASE_TIMEOUT_SECONDS = 60;

    /** The result of a run: every case and its result, in plan order (cases not run are absent). */
    record Report(String name, List<Damage> cases, Map<Integer, ImageCheck.Result> results, int workersStarted) {

        long failures() {
            return results.values().stream().filter(r -> !r.outcome().acceptable).count();
        }

        /** Outcome counts per file kind. */
        Map<String, Map<String, Integer>> table() {
            Map<String, Map<String, Integer>> table = new TreeMap<>();
            results.forEach((i, result) -> {
                Map<String, Integer> row = table.computeIfAbsent(CasePlan.kindOf(cases.get(i).file()),
                    k -> new TreeMap<>());
                row.merge(result.outcome().name(), 1, Integer::sum);
                if (result.read() != ImageCheck.ReadAfterReport.NOT_RUN) {
                    row.merge("  then read: " + result.read(), 1, Integer::sum);
                }
            });
            return table;
        }

        String summary() {
            Map<Outcome, Integer> counts = new TreeMap<>();
            results.values().forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
            return "corrupt " + name + ": " + results.size() + " of " + cases.size() + " cases run, " + counts
                + ", failures " + failures() + ", worker JVMs " + workersStarted;
        }
    }

    private CorruptionTorture() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            CaseWorker.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int iterations = 400;
        long seconds = 10L * 365 * 24 * 3600; // no limit unless given
        long seed = 1;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: corrupt [--iterations N] [--seconds S] [--seed N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        Path root = dir != null ? dir : Files.createTempDirectory("cinnabar-corrupt");
        long started = System.nanoTime();
        long failures = 0;
        List<String> summaries = new ArrayList<>();
        // Half the time each: small chunks (many mappings, padded records) and the default (one mapping).
        for (int chunkBytes : new int[] {StoreFixture.SMALL_CHUNK_BYTES, StoreFixture.DEFAULT_CHUNK_BYTES}) {
            long left = seconds - TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            Report report = run(root.resolve("chunks-" + chunkBytes), seed, iterations, true,
                chunkBytes == StoreFixture.SMALL_CHUNK_BYTES ? left / 2 : left, chunkBytes, System.out);
            failures += report.failures();
            summaries.add(report.summary());
        }
        summaries.forEach(System.out::println);
        System.out.printf("corrupt: %d failures in %.0f s (seed %d, iterations %d)%n", failures,
            (System.nanoTime() - started) / 1e9, seed, iterations);
        if (dir == null) {
            StoreCopy.delete(root);
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * Builds the fixture store (atom files in chunks of {@code chunkBytes}) in {@code root} and runs the planned
     * damages in worker JVMs for at most {@code seconds}; prints progress and the table to {@code log}.
     */
    static Report run(Path root, long seed, int samples, boolean everyBit, long seconds, int chunkBytes,
        java.io.PrintStream log) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long budget = TimeUnit.SECONDS.toNanos(seconds);
        Path store = StoreFixture.build(root, seed, chunkBytes);
        List<Damage> cases = CasePlan.plan(store, seed, samples, everyBit);
        Path caseFile = root.resolve("cases.txt");
        Files.write(caseFile, cases.stream().map(Damage::token).toList(), StandardCharsets.UTF_8);
        log.println("corrupt: store " + store + ": " + fileSizes(store) + "; " + cases.size() + " cases");
        Map<Integer, ImageCheck.Result> results = new TreeMap<>();
        int next = 0;
        int workers = 0;
        while (next < cases.size() && System.nanoTime() - started < budget) {
            workers++;
            next = runWorker(root, caseFile, next, chunkBytes, cases, results, started, budget, log);
        }
        Report report = new Report("chunks of " + chunkBytes + " bytes", cases, results, workers);
        log.println(report.summary());
        report.table().forEach((kind, row) -> log.println("  " + kind + ": " + row));
        results.forEach((i, result) -> {
            if (!result.outcome().acceptable) {
                log.println("  FAILED " + cases.get(i) + ": " + result.line());
            }
        });
        Files.write(root.resolve("results.txt"), results.entrySet().stream()
            .map(e -> cases.get(e.getKey()) + " -> " + e.getValue().line()).toList(), StandardCharsets.UTF_8);
        return report;
    }

    /** Runs cases from {@code first} in one worker JVM until it ends, dies or hangs; returns the next case. */
    private static int runWorker(Path root, Path caseFile, int first, int chunkBytes, List<Damage> cases,
        Map<Integer, ImageCheck.Result> results, long started, long budget, java.io.PrintStream log)
        throws IOException, InterruptedException {
        Path errors = root.resolve("worker-" + first + ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-ea", "-Xmx256m",
            "-XX:ErrorFile=" + root.resolve("hs_err_%p.log"), "-cp", System.getProperty("java.class.path"),
            CorruptionTorture.class.getName(), "--worker", root.toString(), caseFile.toString(),
            Integer.toString(first), Integer.toString(chunkBytes)));
        Process worker = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the worker died; the end marker below says so
            } finally {
                lines.add("EOF");
            }
        }, "corrupt-worker-reader");
        reader.setDaemon(true);
        reader.start();
        int current = -1;
        int next = first;
        try {
            while (true) {
                // The first case also pays for the worker's start and its reading of the expected answers.
                String line = lines.poll(CASE_TIMEOUT_SECONDS * (current < 0 ? 2 : 1), TimeUnit.SECONDS);
                if (line == null) {
                    worker.destroyForcibly().waitFor();
                    if (current < 0) {
                        throw new IOException("worker did not start in time: " + tail(errors));
                    }
                    results.put(current, new ImageCheck.Result(Outcome.HANG, ImageCheck.ReadAfterReport.NOT_RUN,
                        "no result within " + CASE_TIMEOUT_SECONDS + " s"));
                    return current + 1;
                }
                if (line.startsWith("BEGIN ")) {
                    current = Integer.parseInt(line.substring(6));
                    if (System.nanoTime() - started > budget) {
                        worker.destroyForcibly().waitFor();
                        return cases.size();
                    }
                } else if (line.startsWith("END ")) {
                    String rest = line.substring(4);
                    int space = rest.indexOf(' ');
                    int index = Integer.parseInt(rest.substring(0, space));
                    results.put(index, ImageCheck.Result.parse(rest.substring(space + 1)));
                    next = index + 1;
                    if (results.size() % 500 == 0) {
                        log.println("corrupt: " + results.size() + " cases done");
                    }
                    current = -2; // between cases
                } else if (line.equals("DONE")) {
                    worker.waitFor();
                    return cases.size();
                } else if (line.equals("EOF")) {
                    int status = worker.waitFor();
                    if (current >= 0) {
                        results.put(current, new ImageCheck.Result(Outcome.CRASH, ImageCheck.ReadAfterReport.NOT_RUN,
                            "worker exited with " + status + ": " + tail(errors)));
                        return current + 1;
                    }
                    throw new IOException("worker exited with " + status + " outside a case: " + tail(errors));
                } else if (!line.startsWith(CaseWorker.READY)) {
                    log.println("worker: " + line);
                }
            }
        } finally {
            worker.destroyForcibly();
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }

    private static String fileSizes(Path store) throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(store)) {
            for (Path file : files.sorted().toList()) {
                out.append(out.isEmpty() ? "" : ", ").append(file.getFileName()).append(' ').append(Files.size(file));
            }
        }
        return out.toString();
    }
}
