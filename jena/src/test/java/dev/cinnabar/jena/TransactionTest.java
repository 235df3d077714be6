package dev.cinnabar.jena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.JenaTransactionException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Transactional.Promote;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jena transactions over the store's: modes, errors, promotion, and no change outside a write transaction. */
class TransactionTest {

    private static final Node G = NodeFactory.createURI("http://example/g");
    private static final Node S = NodeFactory.createURI("http://example/s");
    private static final Node P = NodeFactory.createURI("http://example/p");
    private static final Quad QUAD = Quad.create(G, S, P, NodeFactory.createLiteralString("o"));
    private static final Quad OTHER = Quad.create(G, S, P, NodeFactory.createLiteralString("other"));

    @TempDir
    Path temp;
    private OpenStores stores;
    private DatasetGraph dsg;

    @BeforeEach
    void open() {
        stores = new OpenStores(temp);
        dsg = stores.fresh();
    }

    @AfterEach
    void close() {
        stores.closeAll();
    }

    @Test
    void everyWriteOutsideATransactionThrows() {
        Graph graph = GraphFactory.createDefaultGraph();
        assertThrows(JenaTransactionException.class, () -> dsg.add(QUAD));
        assertThrows(JenaTransactionException.class, () -> dsg.delete(QUAD));
        assertThrows(JenaTransactionException.class, () -> dsg.deleteAny(G, null, null, null));
        assertThrows(JenaTransactionException.class, dsg::clear);
        assertThrows(JenaTransactionException.class, () -> dsg.addGraph(G, graph));
        assertThrows(JenaTransactionException.class, () -> dsg.removeGraph(G));
        assertThrows(JenaTransactionException.class, () -> dsg.getGraph(G).add(QUAD.asTriple()));
        assertThrows(JenaTransactionException.class, () -> dsg.prefixes().add("ex", "http://example/"));
        assertThrows(JenaTransactionException.class, () -> dsg.prefixes().delete("ex"));
        assertTrue(dsg.isEmpty());
    }

    @Test
    void writeInAReadTransactionThrows() {
        dsg.begin(TxnType.READ);
        assertThrows(JenaTransactionException.class, () -> dsg.add(QUAD));
        assertThrows(JenaTransactionException.class, () -> dsg.prefixes().add("ex", "http://example/"));
        dsg.end();
        assertTrue(dsg.isEmpty());
    }

    @Test
    void executeWriteCommits() {
        Txn.executeWrite(dsg, () -> dsg.add(QUAD));
        assertTrue(Txn.calculateRead(dsg, () -> dsg.contains(QUAD)));
    }

    @Test
    void readOutsideATransactionSeesTheLastCommit() {
        Txn.executeWrite(dsg, () -> dsg.add(QUAD));
        assertTrue(dsg.contains(QUAD));
        assertEquals(QUAD, dsg.find().next());
        assertFalse(dsg.isInTransaction(), "the implicit read transaction ended");
    }

    @Test
    void abortLeavesNothing() {
        dsg.begin(TxnType.WRITE);
        dsg.add(QUAD);
        assertTrue(dsg.contains(QUAD), "a write transaction sees its own change");
        dsg.abort();
        dsg.end();
        assertFalse(dsg.contains(QUAD));
        assertTrue(dsg.isEmpty());
    }

    @Test
    void exceptionInExecuteWriteAborts() {
        assertThrows(IllegalStateException.class, () -> Txn.executeWrite(dsg, () -> {
            dsg.add(QUAD);
            throw new IllegalStateException("boom");
        }));
        assertFalse(dsg.isInTransaction());
        assertTrue(dsg.isEmpty());
    }

    @Test
    void endOfAnUncommittedWriteAbortsAndSaysSo() {
        dsg.begin(ReadWrite.WRITE);
        dsg.add(QUAD);
        assertThrows(JenaTransactionException.class, dsg::end);
        assertFalse(dsg.isInTransaction());
        assertTrue(dsg.isEmpty());
    }

    @Test
    void nestedBeginThrows() {
        dsg.begin(TxnType.READ);
        assertThrows(JenaTransactionException.class, () -> dsg.begin(TxnType.WRITE));
        assertThrows(JenaTransactionException.class, () -> dsg.begin(TxnType.READ));
        dsg.end();
    }

    @Test
    void commitOrAbortOutsideATransactionThrows() {
        assertThrows(JenaTransactionException.class, dsg::commit);
        assertThrows(JenaTransactionException.class, dsg::abort);
    }

    @Test
    void modeAndTypeAreReportedOnlyInsideTheTransaction() {
        assertNull(dsg.transactionMode());
        dsg.begin(TxnType.READ_PROMOTE);
        assertEquals(ReadWrite.READ, dsg.transactionMode());
        assertEquals(TxnType.READ_PROMOTE, dsg.transactionType());
        dsg.commit();
        assertFalse(dsg.isInTransaction());
        assertNull(dsg.transactionType());
        dsg.end();
    }

