package dev.cinnabar.torture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;

/** The readers pass on a store whose commits match the ledger, and fail, saying so, when a commit does not. */
class SnapshotReadersTest {

    private static final SnapshotReaders.Settings SETTINGS = new SnapshotReaders.Settings(2, 4, 200_000_000L,
        100_000L);

    @TempDir
    Path dir;

    private static Quad quad(int i) {
        return new Quad(DefaultGraph.INSTANCE, new Iri("http://example.org/s/" + i % 7),
            new Iri("http://example.org/p"), Literal.of("v" + i));
    }

    /** Commits 60 transactions of 5 quads; the ledger gets the model, or with {@code lie} one quad fewer per commit. */
    private List<String> run(boolean lie) throws IOException {
        List<String> reported = new CopyOnWriteArrayList<>();
        List<String> failures;
        SnapshotReaders.Counts counts;
        try (QuadStore store = QuadStore.open(dir.resolve("store"), QuadStoreOptions.defaults()
            .withMemtableMaxQuads(40).withCompactionTriggerSegments(2))) {
            CommitLedger ledger = new CommitLedger();
            Set<Quad> model = new HashSet<>();
            ledger.recordLastCommit(store, Fingerprint.of(model));
            SnapshotReaders readers = SnapshotReaders.start(store, ledger, SETTINGS, 1, reported::add);
            for (int c = 0; c < 60; c++) {
                try (WriteTxn txn = store.beginWrite()) {
                    for (int i = 0; i < 5; i++) {
                        txn.add(quad(c * 5 + i));
                        model.add(quad(c * 5 + i));
                    }
                    txn.commit();
                }
                Set<Quad> told = new HashSet<>(model);
                if (lie) {
                    told.remove(quad(c * 5)); // as if the snapshot had missed a quad of this commit
                }
                ledger.recordLastCommit(store, Fingerprint.of(told));
                if (c % 10 == 9) {
                    ledger.noteMaintenance();
                    store.compact();
                }
            }
            failures = readers.stop();
            counts = readers.counts();
        }
        assertTrue(counts.checked() > 0, counts.toString());
        assertEquals(failures, List.copyOf(reported), "every failure was passed on at once");
        return failures;
    }

    @Test
    void snapshotsOfACorrectStorePassAndSomeAreHeldAcrossCommits() throws IOException {
        assertEquals(List.of(), run(false));
    }

    @Test
    void aSnapshotThatDoesNotMatchItsCommitsRecordFailsNamingTheCommit() throws IOException {
        List<String> failures = run(true);
        assertTrue(!failures.isEmpty() && failures.get(0).contains("the snapshot of commit ")
            && failures.get(0).contains("but that commit holds"), failures.toString());
    }
}
