package dev.cinnabar.cli;

import static dev.cinnabar.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.cli.CliTest.Run;
import dev.cinnabar.jena.CinnabarJena;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;

/** {@code cinnabar serve}: Fuseki over a store, spoken to over HTTP; SIGTERM stops it and closes the store. */
class ServeTest {

    private static final String EX = "http://example.org/";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Path loadedStore() throws IOException {
        Path store = dir.resolve("store");
        Path data = Files.writeString(dir.resolve("data.nq"), ""
            + "<http://example.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alice\" .\n"
            + "<http://example.org/bob> <http://xmlns.com/foaf/0.1/name> \"Bob\" <http://example.org/g> .\n");
        Run load = run("load", "--store", store.toString(), data.toString());
        assertEquals(0, load.code(), load::toString);
        return store;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String form(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ResultSet results(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        return ResultSetMgr.read(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)),
            ResultSetLang.RS_JSON);
    }

    /** The integer ?n of a one-row result. */
    private static int countOf(HttpResponse<String> response) {
        return ((Number) results(response).nextSolution().getLiteral("n").getValue()).intValue();
    }

    private HttpResponse<String> queryGet(String url, String query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url + "/query?" + form("query", query)))
            .header("Accept", "application/sparql-results+json").GET().build());
    }

    @Test
    void queryUpdateAndGraphStoreOverHttp() throws Exception {
        Path store = loadedStore();
        try (QuadStore quadStore = QuadStore.open(store);
             StoreServer server = StoreServer.start(CinnabarJena.wrap(quadStore), "127.0.0.1", 0, "/ds")) {
            String url = server.datasetUrl();
            assertTrue(url.startsWith("http://127.0.0.1:") && url.endsWith("/ds") && server.port() > 0, url);

            // SPARQL query by GET and by POST (a form).
            ResultSet names = results(queryGet(url, "SELECT ?name WHERE { GRAPH ?g { ?s ?p ?name } }"));
            assertEquals(NodeFactory.createLiteralString("Bob"), names.nextBinding().get("name"));
            assertFalse(names.hasNext());
            HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(url + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/sparql-results+json")
                .POST(HttpRequest.BodyPublishers.ofString(form("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))
                .build());
            assertEquals(1, countOf(post));

            // SPARQL update by POST: committed to the store.
            HttpResponse<String> update = send(HttpRequest.newBuilder(URI.create(url + "/update"))
                .header("Content-Type", "application/sparql-update")
                .POST(HttpRequest.BodyPublishers.ofString("INSERT DATA { <" + EX + "carol> <" + EX + "p> \"new\" }"))
                .build());
            assertEquals(2, update.statusCode() / 100, update::body);
            try (ReadTxn txn = quadStore.beginRead()) {
                assertTrue(txn.contains(new Quad(DefaultGraph.INSTANCE, new Iri(EX + "carol"), new Iri(EX + "p"),
                    Literal.of("new"))));
            }

            // Graph Store Protocol: PUT a named graph, GET it back.
            String graphUrl = url + "/data?" + form("graph", EX + "put");
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(graphUrl))
                .header("Content-Type", "text/turtle")
                .PUT(HttpRequest.BodyPublishers.ofString("<" + EX + "s> <" + EX + "p> \"one\" , \"two\" ."))
                .build());
            assertEquals(2, put.statusCode() / 100, put::body);
            HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(graphUrl))
                .header("Accept", "application/n-triples").GET().build());
            assertEquals(200, get.statusCode(), get::body);
            Graph graph = RDFParser.fromString(get.body(), Lang.NTRIPLES).toGraph();
            assertEquals(2, graph.size(), get::body);
            HttpResponse<String> defaultGraph = send(HttpRequest.newBuilder(URI.create(url + "/data?default"))
                .header("Accept", "application/n-triples").GET().build());
            assertEquals(2, RDFParser.fromString(defaultGraph.body(), Lang.NTRIPLES).toGraph().size(),
                defaultGraph::body);
        }
    }

    @Test
    void queriesAreAnsweredWhileAnUpdateAndAGraphStorePutRun() throws Exception {
        Path store = loadedStore();
        try (QuadStore quadStore = QuadStore.open(store);
             StoreServer server = StoreServer.start(CinnabarJena.wrap(quadStore), "127.0.0.1", 0, "/ds")) {
            String url = server.datasetUrl();
            String count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }";
            java.util.concurrent.CompletableFuture<HttpResponse<String>> put;
            try (dev.cinnabar.quadstore.WriteTxn update = quadStore.beginWrite()) { // a long update, in progress
                update.add(new Iri(EX + "g"), new Iri(EX + "dave"), new Iri(EX + "p"), Literal.of("uncommitted"));
                HttpResponse<String> during = queryGet(url, count);
                assertEquals(1, countOf(during),
                    "answered from the last commit while the update runs");
                // A Graph Store PUT now waits for the writer; queries still get answers meanwhile.
                put = http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/data?" + form("graph", EX + "put")))
                    .header("Content-Type", "text/turtle")
                    .PUT(HttpRequest.BodyPublishers.ofString("<" + EX + "s> <" + EX + "p> \"one\" .")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                Thread.sleep(200);
                assertFalse(put.isDone(), "the PUT waits for the running update");
                HttpResponse<String> whilePut = queryGet(url, count);
                assertEquals(1, countOf(whilePut));
                update.commit();
            }
            assertEquals(2, put.get(30, TimeUnit.SECONDS).statusCode() / 100);
            HttpResponse<String> after = queryGet(url, count);
            assertEquals(3, countOf(after));
        }
    }

    @Test
    void aBusyPortIsAStoreErrorAndLeavesTheStoreClosed() throws Exception {
        Path store = loadedStore();
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1,
            java.net.InetAddress.getByName("127.0.0.1"))) {
            Run serve = run("serve", "--store", store.toString(), "--port", String.valueOf(busy.getLocalPort()));
            assertEquals(3, serve.code(), serve::toString);
            assertTrue(serve.err().contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()), serve::toString);
        }
        QuadStore.open(store).close(); // not left locked
    }

    @Test
    void sigtermStopsTheServerAndClosesTheStore() throws Exception {
        Path store = loadedStore();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            CinnabarCommand.class.getName(), "serve", "--store", store.toString(), "--port", "0")
            .redirectOutput(dir.resolve("serve.out").toFile())
            .redirectError(dir.resolve("serve.err").toFile()).start();
        try {
            String first = firstLine(child);
            assertTrue(first.startsWith("Serving "), () -> first + "\n" + stderr());
            String url = first.substring(first.indexOf(" at ") + 4);
            HttpResponse<String> update = send(HttpRequest.newBuilder(URI.create(url + "/update"))
                .header("Content-Type", "application/sparql-update")
                .POST(HttpRequest.BodyPublishers.ofString("INSERT DATA { <" + EX + "x> <" + EX + "p> \"served\" }"))
                .build());
            assertEquals(2, update.statusCode() / 100, update::body);

            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            assertEquals(128 + 15, child.exitValue(), "the JVM's exit status for SIGTERM after its hooks ran");
            assertTrue(stderr().contains("stopped; " + store + " is closed"), stderr());
            String out = Files.readString(dir.resolve("serve.out"));
            assertFalse(out.contains("WARN") || out.contains("INFO"), "standard output holds no log: " + out);
        } finally {
            child.destroyForcibly();
        }
        // The lock is released, the acknowledged update is there, and the store checks clean.
        try (QuadStore reopened = QuadStore.open(store); ReadTxn txn = reopened.beginRead();
             Stream<Quad> quads = txn.match(null, new Iri(EX + "x"), null, null)) {
            assertEquals(List.of(new Quad(DefaultGraph.INSTANCE, new Iri(EX + "x"), new Iri(EX + "p"),
                Literal.of("served"))), quads.toList());
        }
        Run verify = run("verify", "--store", store.toString());
        assertEquals(0, verify.code(), verify::toString);
    }

    /** The first line the child prints on standard output (its URL), once it is there. */
    private String firstLine(Process child) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            String out = Files.readString(dir.resolve("serve.out"));
            if (out.indexOf('\n') >= 0) {
                return out.substring(0, out.indexOf('\n'));
            }
            Thread.sleep(20);
        }
        return "(no line; alive: " + child.isAlive() + ")";
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("serve.err"));
        } catch (IOException e) {
            return "(no standard error: " + e + ")";
        }
    }
}
