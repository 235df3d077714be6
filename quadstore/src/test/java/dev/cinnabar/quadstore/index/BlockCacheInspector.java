package dev.cinnabar.quadstore.index;

/** What a {@link BlockCache} holds, for the store's tests in other packages. */
public final class BlockCacheInspector {

    private BlockCacheInspector() {
    }

    /** Blocks the cache has copied and checked so far. */
    public static long copies(BlockCache cache) {
        return cache.copies;
    }

    /** Distinct segments the cache's slots and hints refer to. */
    public static int segmentsHeld(BlockCache cache) {
        return cache.segmentsHeld().size();
    }

    /** Of {@link #segmentsHeld}, those closed: what a cache must not keep reachable once it is idle. */
    public static long closedSegmentsHeld(BlockCache cache) {
        return cache.segmentsHeld().stream().filter(Segment::isClosed).count();
    }
}
