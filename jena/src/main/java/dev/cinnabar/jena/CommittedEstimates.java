package dev.cinnabar.jena;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import dev.cinnabar.quadstore.PatternEstimate;

/**
 * Pattern estimates made by read transactions, shared by the dataset's later read transactions of the same commit,
 * so that planning a query run again and again does not sample the store each time. An entry made at an older
 * commit is made again; a write transaction never uses or fills it (it sees its own quads). Bounded: emptied when
 * it holds {@value #MAX_ENTRIES} entries.
 */
final class CommittedEstimates {

    static final int MAX_ENTRIES = 1 << 14;

    private record Entry(long commitSequence, PatternEstimate estimate) {
    }

    private final ConcurrentHashMap<List<Long>, Entry> entries = new ConcurrentHashMap<>();

    /** The estimate of pattern {@code key} made at commit {@code commitSequence}, or null. */
    PatternEstimate get(List<Long> key, long commitSequence) {
        Entry entry = entries.get(key);
        return entry != null && entry.commitSequence == commitSequence ? entry.estimate : null;
    }

    void put(List<Long> key, long commitSequence, PatternEstimate estimate) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        // A snapshot of an older commit must not replace the estimate of a newer one.
        entries.merge(key, new Entry(commitSequence, estimate),
                (old, made) -> made.commitSequence >= old.commitSequence ? made : old);
    }
}