    @Test
    void readTransactionIsNotPromoted() {
        dsg.begin(TxnType.READ);
        assertFalse(dsg.promote());
        assertEquals(ReadWrite.READ, dsg.transactionMode());
        assertTrue(dsg.isEmpty(), "still a usable read transaction");
        dsg.end();
    }

    @Test
    void readPromoteWithoutInterveningCommitPromotes() {
        dsg.begin(TxnType.READ_PROMOTE);
        assertTrue(dsg.isEmpty());
        assertTrue(dsg.promote());
        assertEquals(ReadWrite.WRITE, dsg.transactionMode());
        dsg.add(QUAD);
        dsg.commit();
        dsg.end();
        assertTrue(dsg.contains(QUAD));
    }

    @Test
    void writeInAReadPromoteTransactionPromotesIt() {
        dsg.begin(TxnType.READ_PROMOTE);
        dsg.add(QUAD);
        assertEquals(ReadWrite.WRITE, dsg.transactionMode());
        dsg.commit();
        dsg.end();
        assertTrue(dsg.contains(QUAD));
    }

    /** Makes promotion's gap commit {@code quad} from another thread, as a waiting writer may. */
    private void commitInPromotionGap(Quad quad) {
        ((StoreDatasetGraph) dsg).promotionGap = () -> {
            try {
                CompletableFuture.runAsync(() -> Txn.executeWrite(dsg, () -> dsg.add(quad))).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    @Test
    void readPromoteFailsWhenAnotherTransactionCommitsFirst() {
        dsg.begin(TxnType.READ_PROMOTE);
        assertTrue(dsg.isEmpty());
        commitInPromotionGap(OTHER);
        assertFalse(dsg.promote());
        assertTrue(dsg.isEmpty(), "the snapshot stays readable, and still does not see the other commit");
        assertFalse(dsg.contains(OTHER));
        assertThrows(JenaTransactionException.class, () -> dsg.add(QUAD));
        dsg.end();
        assertTrue(dsg.contains(OTHER));
        assertFalse(dsg.contains(QUAD));
    }

    @Test
    void writeInReadPromoteFailsClearlyWhenAnotherTransactionCommitsFirst() {
        dsg.begin(TxnType.READ_PROMOTE);
        commitInPromotionGap(OTHER);
        JenaTransactionException e = assertThrows(JenaTransactionException.class, () -> dsg.add(QUAD));
        assertTrue(e.getMessage().contains("another transaction committed"), e.getMessage());
        dsg.end();
        assertFalse(dsg.contains(QUAD));
    }

    @Test
    void readCommittedPromoteSucceedsAndSeesTheOtherCommit() {
        dsg.begin(TxnType.READ_COMMITTED_PROMOTE);
        assertTrue(dsg.isEmpty());
        commitInPromotionGap(OTHER);
        assertTrue(dsg.promote());
        assertTrue(dsg.contains(OTHER));
        dsg.add(QUAD);
        dsg.commit();
        dsg.end();
        assertTrue(dsg.contains(QUAD));
    }

    @Test
    void aReadTransactionRunsDuringAWriteTransactionOnAnotherThreadAndSeesTheLastCommit() throws Exception {
        Txn.executeWrite(dsg, () -> dsg.add(QUAD));
        dsg.begin(TxnType.WRITE);
        dsg.add(OTHER);
        try {
            boolean[] seen = CompletableFuture.supplyAsync(() -> Txn.calculateRead(dsg,
                () -> new boolean[] {dsg.contains(QUAD), dsg.contains(OTHER)})).get(5, TimeUnit.SECONDS);
            assertTrue(seen[0], "the reader sees the last commit");
            assertFalse(seen[1], "and not the open write transaction's change");
            dsg.commit();
        } finally {
            dsg.end();
        }
        assertTrue(dsg.contains(OTHER));
    }

    @Test
    void aWriteTransactionCommitsWhileAReadTransactionIsOpenOnAnotherThread() throws Exception {
        CompletableFuture<Void> readerOpen = new CompletableFuture<>();
        CompletableFuture<Void> writerDone = new CompletableFuture<>();
        CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> Txn.calculateRead(dsg, () -> {
            readerOpen.complete(null);
            writerDone.join();
            return dsg.contains(QUAD);
        }));
        readerOpen.get(5, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> Txn.executeWrite(dsg, () -> dsg.add(QUAD))).get(5, TimeUnit.SECONDS);
        writerDone.complete(null);
        assertFalse(reader.get(5, TimeUnit.SECONDS), "the open reader keeps its snapshot");
        assertTrue(dsg.contains(QUAD));
    }

    @Test
    void closeEndsTheOpenTransaction() {
        dsg.begin(TxnType.WRITE);
        dsg.add(QUAD);
        dsg.close();
        assertFalse(dsg.isInTransaction());
    }
}
