package dev.cinnabar.benchmarks.quads;

import java.util.List;

/** The stores of the quad-store benchmark, by name: the one place a new {@link StoreUnderTest} is registered. */
public final class QuadStores {

    private QuadStores() {
    }

    /**
     * Every store name, in the order they run by default (Cinnabar first, before the peers fill the page cache).
     */
    public static final List<String> NAMES = List.of("cinnabar", "in-heap", "tdb2", "rdf4j-native", "rdf4j-lmdb");

    /** A new, unopened store of that name. */
    public static StoreUnderTest create(String name) {
        return switch (name) {
            case "cinnabar" -> new CinnabarStore();
            case "in-heap" -> new InHeapStore();
            case "tdb2" -> new Tdb2Store();
            case "rdf4j-native" -> new Rdf4jNativeStore();
            case "rdf4j-lmdb" -> new Rdf4jLmdbStore();
            default -> throw new IllegalArgumentException("unknown store '" + name + "': expected one of " + NAMES);
        };
    }
}
