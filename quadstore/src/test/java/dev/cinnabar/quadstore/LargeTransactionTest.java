package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write transaction's size is bounded by disk, not heap: 10 million added quads commit in one transaction in a
 * JVM with {@code -Xmx512m} ({@code -Dcinnabar.largeTxn.quads} changes the count).
 */
class LargeTransactionTest {

    @TempDir
    Path dir;

    @Test
    void tenMillionQuadsCommitInOneTransactionWithA512MiBHeap() throws IOException, InterruptedException {
        long quads = Long.getLong("cinnabar.largeTxn.quads", 10_000_000L);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), LargeTransactionMain.class.getName(),
            dir.resolve("store").toString(), Long.toString(quads));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(20, TimeUnit.MINUTES), "child finished");
        System.out.println("LargeTransactionTest: " + output.trim());
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("quads=" + quads + " counted=" + quads + " byPredicate=" + quads / 10 + " "),
            output);
        assertTrue(output.contains("maxHeapMiB=") && !output.contains("OutOfMemoryError"), output);
    }
}
