package dev.cinnabar.atomstore;

import java.nio.file.Path;

import dev.cinnabar.storage.StoreLockedException;

/** Child-process entry point for tests: opens a store, reports, and holds it until stdin closes. */
public final class OpenStoreMain {

    static final int EXIT_LOCKED = 3;
    static final int EXIT_NO_FLAG = 4;

    private OpenStoreMain() {
    }

    public static void main(String[] args) throws Exception {
        try (AtomStore store = AtomStore.open(Path.of(args[0]))) {
            store.intern("from the child");
            System.out.println("opened");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the store until the parent closes our stdin
            }
        } catch (StoreLockedException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_LOCKED);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_NO_FLAG);
        }
    }
}
