package dev.cinnabar.jena;

import org.apache.jena.sparql.expr.NodeValue;

/**
 * A direct-mapped cache of committed atom id to ARQ's {@link NodeValue} of its term, shared by the read
 * transactions of one dataset ({@link IdExprVar}). A committed id is one term for good, and a node's value is a
 * function of the node, so an entry never goes stale. Slots hold immutable entries: a racing reader sees the old
 * entry or the new one, never a torn one.
 *
 * <p>Why: ARQ makes a variable's value anew each time an expression reads it, and for a typed literal that means
 * validating and parsing its lexical form ({@code xsd:integer} through {@code BigInteger}, {@code xsd:dateTime}
 * through an XML Schema validator), in every FILTER row and in every comparison of an ORDER BY.
 */
final class NodeValueCache {

    private record Entry(long id, NodeValue value) {
    }

    private final Entry[] slots;
    private final int mask;

    /** A cache of {@code slots} entries; {@code slots} is a power of two. */
    NodeValueCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.slots = new Entry[slots];
        this.mask = slots - 1;
    }

    /** The value of committed atom {@code id}, or null if not cached. */
    NodeValue get(long id) {
        Entry entry = slots[slot(id)];
        return entry != null && entry.id == id ? entry.value : null;
    }

    /** Caches the value of committed atom {@code id}. */
    void put(long id, NodeValue value) {
        slots[slot(id)] = new Entry(id, value);
    }

    private int slot(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
