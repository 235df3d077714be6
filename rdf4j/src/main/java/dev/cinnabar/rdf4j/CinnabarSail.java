package dev.cinnabar.rdf4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.eclipse.rdf4j.common.transaction.IsolationLevels;
import org.eclipse.rdf4j.model.ValueFactory;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.eclipse.rdf4j.query.algebra.evaluation.EvaluationStrategyFactory;
import org.eclipse.rdf4j.query.algebra.evaluation.impl.DefaultEvaluationStrategyFactory;
import org.eclipse.rdf4j.sail.NotifyingSailConnection;
import org.eclipse.rdf4j.sail.SailChangedEvent;
import org.eclipse.rdf4j.sail.SailException;
import org.eclipse.rdf4j.sail.helpers.AbstractNotifyingSail;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;

/**
 * A Cinnabar {@link QuadStore} as an RDF4J {@link org.eclipse.rdf4j.sail.NotifyingSail}: a drop-in for RDF4J's
 * NativeStore or LmdbStore. Contexts are the store's named graphs and the null context its default graph; SPARQL
 * runs on RDF4J's evaluation strategy with statement patterns answered from the store's indexes and the store's
 * statistics given to RDF4J's optimizer.
 *
 * <p>Transactions are the store's (ADR-019): a connection's {@code commit()} returns after the store has committed
 * exactly that transaction's changes durably, and a failed commit leaves the store as it was. A transaction holds the
 * store's single writer from its first change to its end, so a second writing transaction waits for it (at most
 * {@link #getWriterTimeout()}). Isolation: READ_COMMITTED, SNAPSHOT_READ (the default), SNAPSHOT and SERIALIZABLE,
 * on the store's snapshots; a SNAPSHOT or SERIALIZABLE transaction that read and then writes after another commit
 * fails at commit with a conflict. NONE and READ_UNCOMMITTED are served as READ_COMMITTED, since the store never
 * shows uncommitted changes.
 *
 * <p>Give it a data directory ({@link #CinnabarSail(Path)} or {@link #setDataDir(File)}); without one it uses a
 * temporary directory that it deletes at shut-down.
 */
public final class CinnabarSail extends AbstractNotifyingSail {

    /**
     * How long a transaction's first change waits for the store's single writer by default: long enough for another
     * connection's large transaction (RDF4J's concurrency suite commits 150,000 statements while a second waits),
     * short enough that a connection abandoned with an open transaction does not block the others for good.
     */
    public static final Duration DEFAULT_WRITER_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Statements from which a stream added outside a transaction goes to the store's bulk loader by default: below
     * it, one ordinary transaction costs less than the bulk load's checkpoint.
     */
    public static final long DEFAULT_BULK_LOAD_THRESHOLD = 10_000;

    private final ValueFactory valueFactory = SimpleValueFactory.getInstance();
    private volatile EvaluationStrategyFactory evaluationStrategyFactory = new DefaultEvaluationStrategyFactory();
    private volatile Duration writerTimeout = DEFAULT_WRITER_TIMEOUT;
    private volatile long bulkLoadThreshold = DEFAULT_BULK_LOAD_THRESHOLD;
    private final AtomicLong bulkLoads = new AtomicLong();
    private volatile QuadStoreOptions storeOptions = QuadStoreOptions.defaults();
    private QuadStore store;
    private boolean temporaryDirectory;

    /** A sail without a data directory yet (set one with {@link #setDataDir(File)}, else a temporary one). */
    public CinnabarSail() {
        setSupportedIsolationLevels(IsolationLevels.READ_COMMITTED, IsolationLevels.SNAPSHOT_READ,
            IsolationLevels.SNAPSHOT, IsolationLevels.SERIALIZABLE);
        setDefaultIsolationLevel(IsolationLevels.SNAPSHOT_READ);
    }

    /** A sail over the store in {@code directory}, created at initialization if absent. */
    public CinnabarSail(Path directory) {
        this();
        setDataDir(directory.toFile());
    }

