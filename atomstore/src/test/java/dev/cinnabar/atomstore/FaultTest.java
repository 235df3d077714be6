package dev.cinnabar.atomstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.atomstore.FaultInjectingStorageIo.Operation;

/** Failures of the file system surface as clear IOExceptions and leave the store at its last commit, usable. */
class FaultTest {

    @TempDir
    Path dir;

    private final FaultInjectingStorageIo io = new FaultInjectingStorageIo();

    private AtomStoreOptions options() {
        return AtomStoreTest.smallOptions().withStorageIo(io);
    }

    @Test
    void aFullDiskDuringGrowthFailsTheInternAndChangesNothing() throws IOException {
        try (AtomStore store = AtomStore.open(dir, options())) {
            store.intern("committed");
            store.commit();
            store.intern("pending");
            io.arm(Operation.EXTEND, "No space left on device");
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    store.intern("filler-" + i);
                }
            });
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            long sizeAtFailure = store.size();
            AtomStoreStats stats = store.stats();
            assertThrows(IOException.class, () -> store.intern(new byte[1 << 14]));
            assertEquals(stats, store.stats(), "a failed intern changes nothing");
            assertEquals(1, store.lookup("committed"));
            assertEquals(2, store.lookup("pending"));
            store.commit(); // what fits is still committed
            assertEquals(sizeAtFailure, store.committedSize());

            io.disarm();
            long id = store.intern(new byte[1 << 14]);
            assertEquals(sizeAtFailure + 1, id);
            store.commit();
            store.verify();
        }
        try (AtomStore store = AtomStore.open(dir, options())) {
            assertEquals(2, store.lookup("pending"));
            assertArrayEquals(new byte[1 << 14], store.resolve(store.size()));
            store.verify();
        }
    }

    @Test
    void aFailingManifestSaveLeavesTheCommittedStateUnchanged() throws IOException {
        try (AtomStore store = AtomStore.open(dir, options())) {
            store.intern("one");
            store.commit();
            byte[] manifestBefore = Files.readAllBytes(dir.resolve("atoms.manifest"));
            store.intern("two");
            Path sabotage = dir.resolve("atoms.manifest.tmp");
            Files.createDirectory(sabotage);
            Files.createFile(sabotage.resolve("blocker"));

            IOException e = assertThrows(IOException.class, store::commit);
            assertTrue(e.getMessage().contains("atoms.manifest"), e.getMessage());
            assertEquals(1, store.committedSize(), "committed state in memory is the old one");
            assertArrayEquals(manifestBefore, Files.readAllBytes(dir.resolve("atoms.manifest")),
                "committed state on disk is the old one");
            assertEquals(2, store.size(), "the uncommitted atom is still there to commit later");

            Files.delete(sabotage.resolve("blocker"));
            Files.delete(sabotage);
            store.commit();
            assertEquals(2, store.committedSize());
        }
        try (AtomStore store = AtomStore.open(dir, options())) {
            assertEquals(2, store.lookup("two"));
        }
    }

    @Test
    void aCloseWhoseCommitFailsStillReleasesTheStoreAndKeepsTheLastCommit() throws IOException {
        AtomStore store = AtomStore.open(dir, options());
        store.intern("committed");
        store.commit();
        store.intern("lost with the failed close");
        io.arm(Operation.WRITE_AND_FORCE, "Input/output error");
        IOException e = assertThrows(IOException.class, store::close);
        assertTrue(e.getMessage().contains("atoms.manifest"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> store.lookup("committed"));
        io.disarm();
        try (AtomStore reopened = AtomStore.open(dir, options())) { // the lock was released
            assertEquals(1, reopened.size());
            assertEquals(1, reopened.lookup("committed"));
            reopened.verify();
        }
    }

    @Test
    void aFailingForceDuringCommitLeavesTheOldCommitAndALaterCommitWorks() throws IOException {
        for (Operation operation : new Operation[] {Operation.FORCE_MAPPED, Operation.FORCE_FILE,
            Operation.WRITE_AND_FORCE, Operation.RENAME, Operation.FORCE_DIRECTORY}) {
            Path storeDir = dir.resolve(operation.name());
            try (AtomStore store = AtomStore.open(storeDir, options())) {
                store.intern("base");
                store.commit();
                for (int i = 0; i < 5000; i++) {
                    store.intern("more-" + i + "-".repeat(100)); // grows files, so the length fsync is due as well
                }
                io.arm(operation, "Input/output error");
                assertThrows(IOException.class, store::commit, operation.name());
                if (operation != Operation.FORCE_DIRECTORY) {
                    assertEquals(1, store.committedSize(), operation.name());
                }
                io.disarm();
                store.commit();
                assertEquals(5001, store.committedSize(), operation.name());
            }
            try (AtomStore store = AtomStore.open(storeDir, options())) {
                assertEquals(5001, store.size(), operation.name());
                store.verify();
            }
        }
    }

    @Test
    void aFailedRehashKeepsTheOldIndexAndRemovesItsTempFile() throws IOException {
        try (AtomStore store = AtomStore.open(dir, options())) {
            long capacity = store.stats().hashCapacity();
            int i = 0;
            while (store.size() + 1 <= capacity * AtomStoreOptions.DEFAULT_HASH_LOAD_FACTOR) {
                store.intern("t" + i++);
            }
            io.arm(Operation.EXTEND, "No space left on device");
            int next = i;
            IOException e = assertThrows(IOException.class, () -> store.intern("t" + next));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(Files.notExists(dir.resolve("atoms.hash." + capacity * 2 + ".tmp")), "temp index removed");
            assertEquals(capacity, store.stats().hashCapacity());
            assertEquals(AtomStore.NO_ATOM, store.lookup("t" + next));
            io.disarm();
            store.intern("t" + next);
            assertTrue(store.stats().hashCapacity() > capacity);
            store.verify();
        }
    }

    @Test
    void aRehashIsMadeDurableByTheNextCommitNotBefore() throws IOException {
        try (AtomStore store = AtomStore.open(dir, options())) {
            store.intern("committed");
            store.commit();
            long capacity = store.stats().hashCapacity();
            byte[] committedIndex = Files.readAllBytes(dir.resolve("atoms.hash"));
            for (int i = 0; store.stats().hashCapacity() == capacity; i++) {
                store.intern("t" + i);
            }
            Path pending = dir.resolve("atoms.hash." + capacity * 2 + ".tmp");
            assertTrue(Files.exists(pending), "the new index lives in its temp file until the commit");
            assertEquals(committedIndex.length, Files.size(dir.resolve("atoms.hash")),
                "atoms.hash still holds the committed index");

            io.arm(Operation.RENAME, "Read-only file system");
            assertThrows(IOException.class, store::commit);
            assertEquals(1, store.committedSize());
            io.disarm();
            store.commit();
            assertTrue(Files.notExists(pending));
            assertEquals(HashIndex.fileLength(capacity * 2), Files.size(dir.resolve("atoms.hash")));
            store.verify();
        }
    }

    @Test
    void aFailedManifestReadFailsTheOpenNamingTheManifestAndReleasesTheLock() throws IOException {
        try (AtomStore store = AtomStore.open(dir, options())) {
            store.intern("committed");
            store.commit();
        }
        io.arm(Operation.READ_ALL, "Input/output error");
        IOException e = assertThrows(IOException.class, () -> AtomStore.open(dir, options()));
        assertTrue(e.getMessage().contains("atoms.manifest") && e.getMessage().contains("Input/output error"),
            e.getMessage());
        io.disarm();
        try (AtomStore store = AtomStore.open(dir, options())) { // refused if the failed open kept the lock
            assertEquals(1, store.lookup("committed"));
            store.verify();
        }
    }
}
