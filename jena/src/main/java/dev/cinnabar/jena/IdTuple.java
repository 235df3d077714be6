package dev.cinnabar.jena;

import java.util.Arrays;

/**
 * A tuple of atom ids compared by value, as a hash key: an id is one term, so equal tuples are equal terms
 * position by position. The array is the caller's and must not change once the tuple is a key.
 */
record IdTuple(long[] ids) {

    @Override
    public boolean equals(Object other) {
        return other instanceof IdTuple tuple && Arrays.equals(tuple.ids, ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return Arrays.toString(ids);
    }
}
