package dev.cinnabar.quadstore.term;

/**
 * An RDF 1.2 triple term {@code <<( s p o )>>}: a triple used as a term. RDF 1.2 allows it only in the object
 * position of a triple (so also as the object of another triple term, to any depth).
 *
 * <p>Two triple terms are the same term when their three components are the same terms.
 *
 * @param subject   an {@link Iri} or a {@link BlankNode}
 * @param predicate the predicate IRI
 * @param object    an {@link Iri}, a {@link BlankNode}, a {@link Literal} or a {@code TripleTerm}
 */
public record TripleTerm(Term subject, Iri predicate, Term object) implements Term {

    /**
     * @throws IllegalArgumentException if a component is null or of a kind its position does not allow, naming the
     *                                  position and the term
     */
    public TripleTerm {
        Quad.check("triple term subject", subject, subject instanceof Iri || subject instanceof BlankNode,
            "an IRI or a blank node");
        Quad.check("triple term predicate", predicate, predicate != null, "an IRI");
        Quad.check("triple term object", object, Quad.isObject(object),
            "an IRI, a blank node, a literal or a triple term");
    }

    /** The triple term in N-Triples syntax: {@code <<( s p o )>>}. */
    @Override
    public String toString() {
        return "<<( " + subject + " " + predicate + " " + object + " )>>";
    }
}
