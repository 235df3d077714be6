package dev.cinnabar.benchmarks.quads;

import java.nio.file.Path;

import org.eclipse.rdf4j.sail.Sail;
import org.eclipse.rdf4j.sail.nativerdf.NativeStore;

/**
 * RDF4J NativeStore with the triple indexes of {@link Rdf4jStore#indexes()} (default {@value Rdf4jStore#DEFAULT_INDEXES};
 * NativeStore's own default is {@code spoc,posc}), forced sync, default caches.
 */
public final class Rdf4jNativeStore extends Rdf4jStore {

    @Override
    public String name() {
        return "rdf4j-native";
    }

    @Override
    public String describe() {
        return "RDF4J 5.2.0 NativeStore, indexes " + indexes() + ", forceSync, " + isolationNames();
    }

    @Override
    Sail createSail(Path dir) {
        NativeStore store = new NativeStore(dir.toFile(), indexes());
        store.setForceSync(true);
        return store;
    }

    @Override
    String fileKind(Path relative) {
        // triples-spoc.dat + triples-spoc.alloc -> triples-spoc; values.dat/.hash/.id -> values.*
        String name = relative.getFileName().toString();
        if (name.startsWith("values.")) {
            return name;
        }
        return StoreFiles.baseName(relative);
    }
}
