package dev.cinnabar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.QuadStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cinnabar serve}: an embedded Fuseki on a store, until SIGINT or SIGTERM, which close the store cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve a store over HTTP with an embedded Apache Jena Fuseki: SPARQL query, SPARQL update and the "
        + "Graph Store Protocol (read and write), creating the store if absent. Binds 127.0.0.1 unless --host says "
        + "otherwise; there is no authentication, so think before you open it to a network.",
        "",
        "Prints the endpoints on standard output. Ctrl-C (SIGINT) or SIGTERM stops the server, then closes the store; "
            + "every update it acknowledged is committed."},
    footer = {"", "Examples:",
        "  cinnabar serve --store db                 # http://127.0.0.1:3030/ds",
        "  cinnabar serve --store db --port 8080 --name /people",
        "  curl http://127.0.0.1:3030/ds/query --data-urlencode 'query=ASK { ?s ?p ?o }'"})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    CinnabarCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--port", paramLabel = "N", defaultValue = "3030",
        description = "The TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every "
            + "IPv4 address).")
    String host;

    @Option(names = "--name", paramLabel = "PATH", defaultValue = "/ds",
        description = "The dataset's path in URLs (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--verbose", description = "Log each request (Fuseki's log) on standard error.")
    boolean verbose;

    /** The running server and its store; null until started, and again once both are closed. */
    private StoreServer server;
    private QuadStore quadStore;

    @Override
    public Integer call() throws IOException, CliException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, not " + port);
        }
        if (!name.matches("/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
            throw new ParameterException(spec.commandLine(), "--name must be a URL path such as /ds, not '" + name
                + "'");
        }
        if (verbose) {
            // Read by slf4j-simple when Fuseki's loggers are made, which is after this point.
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.jena.fuseki", "info");
        }
        PrintStream out = root.out;
        Thread hook = new Thread(this::stop, "cinnabar-serve-shutdown");
        synchronized (this) {
            quadStore = Stores.openOrCreate(store.directory);
            try {
                server = StoreServer.start(CinnabarJena.wrap(quadStore), host, port, name);
            } catch (CliException | RuntimeException e) {
                quadStore.close();
                quadStore = null;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(hook);
        }
        String url = server.datasetUrl();
        out.println("Serving " + store.directory + " at " + url);
        out.println("  SPARQL query:  " + url + "/query   (GET ?query=, or POST)");
        out.println("  SPARQL update: " + url + "/update  (POST)");
        out.println("  Graph Store:   " + url + "/data    (GET, PUT, POST, DELETE; ?default or ?graph=IRI)");
        out.flush();
        root.err.println("cinnabar serve: stop with Ctrl-C or SIGTERM");
        server.join();
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down (a signal): the hook has run or runs now.
        }
        return CinnabarCommand.OK;
    }

    /** Stops the server, then closes the store; from the shutdown hook or after the server stopped. Once. */
    synchronized void stop() {
        if (quadStore == null) {
            return;
        }
        try {
            server.close();
        } finally {
            try {
                quadStore.close();
                root.err.println("cinnabar serve: stopped; " + store.directory + " is closed");
            } catch (IOException | RuntimeException e) {
                root.err.println("cinnabar serve: closing " + store.directory + " failed: "
                    + CinnabarCommand.messageOf(e));
            } finally {
                quadStore = null;
            }
        }
    }
}
