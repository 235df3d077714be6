package dev.cinnabar.torture.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.storage.DirectoryLock;
import dev.cinnabar.storage.StoreLockedException;

/**
 * One process owns a store: a second process opening it gets {@link StoreLockedException} naming the store's
 * directory, and changes no byte of any file; the owner keeps working; once the owner closes, the other can open.
 * Both ways round: this JVM owning and a child refused, and a child owning and this JVM refused.
 */
class SecondProcessLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondProcessIsRefusedWithALockedErrorNamingTheStoreAndChangesNothing() throws Exception {
        Path store = dir.resolve("store");
        try (QuadStore owner = QuadStore.open(store)) {
            commit(owner, "before", 300);
            Map<String, String> before = fileHashes(store);

            for (int attempt = 0; attempt < 2; attempt++) {
                String answer = tryOpenInChild(store);
                assertTrue(answer.startsWith("REFUSED " + StoreLockedException.class.getName() + " "), answer);
                assertTrue(answer.contains(store.toString()), "the message names the store: " + answer);
                assertTrue(answer.contains("locked"), answer);
                assertEquals(before, fileHashes(store), "a refused open changes no file");
            }

            commit(owner, "after", 10);
            try (ReadTxn txn = owner.beginRead()) {
                assertEquals(310, txn.count(null, null, null, null), "the owner keeps working");
            }
        }
        assertEquals("OPENED 310", tryOpenInChild(store), "once the owner closed, another process opens it");
    }

    @Test
    void aStoreOwnedByAnotherProcessRefusesThisOneAndChangesNothing() throws Exception {
        Path store = dir.resolve("store");
        try (QuadStore created = QuadStore.open(store)) {
            commit(created, "mine", 50);
        }
        Process holder = childJvm("hold", store);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(),
            StandardCharsets.UTF_8)); OutputStream input = holder.getOutputStream()) {
            assertEquals("HOLDING", lines.readLine());
            Map<String, String> before = fileHashes(store);

            for (int attempt = 0; attempt < 2; attempt++) {
                StoreLockedException refused = assertThrows(StoreLockedException.class, () -> QuadStore.open(store));
                assertTrue(refused.getMessage().contains(store.toString()), refused.getMessage());
                assertEquals(store, refused.directory());
                assertEquals(before, fileHashes(store), "a refused open changes no file");
            }

            input.write("close\n".getBytes(StandardCharsets.UTF_8));
            input.flush();
            assertEquals("CLOSED", lines.readLine());
        }
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, holder.exitValue());
        try (QuadStore after = QuadStore.open(store); ReadTxn txn = after.beginRead()) {
            assertEquals(51, txn.count(null, null, null, null), "this process opens it once the owner closed");
            assertTrue(txn.contains(new Quad(DefaultGraph.INSTANCE, new Iri("http://example.org/holder"),
                new Iri("http://example.org/p"), Literal.of("written by the holding process"))));
        }
    }

    private static void commit(QuadStore store, String prefix, int quads) throws IOException {
        try (WriteTxn txn = store.beginWrite()) {
            for (int i = 0; i < quads; i++) {
                txn.add(new Iri("http://example.org/g"), new Iri("http://example.org/" + prefix + "/" + i),
                    new Iri("http://example.org/p"), Literal.of(prefix + " " + i));
            }
            txn.commit();
        }
    }

    /** The answer line of a child that tries to open the store. */
    private static String tryOpenInChild(Path store) throws Exception {
        Process child = childJvm("try-open", store);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    private static Process childJvm(String mode, Path store) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-ea", "-cp",
            System.getProperty("java.class.path"), LockProbeMain.class.getName(), mode, store.toString())
            .redirectErrorStream(true).start();
    }

    /**
     * Every file of the store by name, with the SHA-256 of its bytes; only the size of {@code LOCK}, which is never
     * opened here: closing any descriptor of a file drops this process's POSIX (fcntl) locks on it, so reading
     * {@code LOCK} while this JVM owns the store would hand the store to the next process that asks.
     */
    private static Map<String, String> fileHashes(Path store) throws IOException, NoSuchAlgorithmException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.equals(DirectoryLock.FILE_NAME)) {
                    hashes.put(name, Files.size(file) + " bytes");
                } else {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                    hashes.put(name, HexFormat.of().formatHex(digest));
                }
            }
        }
        return hashes;
    }
}
