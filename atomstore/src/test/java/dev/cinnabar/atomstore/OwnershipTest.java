package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.storage.StoreLockedException;

/** One owner per store, across instances and processes; and a clear error when the JVM lacks Agrona's flag. */
class OwnershipTest {

    @TempDir
    Path dir;

    @Test
    void aSecondOpenInTheSameProcessFailsNamingTheDirectory() throws IOException {
        try (AtomStore first = AtomStore.open(dir)) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> AtomStore.open(dir));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertEquals(dir, e.directory());
            first.intern("still works");
        }
        try (AtomStore again = AtomStore.open(dir)) {
            assertEquals(1, again.lookup("still works"));
        }
    }

    @Test
    void anOpenFromAnotherProcessFailsAtOnceAndChangesNothing() throws Exception {
        try (AtomStore owner = AtomStore.open(dir)) {
            owner.intern("owner's");
            owner.commit();
            Process child = childJvm(true, dir);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child must fail at once, not wait");
            String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(OpenStoreMain.EXIT_LOCKED, child.exitValue(), stderr);
            assertTrue(stderr.contains(dir.toString()) && stderr.contains("locked"), stderr);
            assertEquals(1, owner.size());
        }
    }

    @Test
    void aStoreHeldByAnotherProcessCannotBeOpenedHere() throws Exception {
        Process child = childJvm(true, dir);
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("opened", out.readLine(),
                () -> new String(readQuietly(child), StandardCharsets.UTF_8));
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> AtomStore.open(dir));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        try (AtomStore store = AtomStore.open(dir)) {
            assertEquals(1, store.lookup("from the child"));
        }
    }

    @Test
    void aJvmWithoutTheAgronaFlagGetsAClearMessage() throws Exception {
        Process child = childJvm(false, dir);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(OpenStoreMain.EXIT_NO_FLAG, child.exitValue(), stderr);
        assertTrue(stderr.contains(AgronaAccess.REQUIRED_FLAG), stderr);
    }

    private static byte[] readQuietly(Process process) {
        try {
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static Process childJvm(boolean withFlag, Path storeDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-ea");
        if (withFlag) {
            command.add(AgronaAccess.REQUIRED_FLAG);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(OpenStoreMain.class.getName());
        command.add(storeDir.toString());
        return new ProcessBuilder(command).start();
    }
}
