package dev.cinnabar.torture.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The long power-loss run: {@code java -jar torture.jar crash [--iterations N] [--seconds S] [--seed N]
 * [--dir DIR] [--steps N] [--image-probability P]}. Each iteration is one {@link CrashImageRun} with its own seed
 * (the first is {@code --seed}, the next ones follow from it), half of them with background compaction. Prints a
 * line per iteration and a summary; exits 1 if any image lost or damaged a commit.
 */
public final class CrashImageTorture {

    private CrashImageTorture() {
    }

    public static void main(String[] args) throws IOException {
        int iterations = Integer.MAX_VALUE;
        long seconds = -1;
        long seed = new Random().nextLong();
        Path dir = null;
        int steps = 200;
        double probability = 0.25;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--dir" -> dir = Path.of(value);
                case "--steps" -> steps = Integer.parseInt(value);
                case "--image-probability" -> probability = Double.parseDouble(value);
                default -> {
                    System.err.println("crash: unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (iterations == Integer.MAX_VALUE && seconds < 0) {
            seconds = 600;
        }
        long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        Path base = dir != null ? dir : Files.createTempDirectory("cinnabar-crash-");
        Random seeds = new Random(seed);
        long runSeed = seed;
        long images = 0;
        long inProgress = 0;
        long commits = 0;
        long calls = 0;
        int failedRuns = 0;
        int runs = 0;
        long started = System.nanoTime();
        while (runs < iterations && System.nanoTime() < deadline) {
            CrashImageRun.Config config = new CrashImageRun.Config(runSeed, steps, deadline, probability,
                runs % 2 == 1, UnaryOperator.identity(), 5);
            CrashImageRun.Result result = CrashImageRun.run(base.resolve("run-" + runs), config);
            System.out.println("crash run " + runs + ": " + result.summary());
            for (String failure : result.failures()) {
                System.out.println("  FAILED " + failure);
            }
            images += result.images();
            inProgress += result.imagesShowingCommitInProgress();
            commits += result.commits();
            calls += result.ioCalls();
            failedRuns += result.failures().isEmpty() ? 0 : 1;
            runs++;
            runSeed = seeds.nextLong();
        }
        if (dir == null) {
            ImageChecker.deleteTree(base);
        }
        System.out.printf("crash: %d runs, %d commits, %d I/O calls, %d power-loss images checked (%d showed the "
                + "commit in progress), %d runs with failures, %.0f s, first seed %d%n", runs, commits, calls, images,
            inProgress, failedRuns, (System.nanoTime() - started) / 1e9, seed);
        System.exit(failedRuns == 0 && images > 0 ? 0 : 1);
    }
}
