package dev.cinnabar.quadstore.term;

/**
 * An RDF term as an immutable value: an {@link Iri}, a {@link BlankNode}, a {@link Literal}, an RDF 1.2
 * {@link TripleTerm}, or the
 * {@link DefaultGraph} (which is not an RDF term but names the graph position of a quad in the default graph).
 *
 * <p>Terms compare by value ({@code equals} and {@code hashCode}), with RDF 1.1 term equality: two literals are the
 * same term when their lexical forms, datatype IRIs and language tags are equal character by character. Nothing is
 * normalized: {@code "01"^^xsd:integer} and {@code "1"^^xsd:integer} are different terms, and so are {@code "a"@en}
 * and {@code "a"@EN}.
 *
 * <p>{@code toString()} gives the term in N-Triples syntax (escaped), for error messages and debugging.
 *
 * <p>Code that switches over the kinds of term should keep a default branch: RDF may add kinds again (ADR-006).
 */
public sealed interface Term permits Iri, BlankNode, Literal, TripleTerm, DefaultGraph {
}
