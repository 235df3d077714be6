package dev.cinnabar.rdf4j;

import java.nio.file.Path;

import org.eclipse.rdf4j.repository.RepositoryException;
import org.eclipse.rdf4j.repository.sail.SailRepository;
import org.eclipse.rdf4j.repository.sail.SailRepositoryConnection;
import org.eclipse.rdf4j.sail.SailConnection;
import org.eclipse.rdf4j.sail.SailException;

/**
 * An RDF4J {@link org.eclipse.rdf4j.repository.Repository} over a Cinnabar store: a {@link SailRepository} on a
 * {@link CinnabarSail}. {@code init()} opens the store, {@code shutDown()} closes it.
 *
 * <p>Its connections add a large stream given outside a transaction ({@code add(InputStream|Reader|File|URL, ...)}
 * in auto-commit mode, {@link CinnabarSail#setBulkLoadThreshold} statements or more) through the store's bulk
 * loader: all or nothing, one durable commit (ADR-019). Measured on lubm10 and bsbm-1m, that is about 1.6 times the
 * rate of the same stream added in one explicit transaction, which takes RDF4J's statement path; Cinnabar's own
 * {@code QuadStore.bulkLoad} of an N-Triples file, which skips Rio, about twice again (benchmarks/README.md, "Bulk
 * load").
 */
public final class CinnabarRepository extends SailRepository {

    /** A repository over the store in {@code directory}, created at {@code init()} if absent. */
    public CinnabarRepository(Path directory) {
        super(new CinnabarSail(directory));
    }

    /** A connection whose auto-commit stream adds take the bulk loader when large (see the class comment). */
    @Override
    public SailRepositoryConnection getConnection() throws RepositoryException {
        if (!isInitialized()) {
            init();
        }
        try {
            SailConnection connection = getSail().getConnection();
            return connection instanceof CinnabarSailConnection ours
                ? new CinnabarRepositoryConnection(this, ours) : new SailRepositoryConnection(this, connection) { };
        } catch (SailException e) {
            throw new RepositoryException(e);
        }
    }

    /** The sail under this repository. */
    @Override
    public CinnabarSail getSail() {
        return (CinnabarSail) super.getSail();
    }
}
