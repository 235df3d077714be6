package dev.cinnabar.rdf4j;

import java.io.File;

import org.eclipse.rdf4j.sail.NotifyingSail;
import org.eclipse.rdf4j.testsuite.sail.RDFNotifyingStoreTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * RDF4J's own store suite ({@code RDFStoreTest} through its notifying subclass, which runs every RDFStoreTest case
 * plus the listener cases) on a Cinnabar store in a fresh directory per test. Excluded cases: see
 * {@code EXCLUDED.md} beside this class.
 */
class CinnabarRDFStoreTest extends RDFNotifyingStoreTest {

    @TempDir
    File directory;

    @Override
    protected NotifyingSail createSail() {
        CinnabarSail sail = new CinnabarSail(directory.toPath());
        sail.init();
        return sail;
    }
}
