package dev.cinnabar.atomstore;

/**
 * A snapshot of an atom store's size and index quality.
 *
 * @param atoms            atoms interned, committed or not
 * @param committedAtoms   atoms made durable by the last commit
 * @param dataBytes        bytes of the data region in use (length prefixes and chunk padding included)
 * @param termBytes        bytes of the terms themselves
 * @param hashCapacity     slots in the hash index
 * @param loadFactor       atoms / hash capacity
 * @param longestProbe     most slots any atom's lookup inspects (1 = found at its home slot)
 * @param meanProbe        mean slots inspected by a successful lookup
 * @param dataFileBytes    length of the data file
 * @param offsetsFileBytes length of the offsets file
 * @param hashFileBytes    length of the hash index file
 */
public record AtomStoreStats(
    long atoms,
    long committedAtoms,
    long dataBytes,
    long termBytes,
    long hashCapacity,
    double loadFactor,
    long longestProbe,
    double meanProbe,
    long dataFileBytes,
    long offsetsFileBytes,
    long hashFileBytes) {

    /** Total bytes of the store's files. */
    public long fileBytes() {
        return dataFileBytes + offsetsFileBytes + hashFileBytes + Manifest.SIZE_BYTES;
    }

    /** Bytes in use per atom beyond its own bytes: offsets, length prefixes, padding and the hash index. */
    public double overheadBytesPerAtom() {
        return atoms == 0 ? 0 : (double) (dataBytes - termBytes + atoms * 8L
            + HashIndex.fileLength(hashCapacity)) / atoms;
    }
}