    /** The evaluation strategy factory for SPARQL; RDF4J's default one unless set. */
    public EvaluationStrategyFactory getEvaluationStrategyFactory() {
        return evaluationStrategyFactory;
    }

    /** Sets the evaluation strategy factory for SPARQL queries on connections opened from now on. */
    public void setEvaluationStrategyFactory(EvaluationStrategyFactory factory) {
        this.evaluationStrategyFactory = factory;
    }

    /** How long a transaction's first change waits for the single writer before failing with a conflict. */
    public Duration getWriterTimeout() {
        return writerTimeout;
    }

    /**
     * Sets how long a transaction's first change waits for the store's single writer (another connection's open
     * write transaction) before it fails with a {@link org.eclipse.rdf4j.sail.SailConflictException}; for
     * connections opened from now on.
     */
    public void setWriterTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative writer timeout " + timeout);
        }
        this.writerTimeout = timeout;
    }

    /** See {@link #setBulkLoadThreshold(long)}. */
    public long getBulkLoadThreshold() {
        return bulkLoadThreshold;
    }

    /**
     * Sets from how many statements a stream that a {@link CinnabarRepository} connection adds in auto-commit mode
     * ({@code add(InputStream|Reader|File|URL, ...)}) goes through the store's bulk loader: all or nothing, in one
     * durable commit, without reading back what is in the store. A shorter stream is added in one ordinary
     * transaction. Streams added inside {@code begin()}/{@code commit()}, or on a connection with
     * {@link org.eclipse.rdf4j.sail.SailConnectionListener}s, always take the ordinary path (ADR-019).
     */
    public void setBulkLoadThreshold(long statements) {
        if (statements < 1) {
            throw new IllegalArgumentException("bulk load threshold must be at least 1, not " + statements);
        }
        this.bulkLoadThreshold = statements;
    }

    /** Sets the options the store is opened with at initialization (the defaults unless set). */
    public void setQuadStoreOptions(QuadStoreOptions options) {
        this.storeOptions = options;
    }

    /** The open store, for what RDF4J has no API for (bulk load, checkpoint, statistics). Null before init. */
    public QuadStore getQuadStore() {
        return store;
    }

    @Override
    protected void initializeInternal() throws SailException {
        try {
            File dataDir = getDataDir();
            temporaryDirectory = dataDir == null;
            Path directory = temporaryDirectory ? Files.createTempDirectory("cinnabar-rdf4j") : dataDir.toPath();
            if (temporaryDirectory) {
                setDataDir(directory.toFile());
            }
            store = QuadStore.open(directory, storeOptions);
        } catch (IOException e) {
            throw new SailException("cannot open the Cinnabar store in " + getDataDir(), e);
        }
    }

    @Override
    protected void shutDownInternal() throws SailException {
        try {
            store.close();
            if (temporaryDirectory) {
                deleteRecursively(getDataDir().toPath());
                setDataDir(null);
            }
        } catch (IOException e) {
            throw new SailException("cannot close the Cinnabar store in " + getDataDir(), e);
        } finally {
            store = null;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public ValueFactory getValueFactory() {
        return valueFactory;
    }

    @Override
    protected NotifyingSailConnection getConnectionInternal() throws SailException {
        return new CinnabarSailConnection(this, store, valueFactory, evaluationStrategyFactory, writerTimeout);
    }

    /** For connections, which cannot call the protected {@link #notifySailChanged} themselves. */
    void changed(SailChangedEvent event) {
        notifySailChanged(event);
    }

    /** A connection's bulk load committed: counted, and heard by the sail's listeners. */
    void bulkLoaded(SailChangedEvent event) {
        bulkLoads.incrementAndGet();
        notifySailChanged(event);
    }

    /** How many streams went through the store's bulk loader and committed; for tests that the path is taken. */
    long bulkLoads() {
        return bulkLoads.get();
    }
}
