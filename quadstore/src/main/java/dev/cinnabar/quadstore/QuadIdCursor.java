package dev.cinnabar.quadstore;

/**
 * Matching quads as atom ids, for query engines that join on ids and decode only what they return
 * ({@link QuadReader#term(long)}). Valid only while its transaction is open; not thread-safe.
 */
public interface QuadIdCursor {

    /** Advances to the next matching quad; false when there is none. */
    boolean next();

    long graph();

    long subject();

    long predicate();

    long object();
}
