package dev.cinnabar.benchmarks.bulk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.rdf4j.sail.nativerdf.NativeStore;

/**
 * RDF4J NativeStore, configured as {@code quads.Rdf4jNativeStore}: triple indexes {@value #INDEXES} (system
 * property {@code cinnabar.rdf4j.indexes} overrides), {@code forceSync}, default caches. The load: see
 * {@link Rdf4jBulkLoad}.
 */
public final class Rdf4jNativeBulkRunner {

    /** The triple indexes, as in the transactional benchmark. */
    public static final String INDEXES = "spoc,posc,ospc";

    private Rdf4jNativeBulkRunner() {
    }

    public static void main(String[] argv) throws Exception {
        String indexes = System.getProperty("cinnabar.rdf4j.indexes", INDEXES);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loader", "rdf4j-native");
        config.put("indexes", indexes);
        Rdf4jBulkLoad.run("Rdf4jNativeBulkRunner", argv, dir -> sail(dir, indexes), config);
    }

    /** The store as configured above, in {@code dir}. */
    public static NativeStore sail(Path dir, String indexes) {
        NativeStore store = new NativeStore(dir.toFile(), indexes);
        store.setForceSync(true);
        return store;
    }
}
