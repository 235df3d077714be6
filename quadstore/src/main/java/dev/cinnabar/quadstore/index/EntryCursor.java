package dev.cinnabar.quadstore.index;

/**
 * A forward cursor over the entries of one {@link IndexOrder}, in ascending key order, restricted to the entries
 * whose first key positions equal a prefix given when the cursor was opened. Every index source (segments,
 * in-memory buffers, merges of several sources) implements it, which is why it is this small.
 *
 * <p>An entry is a key (four longs in the order's layout) and a tombstone flag: a tombstone records that a quad
 * was removed, hiding it in older sources. A cursor holds no resources and needs no closing. It is used by one
 * thread at a time.
 */
public interface EntryCursor {

    /**
     * Advances to the next entry. Returns {@code false} when there is none; the cursor then stays exhausted. Must
     * be called before the first {@link #key}.
     */
    boolean next();

    /**
     * Key position {@code position} (0..3, in the order's layout) of the current entry. Only valid after
     * {@link #next()} returned {@code true}, and until the next call of {@code next} or {@code seek}.
     */
    long key(int position);

    /** Whether the current entry is a tombstone (a removal). Valid as {@link #key}. */
    boolean tombstone();

    /**
     * Positions the cursor so that the following {@link #next()} returns the first entry whose key is greater than
     * or equal to (k0, k1, k2, k3) and still inside the cursor's prefix range, or {@code false} if there is none.
     * Seeking never moves backwards: a target at or before the current entry (or before an earlier seek's target)
     * leaves the position as it is, so {@code next} then returns the entry after the current one.
     */
    void seek(long k0, long k1, long k2, long k3);
}
