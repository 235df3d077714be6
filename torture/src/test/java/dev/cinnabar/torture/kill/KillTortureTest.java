package dev.cinnabar.torture.kill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short kill -9 run of CI: children running the workload are killed at random moments for
 * {@code -Dcinnabar.torture.kill.seconds} (240 by default), and after every kill the reopened store must hold every
 * reported commit and nothing else but the whole in-flight operation. Replay a workload with
 * {@code -Dcinnabar.torture.kill.seed=N} (kill times differ from run to run).
 */
class KillTortureTest {

    @TempDir
    Path dir;

    @Test
    void killedChildrenLoseNoReportedCommitAndLeaveNoPartialOperation() throws Exception {
        long seconds = Long.getLong("cinnabar.torture.kill.seconds", 240);
        long seed = Long.getLong("cinnabar.torture.kill.seed", new Random().nextLong());
        KillTorture.Summary summary = KillTorture.run(new KillTorture.Settings(-1, seconds, seed, dir), System.out);
        System.out.println(summary.details());
        System.out.println(summary.line());
        assertFalse(summary.failed(), summary.failure());
        assertEquals(0, summary.lost());
        assertEquals(0, summary.wrong());
        assertEquals(summary.iterations(), summary.kills(), "every child was still running when it was killed");
        assertTrue(summary.reportedCommits() > 0, "commits were reported and checked");
        assertTrue(summary.snapshotsChecked() > 0, "the children's snapshot readers checked snapshots");
        if (seconds >= 120) {
            assertTrue(summary.inFlightPresent() + summary.inFlightAbsent() > 0,
                "some kills landed while an operation was committing");
        }
    }
}
