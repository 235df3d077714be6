package dev.cinnabar.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.storage.CorruptStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code cinnabar verify}: a full check of a store; exit code 3 on any problem. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check a whole store: every checksum matches, every id resolves to a term, and the six indexes "
        + "agree (the same quads, as many as the store counts). Reads every file: O(store).",
        "",
        "Prints each check on standard output and exits 0, or prints every problem found on standard error and "
            + "exits 3."})
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws IOException, CliException {
        List<String> checked;
        try (QuadStore quadStore = Stores.openExisting(store.directory)) {
            checked = quadStore.verify();
        } catch (CorruptStoreException e) {
            root.out.flush();
            List<String> problems = e.problems();
            root.err.println("cinnabar verify: " + store.directory + " is damaged: " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems"));
            for (String problem : problems) {
                root.err.println("  " + problem);
            }
            return CinnabarCommand.STORE_ERROR;
        }
        for (String check : checked) {
            root.out.println("ok  " + check);
        }
        root.out.println("Store " + store.directory + " is consistent (" + checked.size() + " checks)");
        root.out.flush();
        return CinnabarCommand.OK;
    }
}
