package dev.cinnabar.jena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.sparql.core.DatasetGraph;

/** Fresh stores in temporary directories for one test; {@link #closeAll()} ends their transactions and closes them. */
final class OpenStores {

    private final Path root;
    private final List<DatasetGraph> open = new ArrayList<>();

    OpenStores(Path root) {
        this.root = root;
    }

    DatasetGraph fresh() {
        try {
            DatasetGraph dsg = CinnabarJena.connect(Files.createTempDirectory(root, "store"));
            open.add(dsg);
            return dsg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void closeAll() {
        for (DatasetGraph dsg : open) {
            if (dsg.isInTransaction()) {
                dsg.abort();
                dsg.end();
            }
            dsg.close();
        }
        open.clear();
    }
}
