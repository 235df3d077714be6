package dev.cinnabar.quadstore;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import dev.cinnabar.atomstore.Generations;
import dev.cinnabar.quadstore.term.Iri;

/**
 * Publishing a commit to a new snapshot (ADR-014). The writer begins a WriteTxn, adds two quads about a subject no
 * commit has named (so it interns a new atom) and commits: the commit forces its log record and atoms, builds the
 * next {@link Snapshot} and publishes it by one volatile store. The reader, on another thread, begins a ReadTxn
 * (taking no lock but the atom read lock inside each lookup) and looks up the subject's id and both quads. It must see
 * the commit whole or not at all: no id and no quad, or the id and both quads.
 */
@JCStressTest
@Description("A new snapshot sees a commit whole or not at all: its new atom and both its quads, or none of them.")
@Outcome(id = "OLD", expect = Expect.ACCEPTABLE, desc = "The reader pinned the snapshot before the commit.")
@Outcome(id = "NEW", expect = Expect.ACCEPTABLE, desc = "The reader pinned the commit's snapshot.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "Part of a commit (an atom without its quads, one quad of two), or an exception.")
@State
public class SnapshotPublicationTest {

    private static final Generations<SnapshotStore> STORES = new Generations<>("snapshot-publication",
        SnapshotStore.STATES_PER_GENERATION, SnapshotStore::create);

    private final Generations.Claim<SnapshotStore> claim = STORES.claim();
    private final QuadStore store = claim.resource().store;
    private final String subject = "http://example.org/s" + claim.index();
    private String seen;

    @Actor
    public void writer() {
        try (WriteTxn w = store.beginWrite()) {
            w.add(SnapshotStore.quad(subject, SnapshotStore.A));
            w.add(SnapshotStore.quad(subject, SnapshotStore.B));
            w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void reader() {
        try (ReadTxn r = store.beginRead()) {
            boolean id = r.termId(new Iri(subject)) > 0;
            boolean a = r.contains(SnapshotStore.quad(subject, SnapshotStore.A));
            boolean b = r.contains(SnapshotStore.quad(subject, SnapshotStore.B));
            long count = r.count(null, new Iri(subject), null, null);
            seen = !id && !a && !b && count == 0 ? "OLD" : id && a && b && count == 2 ? "NEW"
                : "PART id=" + id + " a=" + a + " b=" + b + " count=" + count;
        } catch (RuntimeException e) {
            seen = "EXCEPTION " + e;
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = seen;
        STORES.release(claim);
    }
}
