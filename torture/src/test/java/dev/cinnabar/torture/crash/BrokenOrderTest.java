package dev.cinnabar.torture.crash;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.torture.crash.BrokenOrderIo.Breakage;

/**
 * The power-loss checker can fail: with the store's durability order broken on purpose (a force dropped, or made
 * after the manifest rename that names its data), the images it builds lose or damage acknowledged commits, and
 * it says so.
 */
class BrokenOrderTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Breakage.class)
    void aBrokenDurabilityOrderIsCaughtAsALostOrDamagedCommit(Breakage breakage) throws IOException {
        long seed = CrashImageTortureTest.seed("broken order " + breakage);
        BrokenOrderIo[] broken = new BrokenOrderIo[1];
        CrashImageRun.Config config = new CrashImageRun.Config(seed, 300, System.nanoTime() + 60_000_000_000L, 1.0,
            false, recorder -> broken[0] = new BrokenOrderIo(recorder, breakage), 1);
        Path base = CrashImageTortureTest.workDir(tmp);
        CrashImageRun.Result result;
        try {
            result = CrashImageRun.run(base.resolve("run"), config);
        } finally {
            ImageChecker.deleteTree(base);
        }
        System.out.println("broken order " + breakage + ": " + result.summary() + " (forces broken: "
            + broken[0].broken() + ")");
        result.failures().forEach(f -> System.out.println("  caught: " + f));
        assertFalse(result.failures().isEmpty(), breakage + " was not caught: " + result.summary());
    }
}
