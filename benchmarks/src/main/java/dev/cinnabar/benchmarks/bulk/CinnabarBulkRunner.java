package dev.cinnabar.benchmarks.bulk;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;

/**
 * Cinnabar's bulk loader ({@link QuadStore#bulkLoad}) under the runner contract of {@link BulkRunners}: default
 * options, skip mode (LUBM's relative-IRI lines are skipped and counted), the clock from before the load to the
 * store closed (the load's commit is durable when {@code bulkLoad} returns).
 */
public final class CinnabarBulkRunner {

    private CinnabarBulkRunner() {
    }

    public static void main(String[] argv) throws Exception {
        BulkRunnerSupport.Args args = BulkRunnerSupport.parseArgs("CinnabarBulkRunner", argv);
        long opened = System.nanoTime();
        QuadStore store = QuadStore.open(args.storeDir());
        double openSeconds = BulkRunnerSupport.secondsSince(opened);
        long t0 = System.nanoTime();
        BulkLoadResult result = store.bulkLoad(args.files(), BulkLoadOptions.defaults().withSkipBadLines(true));
        store.close();
        double seconds = BulkRunnerSupport.secondsSince(t0);
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("loader", "cinnabar-bulkLoad");
        extras.put("open_s", String.format(java.util.Locale.ROOT, "%.3f", openSeconds));
        extras.put("parsed", result.statements());
        extras.put("skipped", result.badLines());
        long quads;
        try (QuadStore reopened = QuadStore.open(args.storeDir())) {
            QuadStoreStats stats = reopened.stats();
            quads = stats.quads();
            stats.bytesOnDisk().forEach((kind, bytes) -> {
                if (!kind.equals("segments")) {
                    extras.put("bytes." + kind, bytes);
                }
            });
        }
        BulkRunnerSupport.printResult(quads, seconds, extras);
    }
}
