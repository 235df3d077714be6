package dev.cinnabar.jena;

import org.apache.jena.graph.Node;

/**
 * Direct-mapped caches of atom id to decoded node and node to atom id. Slots hold immutable entries, so threads may
 * share one cache without locks: a racing reader sees either the old entry or the new one, never a torn one.
 *
 * <p>Whoever fills a cache must only put ids that no rollback can take back: an aborted write transaction discards
 * the atoms it interned, and their ids are later reused for other terms (see {@link StoreDatasetGraph}).
 */
final class NodeIdCache {

    private static final class Entry {
        final long id;
        final Node node;

        Entry(long id, Node node) {
            this.id = id;
            this.node = node;
        }
    }

    private final Entry[] byId;
    private final Entry[] byNode;
    private final int mask;

    /** A cache of {@code slots} entries each way; {@code slots} is a power of two. */
    NodeIdCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        byId = new Entry[slots];
        byNode = new Entry[slots];
        mask = slots - 1;
    }

    /** The node of {@code id}, or null if not cached. */
    Node node(long id) {
        Entry entry = byId[idSlot(id)];
        return entry != null && entry.id == id ? entry.node : null;
    }

    /** The id of {@code node}, or -1 if not cached. */
    long id(Node node) {
        Entry entry = byNode[nodeSlot(node)];
        return entry != null && entry.node.equals(node) ? entry.id : -1;
    }

    /**
     * Caches the node of {@code id} one way only, for a node just decoded: its id is known to whoever holds it, and
     * hashing a fresh node (its whole IRI or lexical form) for the other way cost a tenth of a query that returns
     * a million rows (LUBM q06).
     */
    void putDecoded(long id, Node node) {
        byId[idSlot(id)] = new Entry(id, node);
    }

    void put(long id, Node node) {
        Entry entry = new Entry(id, node);
        byId[idSlot(id)] = entry;
        byNode[nodeSlot(node)] = entry;
    }

    /** Copies every entry of {@code other} into this cache. */
    void putAll(NodeIdCache other) {
        for (Entry entry : other.byId) {
            if (entry != null) {
                put(entry.id, entry.node);
            }
        }
        for (Entry entry : other.byNode) {
            if (entry != null) {
                put(entry.id, entry.node);
            }
        }
    }

    private int idSlot(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    private int nodeSlot(Node node) {
        int h = node.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}
