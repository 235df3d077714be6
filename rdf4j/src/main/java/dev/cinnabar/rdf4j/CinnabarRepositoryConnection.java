package dev.cinnabar.rdf4j;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.util.Objects;

import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.repository.sail.SailRepositoryConnection;
import org.eclipse.rdf4j.repository.util.RDFLoader;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.helpers.BasicParserSettings;

/**
 * A {@link CinnabarRepository} connection: RDF4J's, except that a stream added outside a transaction goes through
 * {@link StreamLoad}, so a large one takes the store's bulk loader (ADR-019). Inside {@code begin()}/{@code commit()}
 * or with statement listeners, every add is RDF4J's own.
 */
final class CinnabarRepositoryConnection extends SailRepositoryConnection {

    private final CinnabarSail sail;
    private final CinnabarSailConnection connection;

    CinnabarRepositoryConnection(CinnabarRepository repository, CinnabarSailConnection connection) {
        super(repository, connection);
        this.sail = repository.getSail();
        this.connection = connection;
    }

    @Override
    public void add(InputStream in, String baseURI, RDFFormat dataFormat, Resource... contexts) throws IOException {
        Objects.requireNonNull(in, "input stream may not be null");
        add(handler -> loader().load(in, baseURI, dataFormat, handler),
            () -> super.add(in, baseURI, dataFormat, contexts), contexts);
    }

    @Override
    public void add(Reader reader, String baseURI, RDFFormat dataFormat, Resource... contexts) throws IOException {
        Objects.requireNonNull(reader, "reader may not be null");
        add(handler -> loader().load(reader, baseURI, dataFormat, handler),
            () -> super.add(reader, baseURI, dataFormat, contexts), contexts);
    }

    @Override
    public void add(File file, String baseURI, RDFFormat dataFormat, Resource... contexts) throws IOException {
        add(handler -> loader().load(file, baseURI, dataFormat, handler),
            () -> super.add(file, baseURI, dataFormat, contexts), contexts);
    }

    @Override
    public void add(URL url, String baseURI, RDFFormat dataFormat, Resource... contexts) throws IOException {
        add(handler -> loader().load(url, baseURI, dataFormat, handler),
            () -> super.add(url, baseURI, dataFormat, contexts), contexts);
    }

    /** RDF4J's own add of a stream. */
    private interface OrdinaryAdd {
        void add() throws IOException;
    }

    /**
     * A stream outside a transaction goes to {@link StreamLoad}; anything else to RDF4J's add, errors included (a
     * null contexts array, say).
     */
    private void add(StreamLoad.Source stream, OrdinaryAdd ordinary, Resource... contexts) throws IOException {
        if (contexts == null || !connection.bulkLoadable()) {
            ordinary.add();
            return;
        }
        boolean preserved = getParserConfig().get(BasicParserSettings.PRESERVE_BNODE_IDS);
        new StreamLoad(this, connection, contexts, sail.getBulkLoadThreshold(), preserved).run(stream);
    }

    /** The parse as RDF4J's own add does it: its loader (formats, gzip and zip), this connection's parser config. */
    private RDFLoader loader() {
        return new RDFLoader(getParserConfig(), getValueFactory());
    }
}
