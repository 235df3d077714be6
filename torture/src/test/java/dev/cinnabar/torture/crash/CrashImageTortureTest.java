package dev.cinnabar.torture.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI-sized power-loss run: every I/O call of random workloads (logged and spilled commits, removals, rollbacks,
 * new and large atoms, checkpoints, compactions, bulk loads, reopens) gets power-loss images before and after it,
 * and each opens to exactly the last acknowledged commit or the one in progress, while snapshot readers check that
 * every snapshot holds exactly an acknowledged commit. Replay with
 * {@code -Dcrash.seed=N}; {@code -Dcrash.seconds=S} sets the budget (60 by default).
 */
class CrashImageTortureTest {

    @TempDir
    Path tmp;

    static long seed(String test) {
        Long fixed = Long.getLong("crash.seed");
        long seed = fixed != null ? fixed : new Random().nextLong();
        System.out.println(test + ": seed=" + seed + " (replay with -Dcrash.seed=" + seed + ")");
        return seed;
    }

    /** Under /dev/shm when there is one: the store's own fsyncs then cost nothing, and the model does not need them. */
    static Path workDir(Path tmp) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "cinnabar-crash-");
        }
        return tmp;
    }

    @Test
    void everyPowerLossImageOfARandomWorkloadOpensToTheLastAcknowledgedCommitOrTheOneInProgress()
        throws IOException {
        long seed = seed("power-loss images");
        long seconds = Long.getLong("crash.seconds", 60);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Random seeds = new Random(seed);
        long images = 0;
        long inProgress = 0;
        long runs = 0;
        long snapshots = 0;
        long runSeed = seed;
        boolean background = false;
        Path base = workDir(tmp);
        try {
            while (System.nanoTime() < deadline) {
                CrashImageRun.Config config = new CrashImageRun.Config(runSeed, 250, deadline, 1.0, background,
                    UnaryOperator.identity(), 3);
                CrashImageRun.Result result = CrashImageRun.run(base.resolve("run-" + runs), config);
                System.out.println("power-loss run " + runs + ": " + result.summary());
                assertEquals(List.of(), result.failures(), "seed " + runSeed);
                images += result.images();
                inProgress += result.imagesShowingCommitInProgress();
                snapshots += result.snapshots().checked();
                runs++;
                runSeed = seeds.nextLong();
                background = !background;
            }
        } finally {
            ImageChecker.deleteTree(base);
        }
        System.out.println("power-loss images: " + runs + " runs, " + images + " images, " + inProgress
            + " showed the commit in progress; " + snapshots + " snapshots checked by readers meanwhile");
        assertTrue(images > 1000, "enough images: " + images);
        assertTrue(inProgress > 0, "some images taken inside a commit must already show it");
        assertTrue(snapshots > 0, "readers checked snapshots during the workload");
    }
}
