package dev.cinnabar.torture.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * Minimal reproduction of a store bug found by the fault injection: when the directory force after the rename of
 * {@code quads.manifest} fails, the new manifest is already in place, but the failed checkpoint (or compaction)
 * deletes the segment files it names. The store then no longer opens ("quads-N.seg is missing: quads.manifest
 * names it"), although nothing crashed. Expected: the reopen finds the last acknowledged commit (or the failed one,
 * as after any fsync failure past the commit point), never a store that does not open.
 */
class DirectoryForceAfterManifestRenameTest {

    @TempDir
    Path dir;

    /** Fails the first directory force that follows a rename onto {@code quads.manifest}, once armed. */
    private static final class FailDirectoryForceAfterManifestRename extends ForwardingStorageIo {
        volatile boolean armed;
        /** Once failed, every later directory force fails too (a device gone bad), until cleared. */
        volatile boolean sticky;
        private boolean failing;
        private boolean renamed;

        FailDirectoryForceAfterManifestRename() {
            super(StorageIo.system());
        }

        @Override
        public void rename(Path source, Path target) throws IOException {
            delegate.rename(source, target);
            renamed = armed && target.getFileName().toString().equals("quads.manifest");
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            if (renamed || failing) {
                renamed = false;
                armed = false;
                failing = sticky;
                throw new IOException(directory + ": Input/output error");
            }
            delegate.forceDirectory(directory);
        }

    }

    private final FailDirectoryForceAfterManifestRename io = new FailDirectoryForceAfterManifestRename();

    private static List<Quad> quads(int count, long seed) {
        return FaultScript.adds(new Random(seed), count);
    }

    private static void add(QuadStore store, List<Quad> quads) throws IOException {
        try (WriteTxn txn = store.beginWrite()) {
            for (Quad quad : quads) {
                txn.add(quad);
            }
            txn.commit();
        }
    }

    private Set<Quad> reopenAfterFailure() throws IOException {
        try (QuadStore store = QuadStore.open(dir, FaultScript.options(StorageIo.system()))) {
            store.verify();
            return FaultRun.readAll(store);
        }
    }

    @Test
    void aFailedDirectoryForceAfterACheckpointsManifestRenameLeavesAStoreThatOpens() throws IOException {
        List<Quad> committed = quads(5, 1);
        try (QuadStore store = QuadStore.open(dir, FaultScript.options(io))) {
            add(store, committed);
            io.armed = true;
            assertThrows(IOException.class, store::checkpoint);
        }
        assertEquals(Set.copyOf(committed), reopenAfterFailure());
    }

    @Test
    void whenTheOldManifestCannotBePutBackTheStoreRefusesWritesKeepsReadingAndReopensToACommit() throws IOException {
        List<Quad> committed = quads(5, 3);
        List<Quad> spilled = quads(400, 4); // over the small transaction buffer: commits through a checkpoint
        try (QuadStore store = QuadStore.open(dir, FaultScript.options(io))) {
            add(store, committed);
            io.armed = true;
            io.sticky = true;
            assertThrows(IOException.class, () -> add(store, spilled));
            IllegalStateException refused = assertThrows(IllegalStateException.class, store::beginWrite);
            assertTrue(refused.getMessage().contains("reopened"), refused.getMessage());
            assertEquals(Set.copyOf(committed), FaultRun.readAll(store)); // memory stays at the last commit
        }
        Set<Quad> reopened = reopenAfterFailure(); // the old manifest or the new: each names files that still exist
        Set<Quad> withSpilled = new java.util.HashSet<>(committed);
        withSpilled.addAll(spilled);
        assertTrue(reopened.equals(Set.copyOf(committed)) || reopened.equals(withSpilled),
            "reopened to " + reopened.size() + " quads, neither the last commit nor the failed one");
        try (QuadStore store = QuadStore.open(dir, FaultScript.options(StorageIo.system()))) {
            add(store, quads(3, 5)); // and it works again
        }
    }

    @Test
    void aFailedDirectoryForceAfterACompactionsManifestRenameLeavesAStoreThatOpens() throws IOException {
        List<Quad> committed = new ArrayList<>();
        try (QuadStore store = QuadStore.open(dir, FaultScript.options(io))) {
            for (int i = 0; i < 3; i++) {
                List<Quad> batch = quads(5, 10 + i);
                add(store, batch);
                committed.addAll(batch);
                store.checkpoint();
            }
            io.armed = true;
            assertThrows(IOException.class, store::compact);
        }
        assertEquals(Set.copyOf(committed), reopenAfterFailure());
    }
}
