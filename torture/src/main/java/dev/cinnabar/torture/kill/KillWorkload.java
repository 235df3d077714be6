package dev.cinnabar.torture.kill;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.io.NQuadsWriter;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.torture.snapshot.CommitLedger;
import dev.cinnabar.torture.snapshot.Fingerprint;
import dev.cinnabar.torture.snapshot.SnapshotReaders;

/**
 * The child of the kill torture: runs the operations of {@link WorkloadPlan} from a given number on, against a store
 * opened with options so small that every mechanism runs often (spills, checkpoints, new log files, background and
 * explicit compaction, atom data growth, rehashes, chunk boundaries), until it is killed.
 *
 * <p>Usage: {@code KillWorkload --store DIR --work DIR --seed S --from N [--until M]}. It prints, each line flushed:
 * {@code READY N} once the store is open; {@code BEGIN n kind} just before operation n commits (or rolls back,
 * compacts, checkpoints); {@code COMMITTED n} only after a commit or bulk load returned, {@code DONE n} after an
 * operation that commits nothing; then {@code SNAPSHOTS checked acrossCommits acrossMaintenance}, the counts of the
 * {@link SnapshotReaders} that check snapshots against its model meanwhile, and {@code READER-FAILED message} at once
 * when one is wrong. With {@code --until M} it stops before operation M, closes the store and prints
 * {@code CLOSED}. It exits when its standard input closes, so it never outlives its parent.
 */
public final class KillWorkload {

    /** Changes a transaction buffers before it spills to a segment file. */
    static final int TXN_BUFFER_QUADS = 64;
    static final int MEMTABLE_QUADS = 512;
    static final long LOG_BYTES = 16 << 10;
    static final int COMPACTION_TRIGGER_SEGMENTS = 3;
    static final int BLOCK_BYTES = 256;
    static final int BULK_CHUNK_QUADS = 700;
    /**
     * Two readers beside the workload, each holding a snapshot across up to 6 commits (at most 2 s), then scanning
     * it again; they rest at least 5 ms between snapshots (longer on a large store), leaving the writer its cores.
     */
    static final SnapshotReaders.Settings READERS = new SnapshotReaders.Settings(2, 6,
        TimeUnit.SECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(5));

    private KillWorkload() {
    }

    /** The store options of the workload: tiny buffers and regions, background compaction on. */
    static QuadStoreOptions options() {
        return QuadStoreOptions.defaults()
            .withTxnBufferMaxQuads(TXN_BUFFER_QUADS)
            .withMemtableMaxQuads(MEMTABLE_QUADS)
            .withLogMaxBytes(LOG_BYTES)
            .withAutoCompaction(true)
            .withCompactionTriggerSegments(COMPACTION_TRIGGER_SEGMENTS)
            .withBlockBytes(BLOCK_BYTES)
            .withAtomStoreOptions(AtomStoreOptions.defaults()
                .withInitialDataBytes(1024)
                .withInitialHashCapacity(2)
                .withChunkSizeBytes(256 << 10)
                .withMaxAtomBytes(160 << 10));
    }

    static BulkLoadOptions bulkLoadOptions() {
        return BulkLoadOptions.defaults().withChunkQuads(BULK_CHUNK_QUADS);
    }

    public static void main(String[] args) throws Exception {
        Path store = null;
        Path work = null;
        Long seed = null;
        long from = -1;
        long until = Long.MAX_VALUE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--store" -> store = Path.of(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--from" -> from = Long.parseLong(args[i + 1]);
                case "--until" -> until = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (store == null || work == null || seed == null || from < 0 || args.length % 2 != 0) {
            System.err.println("usage: KillWorkload --store DIR --work DIR --seed S --from N [--until M]");
            System.exit(2);
        }
        exitWhenParentGoes();
        Files.createDirectories(work);
        deleteBulkFiles(work);
        WorkloadPlan plan = new WorkloadPlan(seed);
        try (QuadStore quads = QuadStore.open(store, options())) {
            Set<Quad> model = quadsOf(quads);
            CommitLedger ledger = new CommitLedger();
            ledger.recordLastCommit(quads, Fingerprint.of(model));
            SnapshotReaders readers = SnapshotReaders.start(quads, ledger, READERS, seed ^ from,
                failure -> report(System.out, "READER-FAILED " + failure));
            report(System.out, "READY " + from);
            for (long n = from; n < until; n++) {
                Operation op = plan.operation(n);
                if (op.kind() == Operation.Kind.COMPACTION || op.kind() == Operation.Kind.CHECKPOINT) {
                    ledger.noteMaintenance();
                }
                run(quads, op, work, System.out);
                op.applyTo(model);
                ledger.recordLastCommit(quads, Fingerprint.of(model));
                report(System.out, snapshotsLine(readers.counts()));
            }
            readers.stop(); // before the store's close, which waits for open snapshots
            report(System.out, snapshotsLine(readers.counts()));
        }
        report(System.out, "CLOSED");
    }

