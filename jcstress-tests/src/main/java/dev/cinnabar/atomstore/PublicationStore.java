package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;

import dev.cinnabar.storage.MappedFile;

/**
 * The store of {@link InternPublicationTest}: a real {@link AtomStore} whose writer interns while a reader probes
 * its index with no lock at all, to check the index's own publication rule (ADR-001: release store of the slot word,
 * acquire load by readers) apart from the lock that normally orders them too.
 *
 * <p>Stepping outside the lock contract is safe here only because nothing is ever unmapped while the test runs:
 * the index is sized for the whole generation (no rehash), and the data and offsets files use 64 KiB chunks, so
 * their growth (always in 64 KiB multiples) only maps new chunks and never remaps or unmaps one a reader may use.
 *
 * <p>Every term of a generation gets a hash fragment (the top 24 bits of its hash, kept in its slot word) that no
 * other term of the generation has. A reader that finds its fragment in a slot has therefore found its own atom,
 * so any mismatch in the offsets entry or the record is staleness, never a collision.
 */
final class PublicationStore implements AutoCloseable {

    static final long ATOMS_PER_GENERATION = 1 << 17;
    private static final int CHUNK_BYTES = 64 * 1024;

    /** The owner-mode contract of a store whose test deliberately takes no lock (asserts are off in the forks). */
    private static final LockContract NO_LOCK = new LockContract() {
        @Override
        public boolean holdsWriteLock() {
            return true;
        }

        @Override
        public boolean holdsReadOrWriteLock() {
            return true;
        }
    };

    final AtomStore store;
    final HashIndex index;
    final MappedFile data;
    final MappedFile offsets;
    private final int generation;
    private final BitSet fragmentsInUse = new BitSet(1 << HashIndex.FRAGMENT_BITS);

    private PublicationStore(AtomStore store, int generation) {
        this.store = store;
        this.index = Internals.index(store);
        this.data = Internals.data(store);
        this.offsets = Internals.offsets(store);
        this.generation = generation;
    }

    static PublicationStore create(Path directory, int generation) throws IOException {
        AtomStore store = AtomStore.open(directory, AtomStoreOptions.defaults()
            .withLockContract(NO_LOCK)
            .withChunkSizeBytes(CHUNK_BYTES)
            .withMaxAtomBytes(1024)
            .withInitialHashCapacity(ATOMS_PER_GENERATION * 2) // load factor 0.5 at the end: never rehashes
            .withInitialDataBytes(ATOMS_PER_GENERATION * 40));
        return new PublicationStore(store, generation);
    }

    /** A new term of this generation whose hash fragment no other term of the generation has. */
    synchronized byte[] newTerm(long number) {
        for (int salt = 0; ; salt++) {
            byte[] term = ("publication-" + generation + "-" + number + "-" + salt).getBytes(StandardCharsets.US_ASCII);
            int fragment = (int) HashIndex.fragment(TermHash.hash(term, 0, term.length));
            if (!fragmentsInUse.get(fragment)) {
                fragmentsInUse.set(fragment);
                return term;
            }
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
