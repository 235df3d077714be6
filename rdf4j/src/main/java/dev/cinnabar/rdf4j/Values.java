package dev.cinnabar.rdf4j;

import org.eclipse.rdf4j.model.BNode;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.sail.SailException;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Term;

/**
 * Converts RDF4J values to Cinnabar terms and back. A blank node keeps its RDF4J id as its label, so the same
 * {@link BNode} names the same node in every transaction of a store. The null context is the default graph.
 */
final class Values {

    private final ValueFactory factory;

    Values(ValueFactory factory) {
        this.factory = factory;
    }

    /** The term of {@code value}; a null value stays null (a wildcard in patterns). */
    static Term term(Value value) {
        if (value == null) {
            return null;
        }
        if (value.isIRI()) {
            return new Iri(value.stringValue());
        }
        if (value.isBNode()) {
            return new BlankNode(((BNode) value).getID());
        }
        if (value.isLiteral()) {
            org.eclipse.rdf4j.model.Literal literal = (org.eclipse.rdf4j.model.Literal) value;
            if (literal.getLanguage().isPresent()) {
                if (hasDirection(literal)) {
                    throw directionRefused(literal);
                }
                return Literal.lang(literal.getLabel(), literal.getLanguage().get());
            }
            return Literal.typed(literal.getLabel(), new Iri(literal.getDatatype().stringValue()));
        }
        // RDF-star triples have no Cinnabar term: refuse them rather than store something else.
        throw new SailException("Cinnabar stores no RDF-star triple terms: " + value);
    }

    /**
     * Whether {@code value} is a literal whose language tag, as RDF4J 5 reads {@code "text"@ar--rtl}, holds an RDF 1.2
     * base direction; such a literal is never stored, so a pattern naming it matches nothing.
     */
    static boolean hasDirection(Value value) {
        return value instanceof org.eclipse.rdf4j.model.Literal literal
            && literal.getLanguage().map(tag -> tag.contains("--")).orElse(false);
    }

    /** Refuses now, with the reason, a statement whose terms {@link #term} would refuse. */
    static void checkStorable(Resource subject, IRI predicate, Value object, Resource context) {
        if (subject.isTriple() || object.isTriple() || context != null && context.isTriple()) {
            throw new SailException("Cinnabar stores no RDF-star triple terms: " + subject + " " + predicate + " "
                + object + (context == null ? "" : " " + context));
        }
        if (hasDirection(object)) {
            throw directionRefused(object);
        }
    }

    private static SailException directionRefused(Value literal) {
        return new SailException("RDF4J 5 has no base direction, so Cinnabar does not store " + literal
            + " with that language tag: RDF 1.2 reads its '--' as the direction of a directional literal");
    }

    /** The graph of context {@code context}: the default graph for null. */
    static Term graph(Resource context) {
        return context == null ? DefaultGraph.INSTANCE : term(context);
    }

    /** The RDF4J value of {@code term}. */
    Value value(Term term) {
        if (term instanceof Iri iri) {
            return factory.createIRI(iri.value());
        }
        if (term instanceof BlankNode blank) {
            return factory.createBNode(blank.label());
        }
        if (term instanceof Literal literal) {
            if (literal.direction() != null) { // RDF4J 5 has no base direction: refuse rather than drop it
                throw new SailException("RDF4J 5 cannot represent the base direction of " + literal);
            }
            if (literal.hasLanguage()) {
                return factory.createLiteral(literal.lexicalForm(), literal.language());
            }
            return factory.createLiteral(literal.lexicalForm(), factory.createIRI(literal.datatype().value()));
        }
        throw new SailException("no RDF4J 5 value for " + term + " (RDF 1.2 triple terms are not mapped yet)");
    }

    /** The RDF4J context of graph {@code term}: null for the default graph. */
    Resource context(Term term) {
        return term == DefaultGraph.INSTANCE ? null : (Resource) value(term);
    }
}
