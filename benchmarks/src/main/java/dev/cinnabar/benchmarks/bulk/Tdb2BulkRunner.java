package dev.cinnabar.benchmarks.bulk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.system.progress.MonitorOutput;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * Jena TDB2's own bulk loader ({@link LoaderFactory}, what {@code tdb2.tdbloader} runs) into a new database with
 * default {@code StoreParams}. The loader is chosen by the system property {@value #LOADER_PROPERTY}:
 * {@code parallel} (the default: the fastest on {@code lubm100} on this 2-core machine, see the README; it runs
 * parsing and each index build in threads of their own), {@code phased} (nodes and the primary index first, then
 * the other indexes), {@code sequential} (one thread, index by index) or {@code basic} (one ordinary write
 * transaction). Per Jena's documentation only basic and sequential are fully transactional if the process dies
 * mid-load; the others write the data structures directly.
 *
 * <p>The loader parses each file with RIOT by its name ({@code .nt.gz}: gzipped N-Triples), so the parse is part
 * of the load. RIOT's N-Triples parser accepts LUBM's relative IRI {@code <>} as the IRI {@code ""} (no error, no
 * line skipped); duplicate lines are stored once (a set). Timed: from the loader's {@code startBulk()} to
 * {@code finishBulk()} (which commits) and the database's release ({@code TDBInternal.expel}, which syncs and
 * closes its files). The count is taken afterwards, untimed, from the reopened database: the sizes of the triple
 * table and the quad table.
 */
public final class Tdb2BulkRunner {

    /** System property: which TDB2 loader. */
    public static final String LOADER_PROPERTY = "cinnabar.tdb2.loader";
    /** The loader used when the property is absent. */
    public static final String DEFAULT_LOADER = "parallel";

    private Tdb2BulkRunner() {
    }

    public static void main(String[] argv) {
        BulkRunnerSupport.Args args = BulkRunnerSupport.parseArgs("Tdb2BulkRunner", argv);
        String which = System.getProperty(LOADER_PROPERTY, DEFAULT_LOADER);
        Location location = Location.create(args.storeDir());
        MonitorOutput progress = (fmt, objs) -> System.err.println(String.format(fmt, objs));

        long t0 = System.nanoTime();
        DatasetGraph dsg = DatabaseMgr.connectDatasetGraph(location);
        double openSeconds = BulkRunnerSupport.secondsSince(t0);
        long t1 = System.nanoTime();
        DataLoader loader = switch (which) {
            case "phased" -> LoaderFactory.phasedLoader(dsg, progress);
            case "parallel" -> LoaderFactory.parallelLoader(dsg, progress);
            case "sequential" -> LoaderFactory.sequentialLoader(dsg, progress);
            case "basic" -> LoaderFactory.basicLoader(dsg, progress);
            default -> throw new IllegalArgumentException(LOADER_PROPERTY + "=" + which
                + ": expected phased, parallel, sequential or basic");
        };
        loader.startBulk();
        try {
            loader.load(args.files().stream().map(Path::toString).toList());
            loader.finishBulk();
        } catch (RuntimeException e) {
            loader.finishException(e);
            throw e;
        }
        long parsed = loader.countTriples() + loader.countQuads();
        TDBInternal.expel(dsg);
        double seconds = BulkRunnerSupport.secondsSince(t1);

        DatasetGraph reopened = DatabaseMgr.connectDatasetGraph(location);
        long quads = Txn.calculateRead(reopened, () -> {
            DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(reopened);
            return tdb.getTripleTable().getNodeTupleTable().size() + tdb.getQuadTable().getNodeTupleTable().size();
        });
        TDBInternal.expel(reopened);

        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("loader", "tdb2-" + which);
        extras.put("parsed", parsed);
        extras.put("open_s", String.format("%.3f", openSeconds));
        BulkRunnerSupport.printResult(quads, seconds, extras);
    }
}