    /** The protocol line of the readers' counts so far. */
    private static String snapshotsLine(SnapshotReaders.Counts counts) {
        return "SNAPSHOTS " + counts.checked() + " " + counts.heldAcrossCommits() + " " + counts.heldAcrossMaintenance();
    }

    /** The store's quads at start: the parent checked they are its model, so they start ours. */
    private static Set<Quad> quadsOf(QuadStore store) {
        try (ReadTxn txn = store.beginRead(); Stream<Quad> quads = txn.match(null, null, null, null)) {
            return quads.collect(Collectors.toCollection(HashSet::new));
        }
    }

    /** Runs {@code op} on {@code store}, reporting to {@code out} as the protocol says; bulk files go to {@code work}. */
    static void run(QuadStore store, Operation op, Path work, PrintStream out) throws IOException {
        long n = op.number();
        switch (op.kind()) {
            case TRANSACTION, ROLLBACK -> {
                try (WriteTxn txn = store.beginWrite()) {
                    for (Change change : op.changes()) {
                        switch (change.kind()) {
                            case ADD -> txn.add(change.quad());
                            case REMOVE -> txn.remove(change.quad());
                            case REMOVE_ALL -> {
                                Term[] p = change.pattern();
                                txn.removeAll(p[0], p[1], p[2], p[3]);
                            }
                        }
                    }
                    report(out, "BEGIN " + n + " " + op.kind().word);
                    if (op.kind() == Operation.Kind.TRANSACTION) {
                        txn.commit();
                    }
                }
                report(out, (op.kind() == Operation.Kind.TRANSACTION ? "COMMITTED " : "DONE ") + n);
            }
            case BULK_LOAD -> {
                List<Path> files = writeBulkFiles(op, work);
                report(out, "BEGIN " + n + " " + op.kind().word);
                store.bulkLoad(files, bulkLoadOptions());
                report(out, "COMMITTED " + n);
                for (Path file : files) {
                    Files.delete(file);
                }
            }
            case COMPACTION -> {
                report(out, "BEGIN " + n + " " + op.kind().word);
                store.compact();
                report(out, "DONE " + n);
            }
            case CHECKPOINT -> {
                report(out, "BEGIN " + n + " " + op.kind().word);
                store.checkpoint();
                report(out, "DONE " + n);
            }
        }
    }

    private static List<Path> writeBulkFiles(Operation op, Path work) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < op.bulkFiles().size(); f++) {
            boolean gzip = op.gzipped().get(f);
            Path file = work.resolve("bulk-" + op.number() + "-" + f + (gzip ? ".nq.gz" : ".nq"));
            OutputStream out = Files.newOutputStream(file);
            try (NQuadsWriter writer = new NQuadsWriter(gzip ? new GZIPOutputStream(out, 1 << 16) : out)) {
                for (Quad quad : op.bulkFiles().get(f)) {
                    writer.write(quad);
                }
            }
            files.add(file);
        }
        return files;
    }

    private static void deleteBulkFiles(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith("bulk-")) {
                    Files.delete(file);
                }
            }
        }
    }

    /** One line, flushed before the caller goes on: the parent may kill this process right after reading it. */
    private static void report(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }

    /** The parent holds our standard input open; when it goes (even killed), the pipe closes and we halt. */
    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // nothing is sent; reading only waits for the end
                }
            } catch (IOException e) {
                // treat like the end of input
            }
            Runtime.getRuntime().halt(3);
        }, "parent watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
