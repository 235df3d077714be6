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
 * Index growth beside the readers (ADR-014), as the quad store's writer does it: holding only the writer lock (the
 * commit right), the writer builds a new index of every atom ({@link AtomStore#prepareIndex}, alternately 256 and
 * 512 slots, so every state swaps the index), while the reader holds the read lock and reads the atoms and the
 * index being copied. Then, under the write lock, the writer installs the new index (unmapping the old one) and
 * interns the next atom. The reader resolves the newest and an older atom and looks the newest up, and checks
 * that the index it read through was not swapped while it held the read lock. Forbidden: a torn, zero or wrong
 * value, a missed lookup, a swap under the read lock, an install refused (nothing else interns meanwhile).
 */
@JCStressTest
@Description("A grown index is built beside readers under the commit right and swapped in under the write lock.")
@Outcome(id = "INSTALLED, OK", expect = Expect.ACCEPTABLE,
    desc = "The reader read exact bytes through one index; the writer's prepared index was installed.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A torn, zero or wrong value, a missed lookup, an index swapped under the read lock, a refused install.")
@State
public class PreparedGrowthTest {

    private static final Generations<GrowthStore> STORES = new Generations<>("prepared-growth",
        GrowthStore.ATOMS_PER_GENERATION - 1, GrowthStore::ownedWithWriter);

    private final Generations.Claim<GrowthStore> claim = STORES.claim();
    private final GrowthStore shared = claim.resource();
    private String written;
    private String seen;

    @Actor
    public void writer() {
        AtomStore store = shared.store;
        shared.writer.lock();
        try {
            long capacity = (claim.index() & 1) == 0 ? 256 : 512;
            AtomStore.IndexGrowth growth = store.prepareIndex(capacity); // no read/write lock held
            shared.lock.writeLock().lock();
            try {
                boolean installed = store.installIndex(growth);
                String interned = shared.internNext();
                written = !installed ? "REFUSED"
                    : Internals.index(store).capacity() != capacity ? "REHASHED_AGAIN"
                    : interned.equals("WRONG_ID") ? interned : "INSTALLED";
            } finally {
                shared.lock.writeLock().unlock();
                growth.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            shared.writer.unlock();
        }
    }

    @Actor
    public void reader() {
        AtomStore store = shared.store;
        shared.lock.readLock().lock();
        try {
            HashIndex before = Internals.index(store);
            long newest = store.size();
            String outcome = GrowthStore.check(newest, store.resolve(newest));
            long older = 1 + (newest * 31 + claim.index()) % newest;
            if (outcome.equals(GrowthStore.OK)) {
                outcome = GrowthStore.check(older, store.resolve(older));
            }
            if (outcome.equals(GrowthStore.OK) && store.lookup(GrowthStore.term(newest)) != newest) {
                outcome = "LOOKUP_MISSED";
            }
            if (outcome.equals(GrowthStore.OK) && store.lookup(GrowthStore.term(older)) != older) {
                outcome = "LOOKUP_MISSED";
            }
            if (outcome.equals(GrowthStore.OK) && Internals.index(store) != before) {
                outcome = "SWAPPED_UNDER_READ_LOCK";
            }
            seen = outcome;
        } catch (RuntimeException e) {
            seen = "OUT_OF_BOUNDS " + e.getClass().getSimpleName();
        } finally {
            shared.lock.readLock().unlock();
        }
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        r.r1 = written;
        r.r2 = seen;
        STORES.release(claim);
    }
}
