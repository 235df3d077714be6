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
 * Control: {@link SlotReleaseAcquireTest} with a plain store and a plain load of the slot word
 * ({@code MappedFile.putLong}/{@code getLong}) in place of release and acquire. Without the ordering, the Java
 * memory model allows the reader to see the slot word and a stale offsets entry or record: the outcome the real
 * tests forbid. It is marked acceptable-interesting, so it is reported when seen and never fails the run. On x86
 * (TSO) the hardware reorders neither stores with stores nor loads with loads, so it can only come from the JIT
 * reordering the plain accesses; see the module README for how often it was seen here.
 */
@JCStressTest
@Description("Control with plain stores and loads of the slot word: stale fields behind a visible slot are allowed.")
@Outcome(id = SlotFiles.NOT_PUBLISHED, expect = Expect.ACCEPTABLE, desc = "The slot word was not stored yet.")
@Outcome(id = SlotFiles.COMPLETE, expect = Expect.ACCEPTABLE, desc = "Slot word, offsets entry and record all seen.")
@Outcome(id = {SlotFiles.STALE_OFFSET, SlotFiles.STALE_RECORD}, expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "The slot word was visible with a stale field: what release/acquire prevents in the real tests.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A torn slot word (one aligned 8-byte access cannot tear).")
@State
public class SlotPlainControlTest {

    private static final Generations<SlotFiles> FILES = new Generations<>("slot-plain",
        SlotFiles.SLOTS_PER_GENERATION, SlotFiles::create);

    private final Generations.Claim<SlotFiles> claim = FILES.claim();
    private String seen;

    @Actor
    public void writer() {
        claim.resource().publish(claim.index(), false);
    }

    @Actor
    public void reader() {
        seen = claim.resource().observe(claim.index(), false);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = seen;
        FILES.release(claim);
    }
}
