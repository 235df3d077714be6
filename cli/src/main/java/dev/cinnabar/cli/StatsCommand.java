package dev.cinnabar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongUnaryOperator;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.StoreStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cinnabar stats}: a store's size and its largest predicates and classes. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Print a store's size as of its last commit: quads, atoms (interned terms), graphs, segments, "
        + "uncheckpointed changes, bytes on disk per file kind, and from the statistics the store keeps with each "
        + "commit its largest predicates (quads, distinct subjects and objects) and classes (instances).")
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Mixin
    StoreOption store;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
        description = "How many predicates and classes to list, largest first (default: ${DEFAULT-VALUE}; 0: none).")
    int top;

    @Override
    public Integer call() throws IOException, CliException {
        if (top < 0) {
            throw CliException.badInput("--top must be 0 or more, not " + top);
        }
        try (QuadStore quadStore = Stores.openExisting(store.directory)) {
            print(quadStore.stats(), store.directory, root.out);
            try (ReadTxn txn = quadStore.beginRead()) {
                printLargest(txn, top, root.out);
            }
        }
        root.out.flush();
        return CinnabarCommand.OK;
    }

    /** The {@code top} predicates by quads and classes by instances, from the commit's statistics. */
    static void printLargest(ReadTxn txn, int top, PrintStream out) {
        StoreStatistics statistics = txn.statistics();
        long[] predicates = largest(statistics.predicateIds(), statistics::predicateQuads, top);
        out.println("  predicates:      " + Format.count(statistics.predicateIds().length)
            + (predicates.length == 0 ? "" : "  (largest first: quads, distinct subjects, distinct objects)"));
        for (long p : predicates) {
            out.println(String.format(Locale.ROOT, "    %s  %s, %s, %s", txn.term(p),
                Format.count(statistics.predicateQuads(p)), Format.count(statistics.distinctSubjects(p)),
                Format.count(statistics.distinctObjects(p))));
        }
        long[] classes = largest(statistics.classIds(), statistics::classQuads, top);
        out.println("  classes:         " + Format.count(statistics.classIds().length)
            + (classes.length == 0 ? "" : "  (largest first: rdf:type quads)"));
        for (long c : classes) {
            out.println(String.format(Locale.ROOT, "    %s  %s", txn.term(c), Format.count(statistics.classQuads(c))));
        }
    }

    private static long[] largest(long[] ids, LongUnaryOperator size, int top) {
        return java.util.Arrays.stream(ids).boxed()
            .sorted(Comparator.comparingLong((Long id) -> size.applyAsLong(id)).reversed()
                .thenComparing(Comparator.naturalOrder()))
            .limit(top).mapToLong(Long::longValue).toArray();
    }

    static void print(QuadStoreStats stats, Path directory, PrintStream out) {
        out.println("Store " + directory);
        out.println("  quads:           " + Format.count(stats.quads()));
        out.println("  atoms:           " + Format.count(stats.atoms()) + "  (interned terms)");
        out.println("  graphs:          " + Format.count(stats.graphs()) + "  (with at least one quad, the default "
            + "graph included)");
        out.println("  segments:        " + Format.count(stats.segments()));
        out.println("  memtable quads:  " + Format.count(stats.memtableQuads()) + "  (changes since the last "
            + "checkpoint)");
        long total = stats.totalBytesOnDisk();
        out.println("  bytes on disk:   " + Format.bytes(total) + "  (" + Format.count(total) + " bytes; files grow "
            + "in steps)");
        for (String kind : kindsInOrder(stats.bytesOnDisk())) {
            boolean share = kind.startsWith("index.");
            out.println(String.format(Locale.ROOT, "    %-16s %12s%s", (share ? "  " : "") + kind,
                Format.bytes(stats.bytesOnDisk().get(kind)), kind.equals("segments") ? "  (the six indexes:)" : ""));
        }
    }

    /** The atom store's files, then the segments and each index's share of them, then the log and the manifest. */
    private static List<String> kindsInOrder(Map<String, Long> bytes) {
        List<String> order = new ArrayList<>(List.of("atoms.data", "atoms.offsets", "atoms.hash", "atoms.manifest",
            "segments", "index.SPOG", "index.POSG", "index.OSPG", "index.GSPO", "index.GPOS", "index.GOSP", "log",
            "quads.manifest"));
        order.retainAll(bytes.keySet());
        bytes.keySet().stream().filter(kind -> !order.contains(kind)).sorted().forEach(order::add);
        return order;
    }
}
