package dev.cinnabar.quadstore.term;

/**
 * An RDF quad: a triple and the graph it is in, either a named graph or the {@link DefaultGraph}.
 *
 * <p>Positions are checked when a quad is made:
 * <ul>
 *   <li>graph: an {@link Iri}, a {@link BlankNode} or {@link DefaultGraph#INSTANCE};</li>
 *   <li>subject: an {@link Iri} or a {@link BlankNode};</li>
 *   <li>predicate: an {@link Iri};</li>
 *   <li>object: an {@link Iri}, a {@link BlankNode}, a {@link Literal} or a {@link TripleTerm} (RDF 1.2 allows
 *       triple terms only as objects).</li>
 * </ul>
 *
 * @param graph     the graph
 * @param subject   the subject
 * @param predicate the predicate
 * @param object    the object
 */
public record Quad(Term graph, Term subject, Term predicate, Term object) {

    /**
     * @throws IllegalArgumentException if a position is null or holds a term it cannot hold, naming the position and
     *                                  the term
     */
    public Quad {
        check("graph", graph, graph instanceof Iri || graph instanceof BlankNode || graph instanceof DefaultGraph,
            "an IRI, a blank node or the default graph");
        check("subject", subject, subject instanceof Iri || subject instanceof BlankNode,
            subject instanceof TripleTerm ? "an IRI or a blank node (RDF 1.2 allows a triple term only as the object)"
            : "an IRI or a blank node");
        check("predicate", predicate, predicate instanceof Iri, "an IRI");
        check("object", object, isObject(object), "an IRI, a blank node, a literal or a triple term");
    }

    /** The quad {@code (subject, predicate, object)} in the default graph. */
    public static Quad of(Term subject, Term predicate, Term object) {
        return new Quad(DefaultGraph.INSTANCE, subject, predicate, object);
    }

    /** Whether this quad is in the default graph. */
    public boolean inDefaultGraph() {
        return graph == DefaultGraph.INSTANCE;
    }

    /**
     * The quad as one line of N-Quads, without the line end: {@code s p o g .}, or {@code s p o .} in the default
     * graph.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(128)
            .append(subject).append(' ').append(predicate).append(' ').append(object).append(' ');
        if (!inDefaultGraph()) {
            out.append(graph).append(' ');
        }
        return out.append('.').toString();
    }

    /** Whether {@code term} may be an object: an IRI, a blank node, a literal or a triple term. */
    static boolean isObject(Term term) {
        return term instanceof Iri || term instanceof BlankNode || term instanceof Literal
            || term instanceof TripleTerm;
    }

    static void check(String position, Term term, boolean allowed, String expected) {
        if (term == null) {
            throw new IllegalArgumentException("quad " + position + " must be " + expected + ", but is null");
        }
        if (!allowed) {
            throw new IllegalArgumentException("quad " + position + " must be " + expected + ", but is "
                + describe(term));
        }
    }

    private static String describe(Term term) {
        if (term instanceof Iri) {
            return "the IRI " + term;
        } else if (term instanceof BlankNode) {
            return "the blank node " + term;
        } else if (term instanceof Literal) {
            return "the literal " + term;
        } else if (term instanceof TripleTerm) {
            return "the triple term " + term;
        } else {
            return "the default graph";
        }
    }
}
