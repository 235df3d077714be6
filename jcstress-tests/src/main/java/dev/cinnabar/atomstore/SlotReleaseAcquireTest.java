package dev.cinnabar.atomstore;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The slot rule on its own: record and offsets entry with plain stores, then {@link HashIndex#publishSlotRelease};
 * the reader loads with {@link HashIndex#loadSlotAcquire} and then reads the entry and the record. The twin of
 * {@link SlotPlainControlTest}, which differs only in using plain stores and loads for the slot word.
 */
@JCStressTest
@Description("Release store of the slot word, acquire load by the reader: the atom id is never visible with its"
    + " offsets entry or record stale.")
@Outcome(id = SlotFiles.NOT_PUBLISHED, expect = Expect.ACCEPTABLE, desc = "The slot word was not stored yet.")
@Outcome(id = SlotFiles.COMPLETE, expect = Expect.ACCEPTABLE, desc = "Slot word, offsets entry and record all seen.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The slot word was visible with a stale offsets entry or record, or torn.")
@State
public class SlotReleaseAcquireTest {

    private static final Generations<SlotFiles> FILES = new Generations<>("slot-release",
        SlotFiles.SLOTS_PER_GENERATION, SlotFiles::create);

    private final Generations.Claim<SlotFiles> claim = FILES.claim();
    private String seen;

    @Actor
    public void writer() {
        claim.resource().publish(claim.index(), true);
    }

    @Actor
    public void reader() {
        seen = claim.resource().observe(claim.index(), true);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = seen;
        FILES.release(claim);
    }
}
