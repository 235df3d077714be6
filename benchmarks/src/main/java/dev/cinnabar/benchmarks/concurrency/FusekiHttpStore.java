package dev.cinnabar.benchmarks.concurrency;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.sparql.core.DatasetGraph;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A dataset behind an embedded Fuseki on 127.0.0.1 (a free port), driven over HTTP/1.1 with
 * {@link java.net.http.HttpClient}: the queries as SPARQL (GET {@code /ds/query}, JSON results), the update as
 * SPARQL Update ({@code INSERT DATA}, POST {@code /ds/update}), the writes as Graph Store Protocol POSTs of
 * N-Triples to {@code /ds/data?graph=IRI}, streamed as generated. Each request is one transaction in Fuseki.
 * It does not own the dataset: closing stops the server only.
 */
final class FusekiHttpStore implements ConcurrentStore {

    private static final Pattern COUNT = Pattern.compile("\"value\"\\s*:\\s*\"(\\d+)\"");

    private final String name;
    private final FusekiServer server;
    private final String base;
    private final HttpClient http;

    private FusekiHttpStore(String name, FusekiServer server) {
        this.name = name;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.getHttpPort() + "/ds";
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Serves {@code dataset} at {@code http://127.0.0.1:PORT/ds}, read and write. */
    static FusekiHttpStore serve(String name, DatasetGraph dataset) {
        FusekiServer server = FusekiServer.create().port(0).add("/ds", dataset, true).build();
        for (Connector connector : server.getJettyServer().getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost("127.0.0.1");
            }
        }
        server.start();
        return new FusekiHttpStore(name, server);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "Fuseki 5.6.0 (Jetty 12) on 127.0.0.1:" + server.getHttpPort() + ", java.net.http HTTP/1.1 client";
    }

    @Override
    public long smallQuery(String subjectIri) throws IOException, InterruptedException {
        return query(Workload.smallQuerySparql(subjectIri));
    }

    @Override
    public void update(long seq) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/update"))
            .header("Content-Type", "application/sparql-update")
            .POST(HttpRequest.BodyPublishers.ofString(Workload.updateSparql(seq))).build());
    }

    @Override
    public long longQuery(int passes) throws IOException, InterruptedException {
        return query(Workload.longQuerySparql(passes));
    }

    @Override
    public void write(String graphIri, long first, int count) throws IOException, InterruptedException {
        String url = base + "/data?graph=" + URLEncoder.encode(graphIri, StandardCharsets.UTF_8);
        send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/n-triples")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> Workload.writeNTriples(first, count))).build());
    }

    private long query(String sparql) throws IOException, InterruptedException {
        String url = base + "/query?query=" + URLEncoder.encode(sparql, StandardCharsets.UTF_8);
        String body = send(HttpRequest.newBuilder(URI.create(url))
            .header("Accept", "application/sparql-results+json").GET().build());
        Matcher m = COUNT.matcher(body);
        if (!m.find()) {
            throw new IOException(name + ": no count in the response: " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(name + ": HTTP " + response.statusCode() + " for " + request.method() + " "
                + request.uri() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        server.stop();
    }
}
