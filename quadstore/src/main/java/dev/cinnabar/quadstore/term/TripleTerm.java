package dev.cinnabar.quadstore.term;

import java.util.Objects;

/**
 * An RDF 1.2 triple term {@code <<( s p o )>>}: a triple used as a term. RDF 1.2 allows it only in the object
 * position of a triple (so also as the object of another triple term, to any depth).
 *
 * <p>Two triple terms are the same term when their three components are the same terms.
 *
 * <p>Nesting is a chain through the objects, and may be as deep as the input allows (ADR-006): {@code equals},
 * {@code hashCode} and {@code toString} walk it in a loop, never recursing per level, and the hash is computed once,
 * when the term is made (its object's hash is already known then).
 */
public final class TripleTerm implements Term {

    private final Term subject;
    private final Iri predicate;
    private final Term object;
    private final int hash;
    /** 1 for a triple term whose object is no triple term, else 1 + the object's depth. */
    private final int depth;

    /**
     * @param subject   an {@link Iri} or a {@link BlankNode}
     * @param predicate the predicate IRI
     * @param object    an {@link Iri}, a {@link BlankNode}, a {@link Literal} or a {@code TripleTerm}
     * @throws IllegalArgumentException if a component is null or of a kind its position does not allow, naming the
     *                                  position and the term
     */
    public TripleTerm(Term subject, Iri predicate, Term object) {
        Quad.check("triple term subject", subject, subject instanceof Iri || subject instanceof BlankNode,
            "an IRI or a blank node");
        Quad.check("triple term predicate", predicate, predicate != null, "an IRI");
        Quad.check("triple term object", object, Quad.isObject(object),
            "an IRI, a blank node, a literal or a triple term");
        this.subject = subject;
        this.predicate = predicate;
        this.object = object;
        this.hash = (31 * subject.hashCode() + predicate.hashCode()) * 31 + object.hashCode();
        this.depth = object instanceof TripleTerm inner ? Math.addExact(inner.depth, 1) : 1;
    }

    /** The subject: an {@link Iri} or a {@link BlankNode}. */
    public Term subject() {
        return subject;
    }

    /** The predicate. */
    public Iri predicate() {
        return predicate;
    }

    /** The object: an {@link Iri}, a {@link BlankNode}, a {@link Literal} or a {@code TripleTerm}. */
    public Term object() {
        return object;
    }

    /** How deep this triple term nests: 1 when its object is no triple term. */
    public int depth() {
        return depth;
    }

    @Override
    public boolean equals(Object other) {
        Object a = this;
        Object b = other;
        while (a instanceof TripleTerm x && b instanceof TripleTerm y) {
            if (x == y) {
                return true;
            }
            if (x.hash != y.hash || x.depth != y.depth || !x.predicate.equals(y.predicate)
                || !x.subject.equals(y.subject)) {
                return false;
            }
            a = x.object;
            b = y.object;
        }
        return !(a instanceof TripleTerm) && !(b instanceof TripleTerm) && Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The triple term in N-Triples syntax: {@code <<( s p o )>>}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        Term t = this;
        while (t instanceof TripleTerm triple) {
            text.append("<<( ").append(triple.subject).append(' ').append(triple.predicate).append(' ');
            t = triple.object;
        }
        text.append(t);
        for (int i = 0; i < depth; i++) {
            text.append(" )>>");
        }
        return text.toString();
    }
}
