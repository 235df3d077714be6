package dev.cinnabar.cli;

import java.net.BindException;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.sparql.core.DatasetGraph;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Fuseki serving one dataset: SPARQL query, SPARQL update and the Graph Store Protocol (read and write),
 * on one host address and port. It does not own the dataset: stopping it leaves the store open.
 */
final class StoreServer implements AutoCloseable {

    private final FusekiServer server;
    private final String host;
    private final String name;

    private StoreServer(FusekiServer server, String host, String name) {
        this.server = server;
        this.host = host;
        this.name = name;
    }

    /**
     * Starts serving {@code dataset} at {@code http://host:port/name}; port 0 picks a free port.
     *
     * @throws CliException (store error) if the address cannot be bound (in use, or not this machine's)
     */
    static StoreServer start(DatasetGraph dataset, String host, int port, String name) throws CliException {
        String path = name.startsWith("/") ? name : "/" + name;
        FusekiServer server = FusekiServer.create()
            .port(port)
            .add(path, dataset, true)
            .enablePing(true)
            .build();
        // Fuseki binds either localhost or every address; any one address is set on its connector before start.
        for (Connector connector : server.getJettyServer().getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost(host);
            }
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            server.stop();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw CliException.storeError("cannot listen on " + host + ":" + port + ": " + cause.getMessage());
                }
            }
            throw e;
        }
        return new StoreServer(server, host, path);
    }

    /** The port it listens on (the one picked, for port 0). */
    int port() {
        return server.getHttpPort();
    }

    /** {@code http://host:port/name}: query, update and GSP on the dataset are below it (and at it). */
    String datasetUrl() {
        String address = host.contains(":") ? "[" + host + "]" : host; // an IPv6 literal
        return "http://" + address + ":" + port() + name;
    }

    /** Waits until the server stops. */
    void join() {
        server.join();
    }

    /** Stops the server: it no longer accepts requests, and requests under way are ended. */
    @Override
    public void close() {
        server.stop();
    }
}
