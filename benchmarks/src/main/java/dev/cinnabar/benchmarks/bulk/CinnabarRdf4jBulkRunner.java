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
 */
public final class CinnabarRdf4jBulkRunner {

    private CinnabarRdf4jBulkRunner() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loader", "cinnabar-rdf4j-add");
        Rdf4jBulkLoad.run("CinnabarRdf4jBulkRunner", argv, CinnabarRepository::new,
            CinnabarRdf4jBulkRunner::addAll, config);
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
