package dev.cinnabar.quadstore;

import java.nio.file.Path;
import java.util.List;

/** Bulk loads {@code args[1]} into the store {@code args[0]} in small chunks; run and killed by BulkLoadTest. */
public final class BulkLoadMain {

    private BulkLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        try (QuadStore store = QuadStore.open(Path.of(args[0]))) {
            System.out.println("loading");
            System.out.flush();
            store.bulkLoad(List.of(Path.of(args[1])), BulkLoadOptions.defaults().withChunkQuads(1 << 16));
            System.out.println("loaded");
        }
    }
}
