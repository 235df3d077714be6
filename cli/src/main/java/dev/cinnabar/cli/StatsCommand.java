package dev.cinnabar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code cinnabar stats}: a store's size. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Print a store's size as of its last commit: quads, atoms (interned terms), graphs, segments, "
        + "uncheckpointed changes, and bytes on disk per file kind.")
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws IOException, CliException {
        QuadStoreStats stats;
        try (QuadStore quadStore = Stores.openExisting(store.directory)) {
            stats = quadStore.stats();
        }
        print(stats, store.directory, root.out);
        root.out.flush();
        return CinnabarCommand.OK;
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
