package dev.cinnabar.rdf4j;

import java.util.SortedMap;

/**
 * Where namespaces live in the store's metadata: the same keys the Jena adapter uses for its prefixes, so a store
 * shows the same prefixes through either (a Jena prefix and an RDF4J namespace prefix are both written without the
 * colon).
 */
final class Namespaces {

    static final String KEY_PREFIX = "jena.prefix.";
    /** The first key after all {@link #KEY_PREFIX} keys ('/' follows '.'). */
    private static final String KEY_END = "jena.prefix/";

    private Namespaces() {
    }

    static String key(String prefix) {
        return KEY_PREFIX + prefix;
    }

    static String prefix(String key) {
        return key.substring(KEY_PREFIX.length());
    }

    static SortedMap<String, String> entries(SortedMap<String, String> metadata) {
        return metadata.subMap(KEY_PREFIX, KEY_END);
    }
}
