package dev.cinnabar.jena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh stores in temporary directories for one test; {@link #closeAll()} ends their transactions and closes them.
 * As a JUnit extension ({@link #perTest()} in a {@code @RegisterExtension} field) it makes its own directory before
 * each test and closes the stores and deletes the directory after it, so a test class needs no setup of its own.
 */
final class OpenStores implements BeforeEachCallback, AfterEachCallback {

    private Path root;
    private final boolean ownsRoot;
    private final List<DatasetGraph> open = new ArrayList<>();

    OpenStores(Path root) {
        this.root = root;
        this.ownsRoot = false;
    }

    private OpenStores() {
        this.ownsRoot = true;
    }

    /** Stores for each test of a class that registers this as an extension. */
    static OpenStores perTest() {
        return new OpenStores();
    }

    DatasetGraph fresh() {
        try {
            return connect(Files.createTempDirectory(root, "store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty directory for a store a test writes through the quad store's own API first. */
    Path directory() throws IOException {
        return Files.createTempDirectory(root, "store");
    }

    /** The store in {@code directory}, closed after the test. */
    DatasetGraph connect(Path directory) throws IOException {
        DatasetGraph dsg = CinnabarJena.connect(directory);
        open.add(dsg);
        return dsg;
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

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (ownsRoot) {
            root = Files.createTempDirectory("cinnabar-test");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        closeAll();
        if (ownsRoot) {
            // Deepest first: a directory is deleted after what it holds.
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
