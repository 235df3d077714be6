package dev.cinnabar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadStore;

/** Opening stores from the command line: an existing store, or a new one only where that is safe. */
final class Stores {

    /** The file whose presence makes a directory a quad store (written when the store is created). */
    static final String MANIFEST = "quads.manifest";

    private Stores() {
    }

    /** Opens the store in {@code directory}, which must exist: reading commands never create a store. */
    static QuadStore openExisting(Path directory) throws IOException, CliException {
        if (!Files.exists(directory)) {
            throw CliException.storeError("no store at " + directory + ": the directory does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw CliException.storeError(directory + " is not a directory");
        }
        if (!Files.exists(directory.resolve(MANIFEST))) {
            throw CliException.storeError(directory + " is not a Cinnabar store (it has no " + MANIFEST + ")");
        }
        return QuadStore.open(directory);
    }

    /**
     * Opens the store in {@code directory}, creating it if absent. Refuses a directory that holds other files than
     * a store's, so that a mistyped {@code --store} does not scatter store files among someone's data.
     */
    static QuadStore openOrCreate(Path directory) throws IOException, CliException {
        if (Files.exists(directory)) {
            if (!Files.isDirectory(directory)) {
                throw CliException.storeError(directory + " is not a directory");
            }
            if (!Files.exists(directory.resolve(MANIFEST))) {
                try (Stream<Path> entries = Files.list(directory)) {
                    Path foreign = entries.filter(entry -> !isStoreFile(entry.getFileName().toString()))
                        .findFirst().orElse(null);
                    if (foreign != null) {
                        throw CliException.storeError(directory + " is not a Cinnabar store and not empty (it "
                            + "holds " + foreign.getFileName() + "): give a new or empty directory");
                    }
                }
            }
        }
        return QuadStore.open(directory);
    }

    /** Names of the files a store keeps: the lock, the atom store's files, the quad indexes and their log. */
    private static boolean isStoreFile(String name) {
        return name.equals("LOCK") || name.startsWith("atoms.") || name.startsWith("quads.")
            || name.startsWith("quads-");
    }
}
