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

/**
 * Releasing a mapping an old snapshot still uses (ADR-014). The writer commits one quad, checkpoints it into a second
 * segment and compacts both segments into one: the compaction retires the inputs, publishes the new snapshot and
 * drops the old one, which unmaps and deletes every input no other snapshot lists. The reader, on another thread,
 * pins whatever snapshot is current and reads every quad of it through the segments it lists. A segment unmapped
 * under it would crash the JVM or fail a block check; the quads it reads must be exactly its snapshot's count.
 */
@JCStressTest
@Description("A snapshot keeps its segments mapped while a compaction retires them: whole reads, no crash.")
@Outcome(id = "ONE_SEGMENT", expect = Expect.ACCEPTABLE,
    desc = "The reader pinned a snapshot of one segment (before the checkpoint or after the compaction).")
@Outcome(id = "TWO_SEGMENTS", expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "The reader pinned the snapshot between checkpoint and compaction, and read it while its segments were"
        + " compacted away.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A wrong count (a torn read) or an exception (a closed segment).")
@State
public class SegmentReleaseTest {

    private static final Generations<SnapshotStore> STORES = new Generations<>("segment-release",
        SnapshotStore.STATES_PER_GENERATION, SnapshotStore::create);

    private final Generations.Claim<SnapshotStore> claim = STORES.claim();
    private final QuadStore store = claim.resource().store;
    private String seen;

    @Actor
    public void writer() {
        try {
            try (WriteTxn w = store.beginWrite()) {
                w.add(SnapshotStore.quad("http://example.org/s" + claim.index(), SnapshotStore.A));
                w.commit();
            }
            store.checkpoint();
            store.compact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void reader() {
        try (ReadTxn r = store.beginRead()) {
            int segments = SnapshotStore.segmentsOf(r);
            long expected = SnapshotStore.quadCountOf(r);
            long read = 0;
            QuadIdCursor quads = r.matchIds(QuadStore.ANY, QuadStore.ANY, QuadStore.ANY, QuadStore.ANY);
            while (quads.next()) {
                read++;
            }
            long counted = r.count(null, null, SnapshotStore.P, null);
            seen = read != expected || counted != expected ? "WRONG read " + read + " counted " + counted
                + " of " + expected : segments == 1 ? "ONE_SEGMENT" : segments == 2 ? "TWO_SEGMENTS"
                : "SEGMENTS " + segments;
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
