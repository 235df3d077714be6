package dev.cinnabar.torture.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.torture.fault.FaultIo.Fault;

/**
 * CI-sized fault injection: every fault kind at every call index of the fixed script, for a few seeds, each
 * followed by the same store committing again or by an immediate reopen; snapshots held across the steps read
 * their commits before and after the fault. Replay with {@code -Dfaults.seed=N};
 * {@code -Dfaults.seconds=S} sets the budget (45 by default).
 */
class FaultTortureTest {

    @TempDir
    Path tmp;

    @Test
    void everyInjectedFaultSurfacesClearlyAndLeavesMemoryAndDiskAtTheLastCommit() throws IOException {
        Long fixed = Long.getLong("faults.seed");
        long seed = fixed != null ? fixed : new Random().nextLong();
        System.out.println("fault injection: seed=" + seed + " (replay with -Dfaults.seed=" + seed + ")");
        long deadline = System.nanoTime() + Long.getLong("faults.seconds", 45) * 1_000_000_000L;
        Path base = Files.isWritable(Path.of("/dev/shm")) ? Files.createTempDirectory(Path.of("/dev/shm"), "faults-")
            : tmp;
        Random seeds = new Random(seed);
        long runSeed = seed;
        int iterations = 0;
        long injected = 0;
        try {
            while (iterations == 0 || System.nanoTime() < deadline) {
                FaultRun.Result result = new FaultRun(base.resolve("it-" + iterations), runSeed).run(Long.MAX_VALUE, 10);
                System.out.println("fault injection seed " + runSeed + ": " + result.runs() + " runs, "
                    + result.snapshotChecks() + " checks of open snapshots\n"
                    + result.table());
                if (iterations == 0) {
                    result.sites().forEach((call, sites) -> System.out.println("  " + call + " sites: " + sites));
                }
                assertEquals(List.of(), result.failures(), "seed " + runSeed);
                assertTrue(result.snapshotChecks() > 0, "snapshots were held and checked");
                for (Fault fault : Fault.values()) {
                    FaultRun.Tally tally = result.tallies().get(fault);
                    assertTrue(tally.calls > 0, fault + " is never called by the script");
                    assertEquals(2 * tally.calls, tally.injected + tally.notReached, fault + ": every index was tried");
                    injected += tally.injected;
                }
                iterations++;
                runSeed = seeds.nextLong();
            }
        } finally {
            FaultRun.deleteTree(base);
        }
        System.out.println("fault injection: " + iterations + " seeds, " + injected + " faults injected");
    }
}
