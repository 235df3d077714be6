package dev.cinnabar.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.TxnType;
import org.apache.jena.shared.JenaException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.exec.UpdateExec;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cinnabar update}: a SPARQL update on a store, in one write transaction. */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = {"Run a SPARQL 1.1 Update on a store (Apache Jena's engine), creating the store if absent. The "
        + "whole request, every operation in it, is one write transaction: it commits at the end, and if any "
        + "operation fails (exit code 1), nothing changes.",
        "",
        "Prints on standard error how many quads the store held before and after."},
    footer = {"", "Examples:",
        "  cinnabar update --store db 'INSERT DATA { <urn:ex:a> <urn:ex:b> 1 }'",
        "  cinnabar update --store db 'DROP GRAPH <http://example.org/old>'",
        "  cinnabar update --store db --file changes.ru"})
final class UpdateCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Parameters(arity = "0..1", paramLabel = "UPDATE", description = "The update (or give --file).")
    String update;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the update from FILE (UTF-8); "
        + "relative IRIs in it resolve against the file's URI.")
    Path file;

    @Override
    public Integer call() throws IOException, CliException {
        SparqlText text = SparqlText.of(spec, update, file, "update");
        UpdateRequest request;
        try {
            request = UpdateFactory.create(text.text(), text.base());
        } catch (QueryParseException e) {
            throw text.syntaxError(e);
        }
        QuadStoreStats before;
        QuadStoreStats after;
        try (QuadStore quadStore = Stores.openOrCreate(store.directory)) {
            before = quadStore.stats();
            DatasetGraph dataset = CinnabarJena.wrap(quadStore);
            dataset.begin(TxnType.WRITE);
            boolean committed = false;
            try {
                try {
                    UpdateExec.dataset(dataset).update(request).execute();
                } catch (JenaException e) {
                    if (CinnabarCommand.causedByIo(e)) {
                        throw e; // the store failed, not the update: exit code 3
                    }
                    throw CliException.badInput("the update failed, so nothing was changed: "
                        + CinnabarCommand.messageOf(e), e);
                }
                dataset.commit();
                committed = true;
            } finally {
                if (!committed && dataset.isInTransaction()) { // a failed commit has rolled back already
                    dataset.abort();
                }
                dataset.end();
            }
            after = quadStore.stats();
        }
        long change = after.quads() - before.quads();
        root.err.println("cinnabar update: " + Format.count(before.quads()) + " quads before, "
            + Format.count(after.quads()) + " after (" + (change >= 0 ? "+" : "") + Format.count(change) + ")");
        return CinnabarCommand.OK;
    }
}
