package dev.cinnabar.rdf4j;

import java.io.File;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.rdf4j.repository.Repository;
import org.eclipse.rdf4j.testsuite.query.parser.sparql.manifest.SPARQL11UpdateComplianceTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * The W3C SPARQL 1.1 update tests as RDF4J runs them, on a Cinnabar store per test case. Exclusions and their
 * reasons: {@code EXCLUDED.md} beside this class.
 */
class CinnabarSparql11UpdateComplianceTest extends SPARQL11UpdateComplianceTest {

    @TempDir
    static File directory;

    private static final AtomicInteger STORES = new AtomicInteger();

    @Override
    protected Repository newRepository() {
        return new CinnabarRepository(new File(directory, "store-" + STORES.incrementAndGet()).toPath());
    }
}
