package dev.cinnabar.jena;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.apache.jena.riot.system.PrefixLib;
import org.apache.jena.riot.system.PrefixMapBase;

/**
 * The dataset's prefixes, kept in the store's metadata as {@code jena.prefix.<prefix>} → IRI, so they commit
 * atomically with the quads of the same write transaction and persist with the store. Changes need a WRITE
 * transaction, like quad changes; reads outside a transaction see the last commit.
 */
final class StorePrefixMap extends PrefixMapBase {

    /** The metadata key prefix of every entry. */
    static final String KEY_PREFIX = "jena.prefix.";
    /** The first key after all {@link #KEY_PREFIX} keys ('/' follows '.'). */
    private static final String KEY_END = "jena.prefix/";

    private final StoreDatasetGraph dataset;

    StorePrefixMap(StoreDatasetGraph dataset) {
        this.dataset = dataset;
    }

    /** The metadata key of {@code prefix} (a bulk load puts prefixes there too). */
    static String key(String prefix) {
        return KEY_PREFIX + PrefixLib.canonicalPrefix(prefix);
    }

    private static SortedMap<String, String> entries(SortedMap<String, String> metadata) {
        return metadata.subMap(KEY_PREFIX, KEY_END);
    }

    @Override
    public String get(String prefix) {
        return dataset.readMetadata(metadata -> metadata.get(key(prefix)));
    }

    /** A snapshot of the prefixes (prefix → IRI), unmodifiable. */
    @Override
    public Map<String, String> getMapping() {
        return dataset.readMetadata(metadata -> {
            Map<String, String> prefixes = new LinkedHashMap<>();
            entries(metadata).forEach((key, iri) -> prefixes.put(key.substring(KEY_PREFIX.length()), iri));
            return Collections.unmodifiableMap(prefixes);
        });
    }

    @Override
    public void add(String prefix, String iri) {
        dataset.requireWrite("add prefix " + prefix).putMetadata(key(prefix), iri);
    }

    @Override
    public void delete(String prefix) {
        dataset.requireWrite("delete prefix " + prefix).removeMetadata(key(prefix));
    }

    @Override
    public void clear() {
        var write = dataset.requireWrite("clear prefixes");
        for (String key : dataset.readMetadata(metadata -> entries(metadata).keySet().toArray(new String[0]))) {
            write.removeMetadata(key);
        }
    }

    @Override
    public boolean containsPrefix(String prefix) {
        return get(prefix) != null;
    }

    @Override
    public boolean isEmpty() {
        return dataset.readMetadata(metadata -> entries(metadata).isEmpty());
    }

    @Override
    public int size() {
        return dataset.readMetadata(metadata -> entries(metadata).size());
    }
}
