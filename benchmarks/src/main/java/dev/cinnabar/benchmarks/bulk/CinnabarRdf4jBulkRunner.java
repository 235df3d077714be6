package dev.cinnabar.benchmarks.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.eclipse.rdf4j.rio.RDFFormat;

import dev.cinnabar.rdf4j.CinnabarRepository;

/**
 * Cinnabar through RDF4J, loaded as an RDF4J user would: a {@link CinnabarRepository} and, per file,
 * {@code RepositoryConnection.add(InputStream, RDFFormat.NTRIPLES)} in auto-commit mode, which a Cinnabar connection
 * sends through the store's bulk loader (one durable commit per file, ADR-019). Parser and clock as the RDF4J
 * runners ({@link Rdf4jBulkLoad}); not a peer in the report: it is Cinnabar.
 *
 * <p>With the system property {@value #PATH_PROPERTY}{@code =txn} (the loader {@code cinnabar-rdf4j-txn}) it loads
 * as the RDF4J peers do instead, in one explicit {@code begin(NONE)} … {@code commit()}: an explicit transaction
 * keeps RDF4J's statement-by-statement path (ADR-019), so the two loaders measure what the bulk path gains.
 */
public final class CinnabarRdf4jBulkRunner {

    /** System property: {@code txn} to load in one explicit transaction (RDF4J's path), else auto-commit adds. */
    public static final String PATH_PROPERTY = "cinnabar.rdf4j.loadPath";

    private CinnabarRdf4jBulkRunner() {
    }

    public static void main(String[] argv) throws Exception {
        boolean txn = "txn".equals(System.getProperty(PATH_PROPERTY));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loader", txn ? "cinnabar-rdf4j-txn" : "cinnabar-rdf4j-add");
        Rdf4jBulkLoad.run("CinnabarRdf4jBulkRunner", argv, CinnabarRepository::new,
            txn ? Rdf4jBulkLoad::addAll : CinnabarRdf4jBulkRunner::addAll, config);
    }

    /** Adds each N-Triples file (gzipped or not) in an auto-commit add of its own, lenient unless {@code strict}. */
    public static void addAll(RepositoryConnection conn, List<Path> files, boolean strict) throws IOException {
        conn.setParserConfig(Rdf4jBulkLoad.parserConfig(strict));
        for (Path file : files) {
            try (InputStream in = BulkRunnerSupport.open(file)) {
                conn.add(in, RDFFormat.NTRIPLES);
            }
        }
    }

    /** {@link #addAll(RepositoryConnection, List, boolean)}, lenient, as the query reports load. */
    public static void addAll(RepositoryConnection conn, List<Path> files) throws IOException {
        addAll(conn, files, false);
    }
}
