package dev.cinnabar.rdf4j;

import java.io.File;

import org.eclipse.rdf4j.sail.Sail;
import org.eclipse.rdf4j.testsuite.sail.SailInterruptTest;
import org.junit.jupiter.api.io.TempDir;

/** RDF4J's own {@code SailInterruptTest} on a Cinnabar store in a fresh directory per test. Exclusions: {@code EXCLUDED.md}. */
class CinnabarSailInterruptTest extends SailInterruptTest {

    @TempDir
    File directory;

    @Override
    protected Sail createSail() {
        return new CinnabarSail(directory.toPath());
    }
}
