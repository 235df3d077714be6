package dev.cinnabar.rdf4j;

import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.impl.SimpleBNode;
import org.eclipse.rdf4j.model.impl.SimpleIRI;

import dev.cinnabar.quadstore.QuadStore;

/**
 * IRIs and blank nodes read from a committed snapshot, carrying their atom id. RDF4J's joins bind the values of one
 * statement pattern's matches into the next pattern; with the id at hand, that lookup needs no encoding and no hash
 * probe. A committed atom keeps its id for the life of the store and ids are never reused (ADR-001), so the id holds
 * in every later snapshot and write transaction of the same open store; values of another store, or of a write
 * transaction not yet committed, carry none. They are equal to, and hash as, any RDF4J value of the same term.
 */
final class StoredValues {

    /** What {@link #id} returns for a value that carries no id of {@code store}. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private StoredValues() {
    }

    /** The atom id that {@code value} carries for {@code store}, or {@link #UNKNOWN}. */
    static long id(Value value, QuadStore store) {
        if (value instanceof StoredIri iri && iri.store == store) {
            return iri.id;
        }
        if (value instanceof StoredBNode blank && blank.store == store) {
            return blank.id;
        }
        return UNKNOWN;
    }

    /** An IRI of {@code store} with atom id {@code id}. */
    static final class StoredIri extends SimpleIRI {
        private static final long serialVersionUID = 1L;
        private final transient QuadStore store; // not serialized: a deserialized value carries no id
        private final long id;

        StoredIri(String iri, QuadStore store, long id) {
            super(iri);
            this.store = store;
            this.id = id;
        }
    }

    /** A blank node of {@code store} with atom id {@code id}. */
    static final class StoredBNode extends SimpleBNode {
        private static final long serialVersionUID = 1L;
        private final transient QuadStore store;
        private final long id;

        StoredBNode(String label, QuadStore store, long id) {
            super(label);
            this.store = store;
            this.id = id;
        }
    }
}
