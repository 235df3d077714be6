package dev.cinnabar.jena;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.sparql.core.DatasetGraph;

/**
 * Cinnabar quad stores as Apache Jena datasets, for SPARQL (ARQ), RIOT parsing and writing, and Fuseki.
 *
 * <p>The returned {@link DatasetGraph} is transactional: each thread has its own transaction. Reads run in a READ
 * transaction ({@code Txn.executeRead}) or, outside one, in a short implicit read transaction whose results are
 * copied out. Every change (quads, graphs, prefixes) needs a WRITE transaction ({@code Txn.executeWrite}) and
 * throws {@link org.apache.jena.sparql.JenaTransactionException} without one. A committed write transaction is
 * durable when {@code commit()} returns. Prefixes are stored with the quads and commit with them. See
 * docs/adr/012-jena-dataset-graph.md.
 *
 * <pre>{@code
 * DatasetGraph dsg = CinnabarJena.connect(Path.of("data/store"));
 * try {
 *     Txn.executeWrite(dsg, () -> RDFDataMgr.read(dsg, "data.trig"));
 *     Txn.executeRead(dsg, () -> ...SPARQL over DatasetFactory.wrap(dsg)...);
 * } finally {
 *     dsg.close();
 * }
 * }</pre>
 */
public final class CinnabarJena {

    private CinnabarJena() {
    }

    /**
     * Opens (creating if absent) the store in {@code directory} with default options. Closing the returned
     * dataset closes the store.
     *
     * @throws IOException if the store cannot be opened; see {@link QuadStore#open(Path, QuadStoreOptions)}
     */
    public static DatasetGraph connect(Path directory) throws IOException {
        return connect(directory, QuadStoreOptions.defaults());
    }

    /**
     * Opens (creating if absent) the store in {@code directory} with {@code options}. Closing the returned dataset
     * closes the store.
     *
     * @throws IOException if the store cannot be opened; see {@link QuadStore#open(Path, QuadStoreOptions)}
     */
    public static DatasetGraph connect(Path directory, QuadStoreOptions options) throws IOException {
        return new StoreDatasetGraph(QuadStore.open(directory, options), true);
    }

    /**
     * Opens (creating if absent) the store in {@code directory} as a Jena {@link Dataset} (the model-level API);
     * closing the dataset closes the store.
     *
     * @throws IOException if the store cannot be opened
     */
    public static Dataset dataset(Path directory) throws IOException {
        return DatasetFactory.wrap(connect(directory));
    }

    /**
     * An open store as a {@link DatasetGraph}. Closing the dataset does not close the store: the caller keeps
     * ownership. Transactions of the dataset are the store's transactions, so a thread must not hold a store
     * transaction of its own while it uses the dataset.
     */
    public static DatasetGraph wrap(QuadStore store) {
        return new StoreDatasetGraph(store, false);
    }
}
