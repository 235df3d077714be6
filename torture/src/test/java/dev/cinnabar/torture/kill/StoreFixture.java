package dev.cinnabar.torture.kill;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.Quad;

/** Runs workload operations in this JVM, and reads a store's quads, for the kill tests. */
final class StoreFixture {

    static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    private StoreFixture() {
    }

    /** Runs operations {@code from} to {@code to} (exclusive) on the store, applying them to {@code model}. */
    static void runOperations(QuadStore store, WorkloadPlan plan, long from, long to, Path work, Set<Quad> model)
        throws IOException {
        for (long n = from; n < to; n++) {
            Operation op = plan.operation(n);
            KillWorkload.run(store, op, work, SILENT);
            op.applyTo(model);
        }
    }

    static Set<Quad> quads(QuadStore store) {
        try (ReadTxn txn = store.beginRead(); Stream<Quad> quads = txn.match(null, null, null, null)) {
            return quads.collect(java.util.stream.Collectors.toCollection(HashSet::new));
        }
    }
}
