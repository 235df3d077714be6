package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real file-size limit ({@code ulimit -f} in a child JVM; HotSpot ignores SIGXFSZ, so the write fails with
 * EFBIG): growth fails with a clear IOException, the store stays readable, and the last commit stays intact.
 */
class FileSizeLimitTest {

    /** 4 MiB, in the 1024-byte blocks of bash's {@code ulimit -f}. */
    private static final int LIMIT_BLOCKS = 4096;

    @TempDir
    Path dir;

    @Test
    void growthBeyondTheFileSizeLimitFailsClearlyAndKeepsTheLastCommit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs /bin/bash for ulimit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -f " + LIMIT_BLOCKS + " && exec '" + java + "' -ea " + AgronaAccess.REQUIRED_FLAG
            + " -Xmx256m -cp '" + System.getProperty("java.class.path") + "' " + FileSizeLimitMain.class.getName()
            + " '" + dir + "'";
        Process child = new ProcessBuilder(List.of("/bin/bash", "-c", command)).redirectErrorStream(true).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("FAILED cannot grow") && output.contains("File too large"), output);
        long committed = Long.parseLong(output.substring(output.indexOf("COMMITTED ") + 10).trim());
        assertTrue(committed >= 100, output);

        try (AtomStore store = AtomStore.open(dir)) {
            assertEquals(committed, store.committedSize());
            for (int i = 0; i < committed; i++) {
                assertArrayEquals(FileSizeLimitMain.term(i), store.resolve(i + 1));
            }
            store.verify();
            long next = store.intern(FileSizeLimitMain.term((int) committed + 1000));
            assertEquals(committed + 1, next);
            for (int i = 0; i < 5000; i++) {
                store.intern(FileSizeLimitMain.term(1_000_000 + i)); // without the limit the files grow again
            }
            store.commit();
            store.verify();
        }
    }
}
