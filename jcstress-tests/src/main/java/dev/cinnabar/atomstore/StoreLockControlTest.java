package dev.cinnabar.atomstore;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

import dev.cinnabar.storage.MappedFile;

/**
 * Control for {@link StoreLockTest}: the same writer, and a reader that does not take the read lock. So that it
 * cannot crash on an unmapped page, this reader never dereferences the mapping: it only asks
 * {@link MappedFile#addressOf} where the data file's first chunk is mapped, twice, with some work in between.
 * Seeing two different addresses (REMAPPED, acceptable-interesting here) is what the read lock rules out in
 * {@link StoreLockTest}: it shows that the forbidden outcome there is reachable and the lock is what prevents it.
 */
@JCStressTest
@Description("Control without the read lock: the data file's mapping changes under the reader.")
@Outcome(id = {"NO_GROWTH, SAME_MAPPING", "GREW, SAME_MAPPING", "REHASHED, SAME_MAPPING",
    "GREW+REHASHED, SAME_MAPPING"}, expect = Expect.ACCEPTABLE, desc = "No growth fell inside the reader's window.")
@Outcome(id = {"NO_GROWTH, REMAPPED", "GREW, REMAPPED", "REHASHED, REMAPPED", "GREW+REHASHED, REMAPPED"},
    expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "A growth (by this state's writer or, as actors drift apart, a neighbouring state's) remapped the chunk"
        + " between the reader's two looks: what the read lock prevents.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A failed intern.")
@State
public class StoreLockControlTest {

    private static final Generations<GrowthStore> STORES = new Generations<>("store-lock-control",
        GrowthStore.ATOMS_PER_GENERATION - 1, GrowthStore::owned);

    private final Generations.Claim<GrowthStore> claim = STORES.claim();
    private final GrowthStore shared = claim.resource();
    private String written;
    private String seen;

    @Actor
    public void writer() {
        shared.lock.writeLock().lock();
        try {
            written = shared.internNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            shared.lock.writeLock().unlock();
        }
    }

    @Actor
    public void reader() {
        MappedFile data = shared.data;
        long before = data.addressOf(0);
        long work = claim.index();
        for (int i = 0; i < 2000; i++) { // about as long as StoreLockTest's read-locked section
            work = work * 6364136223846793005L + 1442695040888963407L;
        }
        long after = data.addressOf(0);
        seen = before == after || work == 0 ? "SAME_MAPPING" : "REMAPPED";
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        r.r1 = written;
        r.r2 = seen;
        STORES.release(claim);
    }
}
