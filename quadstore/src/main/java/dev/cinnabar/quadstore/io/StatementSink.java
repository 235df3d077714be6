package dev.cinnabar.quadstore.io;

import java.io.IOException;

/**
 * Receives the statements that {@link NQuadsParser} parses, one call per triple or quad, in input order.
 *
 * <p>The {@link ParsedTerm} arguments are flyweights that the parser reuses: they are valid only during the call.
 */
@FunctionalInterface
public interface StatementSink {

    /**
     * One statement.
     *
     * @param subject   an IRI or a blank node
     * @param predicate an IRI
     * @param object    an IRI, a blank node or a literal
     * @param graph     the graph label (an IRI or a blank node), or null for the default graph: always null in
     *                  N-Triples, and for an N-Quads line without a graph label
     * @throws IOException to abort parsing; the parser passes it on unchanged
     */
    void statement(ParsedTerm subject, ParsedTerm predicate, ParsedTerm object, ParsedTerm graph) throws IOException;
}
