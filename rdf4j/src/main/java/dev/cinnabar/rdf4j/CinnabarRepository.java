package dev.cinnabar.rdf4j;

import java.nio.file.Path;

import org.eclipse.rdf4j.repository.sail.SailRepository;

/**
 * An RDF4J {@link org.eclipse.rdf4j.repository.Repository} over a Cinnabar store: a {@link SailRepository} on a
 * {@link CinnabarSail}. {@code init()} opens the store, {@code shutDown()} closes it.
 */
public final class CinnabarRepository extends SailRepository {

    /** A repository over the store in {@code directory}, created at {@code init()} if absent. */
    public CinnabarRepository(Path directory) {
        super(new CinnabarSail(directory));
    }

    /** The sail under this repository. */
    @Override
    public CinnabarSail getSail() {
        return (CinnabarSail) super.getSail();
    }
}
