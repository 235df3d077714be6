package dev.cinnabar.benchmarks.quads;

import java.nio.file.Path;

import org.eclipse.rdf4j.sail.Sail;
import org.eclipse.rdf4j.sail.lmdb.LmdbStore;
import org.eclipse.rdf4j.sail.lmdb.config.LmdbStoreConfig;

/**
 * RDF4J LmdbStore with the same triple indexes as {@link Rdf4jNativeStore}, forced sync, and LMDB map sizes of
 * {@value #MAP_BYTES} bytes for the triple and the value database (the map is virtual address space; the files grow
 * as pages are written), so no resize happens during the load. Needs LWJGL's natives (on the class path through
 * {@code rdf4j-sail-lmdb}'s {@code natives-*} dependencies; LWJGL extracts them to a temp directory).
 */
public final class Rdf4jLmdbStore extends Rdf4jStore {

    static final long MAP_BYTES = 4L << 30;

    @Override
    public String name() {
        return "rdf4j-lmdb";
    }

    @Override
    public String describe() {
        return "RDF4J 5.2.0 LmdbStore, indexes " + indexes() + ", forceSync, map size 4 GiB per db, "
            + isolationNames();
    }

    @Override
    Sail createSail(Path dir) {
        LmdbStoreConfig config = new LmdbStoreConfig(indexes());
        config.setForceSync(true);
        config.setTripleDBSize(MAP_BYTES);
        config.setValueDBSize(MAP_BYTES);
        return new LmdbStore(dir.toFile(), config);
    }

    @Override
    String fileKind(Path relative) {
        // triples/data.mdb, values/data.mdb, .../lock.mdb; set<random digits>/... -> set*/...
        return relative.toString().replaceAll("[0-9]{6,}", "*");
    }
}
