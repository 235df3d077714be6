package dev.cinnabar.rdf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.rdf4j.common.iteration.Iterations;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.repository.RepositoryConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;

/** Values read from a store carry their atom id, and the id is used only where it is certainly right. */
class StoredValuesTest {

    private static final String EX = "http://example.org/";
    private static final ValueFactory VF = SimpleValueFactory.getInstance();
    private static final IRI P = VF.createIRI(EX + "p");

    @TempDir
    Path dir;

    @Test
    void aValueReadFromTheStoreEqualsAndHashesAsAnyValueOfItsTerm() {
        CinnabarRepository repository = repository("a");
        try (RepositoryConnection connection = repository.getConnection()) {
            connection.add(VF.createIRI(EX + "s"), P, VF.createBNode("b1"));
            Statement read = only(connection, null);
            assertTrue(StoredValues.id(read.getSubject(), store(repository)) > 0, "the subject carries its id");
            assertEquals(VF.createIRI(EX + "s"), read.getSubject());
            assertEquals(read.getSubject(), VF.createIRI(EX + "s"));
            assertEquals(VF.createIRI(EX + "s").hashCode(), read.getSubject().hashCode());
            assertEquals(VF.createBNode("b1"), read.getObject());
        } finally {
            repository.shutDown();
        }
    }

    @Test
    void aValueOfAnotherStoreIsLookedUpByItsTermNotItsId() {
        CinnabarRepository first = repository("first");
        CinnabarRepository second = repository("second");
        try (RepositoryConnection a = first.getConnection(); RepositoryConnection b = second.getConnection()) {
            a.add(VF.createIRI(EX + "x"), P, VF.createLiteral(1));
            // In the second store the same ids name other terms: x comes last there.
            b.add(VF.createIRI(EX + "y"), P, VF.createLiteral(2));
            b.add(VF.createIRI(EX + "x"), P, VF.createLiteral(3));
            Resource x = only(a, null).getSubject();
            assertNotEquals(StoredValues.UNKNOWN, StoredValues.id(x, store(first)));
            assertEquals(VF.createLiteral(3), only(b, x).getObject());
        } finally {
            first.shutDown();
            second.shutDown();
        }
    }

    @Test
    void aValueReadInsideAWriteTransactionThatRolledBackCarriesNoId() {
        CinnabarRepository repository = repository("rolled");
        try (RepositoryConnection connection = repository.getConnection()) {
            connection.begin();
            connection.add(VF.createIRI(EX + "gone"), P, VF.createLiteral(1));
            Resource gone = only(connection, null).getSubject();
            connection.rollback();
            // A later transaction's new atoms may take the ids the rolled-back one had used.
            connection.add(VF.createIRI(EX + "kept"), P, VF.createLiteral(1));
            assertEquals(StoredValues.UNKNOWN, StoredValues.id(gone, store(repository)));
            assertEquals(List.of(), Iterations.asList(connection.getStatements(gone, null, null)));
        } finally {
            repository.shutDown();
        }
    }

    private CinnabarRepository repository(String name) {
        CinnabarRepository repository = new CinnabarRepository(dir.resolve(name));
        repository.init();
        return repository;
    }

    private static QuadStore store(CinnabarRepository repository) {
        return ((CinnabarSail) repository.getSail()).getQuadStore();
    }

    private static Statement only(RepositoryConnection connection, Resource subject) {
        List<Statement> statements = Iterations.asList(connection.getStatements(subject, P, null));
        assertEquals(1, statements.size(), statements.toString());
        return statements.get(0);
    }
}
