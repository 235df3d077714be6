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

/**
 * Growth: the writer interns large terms into a small store that owns its lock, so that about one intern in ten
 * extends the data file, maps the grown chunk, swaps the chunk table and unmaps the old mapping, and now and then
 * rehashes (a new index, the old one unmapped). The reader resolves atoms through the store's public API, which
 * takes the store's read lock in every call: the newest atom, an older one, and a lookup of the newest. Under the
 * lock contract it never sees a torn, zero or out-of-bounds value, and never crashes on an unmapped page.
 */
@JCStressTest
@Description("Growth (extend, map, swap, unmap) and rehash while a reader resolves under the store's own lock.")
@Outcome(id = {"NO_GROWTH, OK", "GREW, OK", "REHASHED, OK", "GREW+REHASHED, OK"}, expect = Expect.ACCEPTABLE,
    desc = "Every atom the reader resolved had exactly its bytes, whether or not this intern grew the store.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A torn, zero, wrong-length or out-of-bounds value, or a failed lookup.")
@State
public class GrowthTest {

    private static final Generations<GrowthStore> STORES = new Generations<>("growth",
        GrowthStore.ATOMS_PER_GENERATION - 1, GrowthStore::standalone);

    private final Generations.Claim<GrowthStore> claim = STORES.claim();
    private final AtomStore store = claim.resource().store;
    private String written;
    private String seen;

    @Actor
    public void writer() {
        try {
            written = claim.resource().internNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void reader() {
        try {
            long newest = store.size();
            String outcome = GrowthStore.check(newest, store.resolve(newest));
            long older = 1 + (newest * 31 + claim.index()) % newest;
            if (outcome.equals(GrowthStore.OK)) {
                outcome = GrowthStore.check(older, store.resolve(older));
            }
            if (outcome.equals(GrowthStore.OK) && store.lookup(GrowthStore.term(newest)) != newest) {
                outcome = "LOOKUP_MISSED";
            }
            seen = outcome;
        } catch (RuntimeException e) {
            seen = "OUT_OF_BOUNDS " + e.getClass().getSimpleName();
        }
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        r.r1 = written;
        r.r2 = seen;
        STORES.release(claim);
    }
}
