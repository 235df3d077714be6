package dev.cinnabar.jena;

import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.WriteTxn;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * TEMPORARY stand-in for quad store calls that are about to land on main (commit sequence, metadata). Until then:
 * the commit sequence is unknown (-1, so an isolated promotion fails) and prefixes live in memory only,
 * per dataset and not transactional.
 */
final class PendingStoreApi {

    private final SortedMap<String, String> memory = Collections.synchronizedSortedMap(new TreeMap<>());


    static long commitSequence(QuadReader reader) {
        return -1;
    }

    SortedMap<String, String> metadata(QuadReader reader) {
        synchronized (memory) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(memory));
        }
    }

    void putMetadata(WriteTxn write, String key, String value) {
        memory.put(key, value);
    }

    void removeMetadata(WriteTxn write, String key) {
        memory.remove(key);
    }
}
