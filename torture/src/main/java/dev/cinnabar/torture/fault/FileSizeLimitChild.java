package dev.cinnabar.torture.fault;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.torture.fault.FileSizeLimit.Mode;

/**
 * Child JVM of {@link FileSizeLimit}, run under {@code ulimit -f}: commits until a file would pass the limit,
 * printing {@code ACK n} after each acknowledged commit, then {@code FAILED message}, whether memory still holds
 * exactly the acknowledged commits, and whether the store closes. Arguments: store directory, mode.
 */
public final class FileSizeLimitChild {

    static final int MAX_COMMITS = 5_000;

    private FileSizeLimitChild() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Mode mode = Mode.valueOf(args[1]);
        QuadStore store = QuadStore.open(dir, options(mode));
        long expected = 0;
        int commits = 0;
        try {
            while (commits < MAX_COMMITS) {
                List<Quad> quads = quadsOf(mode, commits + 1);
                try (WriteTxn txn = store.beginWrite()) {
                    for (Quad quad : quads) {
                        txn.add(quad);
                    }
                    txn.commit();
                }
                commits++;
                expected += quads.size();
                System.out.println("ACK " + commits);
                if (mode == Mode.SEGMENT && commits % 8 == 0) {
                    store.compact();
                }
            }
            System.out.println("NO FAILURE after " + commits + " commits");
        } catch (IOException e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
        System.out.println("MEMORY " + (store.stats().quads() == expected ? "OK" : "WRONG " + store.stats().quads()
            + " quads, expected " + expected));
        try {
            store.close();
            System.out.println("CLOSED");
        } catch (IOException e) {
            System.out.println("CLOSE FAILED " + e.getMessage());
        }
        System.out.flush();
    }

    static QuadStoreOptions options(Mode mode) {
        QuadStoreOptions options = QuadStoreOptions.defaults().withAutoCompaction(false)
            .withAtomStoreOptions(AtomStoreOptions.defaults().withChunkSizeBytes(1 << 20).withMaxAtomBytes(1 << 19).withInitialDataBytes(0)
                .withInitialHashCapacity(1024));
        return switch (mode) {
            case LOG -> options.withMemtableMaxQuads(1 << 20);
            case SEGMENT -> options.withLogMaxBytes(256 << 10);
            case ATOMS -> options;
        };
    }

    /** The quads commit {@code n} (from 1) adds: distinct from every other commit's. */
    static List<Quad> quadsOf(Mode mode, int n) {
        List<Quad> quads = new ArrayList<>();
        switch (mode) {
            case LOG, SEGMENT -> {
                int size = mode == Mode.LOG ? 2_000 : 10_000;
                for (int j = 0; j < size; j++) {
                    long k = (long) (n - 1) * size + j;
                    quads.add(new Quad(new Iri("http://example.org/g/" + (k / 1_000_000) % 4),
                        new Iri("http://example.org/s/" + k % 1000), new Iri("http://example.org/p/" + (k / 1000) % 10),
                        new Iri("http://example.org/o/" + (k / 10_000) % 100)));
                }
            }
            case ATOMS -> {
                for (int j = 0; j < 5; j++) {
                    StringBuilder text = new StringBuilder("commit " + n + " literal " + j + " ");
                    while (text.length() < 20_000) {
                        text.append((char) ('a' + (text.length() * 31 + n) % 26));
                    }
                    quads.add(new Quad(DefaultGraph.INSTANCE, new Iri("http://example.org/s/" + n),
                        new Iri("http://example.org/p/" + j), Literal.of(text.toString())));
                }
            }
        }
        return quads;
    }

    /** Every quad of commits 1..n. */
    static Set<Quad> stateAfter(Mode mode, int n) {
        java.util.Set<Quad> all = new java.util.HashSet<>();
        for (int i = 1; i <= n; i++) {
            all.addAll(quadsOf(mode, i));
        }
        return all;
    }
}
