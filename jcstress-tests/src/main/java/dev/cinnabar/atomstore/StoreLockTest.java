package dev.cinnabar.atomstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.agrona.concurrent.UnsafeBuffer;
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
 * The store lock: a store in owner mode ({@link LockContract#of} over the owner's {@link ReentrantReadWriteLock}, as
 * a quad store holds it). The writer interns under the write lock, often growing and remapping the data file. The
 * reader holds the read lock across several calls: it notes where the data file's first chunk and the newest atom
 * are mapped ({@link MappedFile#addressOf}, {@link AtomStore#wrapAtom}), reads the atom through that zero-copy view,
 * resolves an older atom, and then checks that nothing it used was remapped and that the first view still reads
 * the same bytes. While it holds the read lock, no remap or unmap may happen. {@link StoreLockControlTest} shows
 * that without the lock the mapping does change under a reader.
 */
@JCStressTest
@Description("While a reader holds the owner's read lock, nothing it reads is remapped or unmapped.")
@Outcome(id = {"NO_GROWTH, SAME_MAPPING", "GREW, SAME_MAPPING", "REHASHED, SAME_MAPPING",
    "GREW+REHASHED, SAME_MAPPING"}, expect = Expect.ACCEPTABLE,
    desc = "The mapping stayed put and the view kept its bytes for the whole read-locked section.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A remap during the read-locked section (REMAPPED), or a view whose bytes changed or were wrong.")
@State
public class StoreLockTest {

    private static final Generations<GrowthStore> STORES = new Generations<>("store-lock",
        GrowthStore.ATOMS_PER_GENERATION - 1, GrowthStore::owned);

    private final Generations.Claim<GrowthStore> claim = STORES.claim();
    private final GrowthStore shared = claim.resource();
    private final UnsafeBuffer first = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer second = new UnsafeBuffer(0, 0);
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
        AtomStore store = shared.store;
        shared.lock.readLock().lock();
        try {
            long chunkBefore = shared.data.addressOf(0);
            long newest = store.size();
            store.wrapAtom(newest, first);
            String outcome = GrowthStore.check(newest, first);
            long older = 1 + (newest * 31 + claim.index()) % newest;
            if (outcome.equals(GrowthStore.OK)) {
                outcome = GrowthStore.check(older, store.resolve(older));
            }
            store.wrapAtom(newest, second);
            if (outcome.equals(GrowthStore.OK)) {
                outcome = GrowthStore.check(newest, first); // still mapped, still the same bytes
            }
            boolean sameMapping = shared.data.addressOf(0) == chunkBefore
                && second.addressOffset() == first.addressOffset();
            seen = !outcome.equals(GrowthStore.OK) ? outcome : sameMapping ? "SAME_MAPPING" : "REMAPPED";
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
