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
import org.openjdk.jcstress.infra.results.L_Result;

import dev.cinnabar.storage.MappedFile;

/**
 * Slot publication on the real writer: {@link AtomStore#intern} writes the record and the offsets entry with plain
 * stores and then publishes the slot word with {@link HashIndex#publishSlotRelease}. The reader probes the same
 * store's index as {@code AtomStore.probe} does, with {@link HashIndex#loadSlotAcquire}, and once it sees its atom's
 * slot word it reads the offsets entry and the record. No lock is taken by either side (see
 * {@link PublicationStore}): the release/acquire pair alone must make the record visible with the slot.
 */
@JCStressTest
@Description("AtomStore.intern publishes a slot with release; a reader probing with acquire never sees the atom id"
    + " with its offsets entry or its record stale.")
@Outcome(id = "NOT_PUBLISHED", expect = Expect.ACCEPTABLE, desc = "The reader probed before the slot word was stored.")
@Outcome(id = "COMPLETE", expect = Expect.ACCEPTABLE,
    desc = "Slot word seen, and with it the offsets entry and every byte of the record; lookup finds the atom.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "The atom id was visible with the offsets entry or the record stale (or lookup missed a visible atom).")
@State
public class InternPublicationTest {

    private static final Generations<PublicationStore> STORES = new Generations<>("publication",
        PublicationStore.ATOMS_PER_GENERATION, PublicationStore::create);

    private final Generations.Claim<PublicationStore> claim = STORES.claim();
    private final PublicationStore shared = claim.resource();
    private final byte[] term = shared.newTerm(claim.index());
    private final long hash = TermHash.hash(term, 0, term.length);

    private long writtenId;
    private long seenId;
    private String seen;

    @Actor
    public void writer() {
        try {
            writtenId = shared.store.intern(term);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void reader() {
        HashIndex index = shared.index;
        long fragment = HashIndex.fragment(hash);
        long slot = index.homeSlot(hash);
        while (true) {
            long word = index.loadSlotAcquire(slot);
            if (word == 0) {
                seen = "NOT_PUBLISHED";
                return;
            }
            if (HashIndex.fragmentOf(word) == fragment) { // unique in the generation: this is our atom
                seenId = HashIndex.atomIdOf(word);
                seen = checkFields(seenId);
                if (seen.equals("COMPLETE") && shared.store.lookup(term) != seenId) {
                    seen = "LOOKUP_MISSED";
                }
                return;
            }
            slot = index.nextSlot(slot);
        }
    }

    /** The offsets entry and the record of a visible atom, as the slot word's other fields. */
    private String checkFields(long id) {
        MappedFile offsets = shared.offsets;
        MappedFile data = shared.data;
        long start = offsets.getLong((id - 1) * AtomStore.OFFSET_ENTRY_BYTES);
        if (start < 0 || start + 1 + term.length > data.length()) {
            return "STALE_OFFSET";
        }
        // Terms are shorter than 128 bytes: a one-byte length prefix, then the bytes.
        if (data.getByte(start) != term.length) {
            return "STALE_RECORD";
        }
        for (int i = 0; i < term.length; i++) {
            if (data.getByte(start + 1 + i) != term[i]) {
                return "STALE_RECORD";
            }
        }
        return "COMPLETE";
    }

    @Arbiter
    public void arbiter(L_Result r) {
        String outcome = seen;
        if (outcome.equals("COMPLETE") && seenId != writtenId) {
            outcome = "WRONG_ID";
        }
        r.r1 = outcome;
        STORES.release(claim);
    }
}
