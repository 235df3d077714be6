package dev.cinnabar.quadstore;

import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.cinnabar.quadstore.term.Term;

/**
 * A store-wide cache of committed atoms, both ways (id to term, term to id), shared by every transaction without a
 * lock, so that reads of hot terms take no atom read lock and so never wait for the writer's interns (ADR-014).
 *
 * <p>Only committed atoms go in: a committed atom's id and bytes never change and are never rolled back, so an
 * entry is true for every snapshot; a snapshot older than the atom still checks the id against its own atom count.
 * Direct-mapped: a new entry replaces whatever shared its slot, so the cache holds at most
 * {@value #SLOTS} entries each way whatever the store's size. Entries are immutable records published with release
 * stores and read with acquire loads.
 */
final class CommittedTerms {

    static final int SLOTS = 1 << 16;
    private static final int MASK = SLOTS - 1;

    private record Entry(long id, Term term) {
    }

    private final AtomicReferenceArray<Entry> byId = new AtomicReferenceArray<>(SLOTS);
    private final AtomicReferenceArray<Entry> byTerm = new AtomicReferenceArray<>(SLOTS);

    /** The term of committed atom {@code id}, or null if not cached. */
    Term term(long id) {
        Entry entry = byId.getAcquire(idSlot(id));
        return entry != null && entry.id == id ? entry.term : null;
    }

    /** The committed atom id of {@code term}, or 0 if not cached (no atom has id 0). */
    long id(Term term) {
        Entry entry = byTerm.getAcquire(termSlot(term));
        return entry != null && entry.term.equals(term) ? entry.id : 0;
    }

    /** Caches committed atom {@code id}, whose term is {@code term}. The caller knows the atom is committed. */
    void put(long id, Term term) {
        Entry entry = new Entry(id, term);
        byId.setRelease(idSlot(id), entry);
        byTerm.setRelease(termSlot(term), entry);
    }

    /** How many id slots hold an entry (a full pass over the slots: for tests and diagnostics). */
    int cachedIds() {
        int n = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            n += byId.getAcquire(slot) != null ? 1 : 0;
        }
        return n;
    }

    private static int idSlot(long id) {
        return (int) id & MASK; // ids are dense: consecutive atoms take consecutive slots
    }

    private static int termSlot(Term term) {
        int h = term.hashCode();
        return (h ^ (h >>> 16)) & MASK;
    }
}
