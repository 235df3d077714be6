package dev.cinnabar.torture.lock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;

/**
 * The second process of {@link SecondProcessLockTest}. {@code try-open DIR}: opens the store and prints
 * {@code OPENED <quads>}, or prints {@code REFUSED <exception class> <message>}. {@code hold DIR}: opens the store,
 * commits one quad, prints {@code HOLDING}, waits for a line on standard input, closes and prints {@code CLOSED}.
 */
public final class LockProbeMain {

    private LockProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "try-open" -> {
                try (QuadStore store = QuadStore.open(dir)) {
                    System.out.println("OPENED " + store.stats().quads());
                } catch (Exception e) {
                    System.out.println("REFUSED " + e.getClass().getName() + " " + e.getMessage());
                }
            }
            case "hold" -> {
                try (QuadStore store = QuadStore.open(dir)) {
                    try (WriteTxn txn = store.beginWrite()) {
                        txn.add(DefaultGraph.INSTANCE, new Iri("http://example.org/holder"),
                            new Iri("http://example.org/p"), Literal.of("written by the holding process"));
                        txn.commit();
                    }
                    System.out.println("HOLDING");
                    System.out.flush();
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                }
                System.out.println("CLOSED");
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
