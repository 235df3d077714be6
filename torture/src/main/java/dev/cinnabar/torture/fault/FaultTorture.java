package dev.cinnabar.torture.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The long fault-injection run: {@code java -jar torture.jar faults [--iterations N] [--seconds S] [--seed N]
 * [--dir DIR]}. Each iteration injects every fault at every call index of the {@link FaultScript} with its own
 * seed, then runs the real {@code ulimit -f} check in a child JVM. Prints per-kind counts; exits 1 on any failure.
 */
public final class FaultTorture {

    private FaultTorture() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int iterations = Integer.MAX_VALUE;
        long seconds = -1;
        long seed = new Random().nextLong();
        Path dir = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--dir" -> dir = Path.of(value);
                default -> {
                    System.err.println("faults: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (iterations == Integer.MAX_VALUE && seconds < 0) {
            seconds = 600;
        }
        long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        Path base = dir != null ? dir : Files.createTempDirectory("cinnabar-faults-");
        Random seeds = new Random(seed);
        long runSeed = seed;
        int failures = 0;
        int iteration = 0;
        long injected = 0;
        long started = System.nanoTime();
        while (iteration < iterations && System.nanoTime() < deadline) {
            FaultRun.Result result = new FaultRun(base.resolve("faults-" + iteration), runSeed).run(deadline, 20);
            System.out.println("faults iteration " + iteration + " (seed " + runSeed + "): " + result.runs()
                + " runs\n" + result.table());
            result.failures().forEach(f -> System.out.println("  FAILED " + f));
            failures += result.failures().size();
            injected += result.tallies().values().stream().mapToLong(t -> t.injected).sum();
            FileSizeLimit.Outcome limit = FileSizeLimit.run(base.resolve("ulimit-" + iteration),
                FileSizeLimit.Mode.values()[iteration % FileSizeLimit.Mode.values().length]);
            System.out.println("faults iteration " + iteration + ": " + limit);
            if (!limit.ok()) {
                failures++;
            }
            FaultRun.deleteTree(base.resolve("faults-" + iteration));
            iteration++;
            runSeed = seeds.nextLong();
        }
        if (dir == null) {
            FaultRun.deleteTree(base);
        }
        System.out.printf("faults: %d iterations, %d faults injected, %d failures, %.0f s, first seed %d%n",
            iteration, injected, failures, (System.nanoTime() - started) / 1e9, seed);
        System.exit(failures == 0 && injected > 0 ? 0 : 1);
    }
}
