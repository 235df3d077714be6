package dev.cinnabar.jena.w3csparql;

import java.util.List;

/**
 * One entry of a W3C SPARQL test manifest: a query or an update, the dataset it runs on, and the expected result.
 * Files are absolute IRIs ({@code file:} URLs of the copies under {@code src/test/resources/w3c-sparql}).
 */
record SparqlTestCase(
        String suite,
        String name,
        Kind kind,
        String request,
        List<String> data,
        List<NamedData> graphData,
        String result,
        List<String> resultData,
        List<NamedData> resultGraphData,
        String skipReason) {

    enum Kind {
        QUERY,
        UPDATE
    }

    /** A file loaded as the named graph {@code graphName}. */
    record NamedData(String graphName, String file) {
    }

    String displayName() {
        return suite + ": " + name;
    }
}
