package dev.cinnabar.jena;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.system.ErrorHandler;
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

    /**
     * Loads RDF files into the store behind {@code dataset} (one of this class's) by the bulk loader: all of them
     * commit together, in one step, or nothing changes. The syntax of each file comes from its name (a trailing
     * {@code .gz} ignored; gzip is detected by content): N-Triples and N-Quads are read by the store's own parser,
     * every other syntax RIOT reads (Turtle, TriG, RDF/XML, JSON-LD, RDF/JSON, TriX) by RIOT's streaming parser,
     * beside the loader. Relative IRIs resolve against each file's {@code file:} URI; blank node labels are scoped
     * to their file; prefixes go to the dataset's prefixes, as {@code RDFDataMgr.read} in a write transaction would.
     * The calling thread must not be in a transaction of the dataset.
     *
     * @throws org.apache.jena.riot.RiotException at the first syntax error of a RIOT file, its message
     *     {@code file:line:column: reason}, or at a statement the store cannot hold ({@code file: statement n: ...})
     * @throws dev.cinnabar.quadstore.io.RdfSyntaxException at the first bad line of an N-Triples or N-Quads file
     * @throws IllegalArgumentException if a file's name names no syntax RIOT reads, or {@code dataset} is not one of
     *     this class's
     */
    public static BulkLoadResult bulkLoad(DatasetGraph dataset, Path... files) throws IOException {
        List<Path> list = List.of(files);
        List<Lang> langs = new ArrayList<>(list.size());
        for (Path file : list) {
            langs.add(syntaxOf(file));
        }
        return bulkLoad(dataset, list, langs, null, BulkLoadOptions.defaults(), null);
    }

    /**
     * {@link #bulkLoad(DatasetGraph, Path...)} with the syntax of each file given ({@code langs.get(i)} for
     * {@code files.get(i)}), a base IRI for every file ({@code null}: each file's {@code file:} URI), the bulk
     * loader's options (their bad-line skipping applies to N-Triples and N-Quads files only; progress counts the
     * bytes of every file), and a handler for RIOT's warnings ({@code null}: ignored). RIOT's errors always abort
     * the load.
     */
    public static BulkLoadResult bulkLoad(DatasetGraph dataset, List<Path> files, List<Lang> langs, String base,
        BulkLoadOptions options, ErrorHandler warnings) throws IOException {
        if (!(dataset instanceof StoreDatasetGraph store)) {
            throw new IllegalArgumentException("not a Cinnabar dataset: " + dataset.getClass().getName()
                + " (use CinnabarJena.connect or wrap)");
        }
        if (files.size() != langs.size()) {
            throw new IllegalArgumentException(files.size() + " files but " + langs.size() + " syntaxes");
        }
        return RiotBulkLoad.load(store.store(), List.copyOf(files), List.copyOf(langs), base, options, warnings);
    }

    private static Lang syntaxOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        Lang lang = RDFLanguages.filenameToLang(name);
        if (lang == null || lang.equals(Lang.N3) || lang.equals(Lang.RDFNULL)) {
            throw new IllegalArgumentException(file + ": no RDF syntax RIOT reads goes by this name; give the syntax"
                + " with bulkLoad(dataset, files, langs, ...)");
        }
        return lang;
    }
}
