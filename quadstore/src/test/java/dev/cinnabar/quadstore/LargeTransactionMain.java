package dev.cinnabar.quadstore;

import java.nio.file.Path;

import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;

/**
 * Adds {@code args[1]} distinct quads in one write transaction to a new store at {@code args[0]}, commits, reopens
 * and counts them; prints the count, the time and the heap limit. Run in a child JVM with a small heap by
 * {@link LargeTransactionTest}.
 */
public final class LargeTransactionMain {

    private LargeTransactionMain() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long quads = Long.parseLong(args[1]);
        Iri[] predicates = new Iri[10];
        Literal[] objects = new Literal[10];
        for (int i = 0; i < 10; i++) {
            predicates[i] = new Iri("http://example.org/p" + i);
            objects[i] = Literal.of("value " + i);
        }
        long started = System.nanoTime();
        try (QuadStore store = QuadStore.open(directory)) {
            try (WriteTxn txn = store.beginWrite()) {
                Iri subject = null;
                for (long i = 0; i < quads; i++) {
                    if (i % 100 == 0) {
                        subject = new Iri("http://example.org/s" + i / 100);
                    }
                    txn.add(DefaultGraph.INSTANCE, subject, predicates[(int) (i / 10 % 10)], objects[(int) (i % 10)]);
                }
                txn.commit();
            }
        }
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        try (QuadStore store = QuadStore.open(directory); ReadTxn read = store.beginRead()) {
            long counted = read.count(null, null, null, null);
            long byPredicate = read.count(null, null, new Iri("http://example.org/p3"), null);
            System.out.printf("quads=%d counted=%d byPredicate=%d loadSeconds=%.1f maxHeapMiB=%d stats=%s%n", quads,
                counted, byPredicate, loadSeconds, Runtime.getRuntime().maxMemory() >> 20, store.stats());
        }
    }
}
