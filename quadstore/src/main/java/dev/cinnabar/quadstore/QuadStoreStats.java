package dev.cinnabar.quadstore;

import java.util.Map;

/**
 * A quad store's size, as of its last commit.
 *
 * @param quads       quads in the store
 * @param atoms       terms interned (committed atoms; terms of removed quads stay interned)
 * @param graphs      graphs holding at least one quad, the default graph included
 * @param segments    segment files holding the checkpointed quads
 * @param memtableQuads changes since the last checkpoint, held in heap and in the commit log
 * @param bytesOnDisk bytes per file kind: {@code atoms.data}, {@code atoms.offsets}, {@code atoms.hash},
 *                    {@code atoms.manifest}, {@code segments} (all six indexes), {@code index.SPOG} ...
 *                    {@code index.GOSP} (each index's share of the segments), {@code log}, {@code quads.manifest}
 * @param openReadTxns read transactions open now, each pinning the snapshot of the commit it began at
 * @param oldestReadTxnMillis how long the oldest open read transaction has been open (0 if none)
 * @param liveSnapshots commits whose snapshot is still held: the last commit, plus those pinned by open
 *                    transactions (each open transaction pins one, so this stays at most one more than them)
 * @param segmentsKeptForSnapshots segment files compacted away but kept, mapped, for open snapshots that list them
 * @param bytesKeptForSnapshots the bytes of those files, freed when the last snapshot listing them closes
 */
public record QuadStoreStats(long quads, long atoms, long graphs, int segments, long memtableQuads,
    Map<String, Long> bytesOnDisk, int openReadTxns, long oldestReadTxnMillis, int liveSnapshots,
    int segmentsKeptForSnapshots, long bytesKeptForSnapshots) {

    public QuadStoreStats {
        bytesOnDisk = Map.copyOf(bytesOnDisk);
    }

    /** Bytes of every file of the store (each index's share is already inside {@code segments}). */
    public long totalBytesOnDisk() {
        long total = 0;
        for (Map.Entry<String, Long> entry : bytesOnDisk.entrySet()) {
            if (!entry.getKey().startsWith("index.")) {
                total += entry.getValue();
            }
        }
        return total;
    }
}
