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
 */
public record QuadStoreStats(long quads, long atoms, long graphs, int segments, long memtableQuads,
    Map<String, Long> bytesOnDisk) {

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
