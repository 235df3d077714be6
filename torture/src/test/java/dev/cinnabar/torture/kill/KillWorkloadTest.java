package dev.cinnabar.torture.kill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.term.Quad;

/**
 * Without kills, the workload and its model agree: otherwise the torture would report false losses (or hide real
 * ones). And a child resumes a store where the previous one stopped, printing the protocol the parent parses.
 */
class KillWorkloadTest {

    @TempDir
    Path dir;

    @Test
    void everyOperationLeavesTheStoreEqualToTheModel() throws IOException {
        WorkloadPlan plan = new WorkloadPlan(99);
        Path work = Files.createDirectories(dir.resolve("work"));
        Set<Quad> model = new HashSet<>();
        try (QuadStore store = QuadStore.open(dir.resolve("store"), KillWorkload.options())) {
            for (long n = 0; n < 250; n++) {
                StoreFixture.runOperations(store, plan, n, n + 1, work, model);
                assertEquals(model, StoreFixture.quads(store), "after " + plan.operation(n));
            }
            assertEquals(model.size(), store.stats().quads());
        }
        KillCheck.Result result = KillCheck.check(dir.resolve("store"), KillWorkload.options(), model, null);
        assertEquals(List.of(), result.problems());
    }

    @Test
    void aChildResumesTheStoreWhereThePreviousOneStoppedAndReportsEachOperation() throws Exception {
        long seed = 5;
        Path store = dir.resolve("store");
        Path work = dir.resolve("work");
        for (long[] range : new long[][] {{0, 40}, {40, 80}}) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-ea", "-cp",
                System.getProperty("java.class.path"), KillWorkload.class.getName(), "--store", store.toString(),
                "--work", work.toString(), "--seed", Long.toString(seed), "--from", Long.toString(range[0]),
                "--until", Long.toString(range[1])).redirectErrorStream(true).start();
            List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
            assertEquals(true, child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), String.join("\n", lines));
            assertEquals("CLOSED", lines.get(lines.size() - 1));
            KillTorture.ChildLog log = KillTorture.ChildLog.parse(lines.subList(0, lines.size() - 1), range[0]);
            assertEquals(List.of(), log.problems);
            assertEquals(range[1] - 1, log.lastDone);
            assertFalse(log.inFlight);
            assertTrue(log.snapshots[0] > 0, "its snapshot readers checked snapshots: " + lines);
        }
        WorkloadPlan plan = new WorkloadPlan(seed);
        Set<Quad> model = new HashSet<>();
        for (long n = 0; n < 80; n++) {
            plan.operation(n).applyTo(model);
        }
        KillCheck.Result result = KillCheck.check(store, KillWorkload.options(), model, null);
        assertEquals(KillCheck.Outcome.REPORTED, result.outcome(), result.problems().toString());
    }
}
