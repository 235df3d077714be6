package dev.cinnabar.benchmarks.bulk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.rdf4j.sail.lmdb.LmdbStore;
import org.eclipse.rdf4j.sail.lmdb.config.LmdbStoreConfig;

/**
 * RDF4J LmdbStore, configured as {@code quads.Rdf4jLmdbStore} but with a larger map: triple indexes
 * {@value Rdf4jNativeBulkRunner#INDEXES} (system property {@code cinnabar.rdf4j.indexes} overrides),
 * {@code forceSync}, a map size of {@value #MAP_GIB} GiB for the triple and for the value database (virtual
 * address space only; the files grow as pages are written; lubm100 fills about 1.2 and 0.4 GiB). LWJGL's natives
 * come with {@code rdf4j-sail-lmdb}. The load: see {@link Rdf4jBulkLoad}.
 */
public final class Rdf4jLmdbBulkRunner {

    /** LMDB map size of each database, GiB. */
    static final int MAP_GIB = 16;

    private Rdf4jLmdbBulkRunner() {
    }

    public static void main(String[] argv) throws Exception {
        String indexes = System.getProperty("cinnabar.rdf4j.indexes", Rdf4jNativeBulkRunner.INDEXES);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loader", "rdf4j-lmdb");
        config.put("indexes", indexes);
        config.put("map_gib", MAP_GIB);
        Rdf4jBulkLoad.run("Rdf4jLmdbBulkRunner", argv, dir -> sail(dir, indexes), config);
    }

    /** The store as configured above, in {@code dir}. */
    public static LmdbStore sail(Path dir, String indexes) {
        LmdbStoreConfig lmdb = new LmdbStoreConfig(indexes);
        lmdb.setForceSync(true);
        lmdb.setTripleDBSize((long) MAP_GIB << 30);
        lmdb.setValueDBSize((long) MAP_GIB << 30);
        return new LmdbStore(dir.toFile(), lmdb);
    }
}
