package dev.cinnabar.quadstore.term;

/**
 * The default graph, in the graph position of a {@link Quad}. It is not an RDF term: it has no N-Triples syntax, a
 * quad in it is written as a triple in N-Quads, and {@code toString()} gives {@code DEFAULT} (the SPARQL keyword).
 */
public enum DefaultGraph implements Term {
    /** The one default graph. */
    INSTANCE;

    /** {@code DEFAULT}. */
    @Override
    public String toString() {
        return "DEFAULT";
    }
}
