package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.DurableFile;

/**
 * Opening a store at exactly its last commit: the manifest (or a new store's first one), its segments, the commit
 * log replayed on top, checked against the manifest's acknowledged mark; then the files no manifest names are
 * deleted. Anything damaged is reported naming the file, never read as data.
 */
final class StoreRecovery {

    private final StoreFiles files;
    private final AtomStore atoms;
    private final TermIds termIds;
    private final Path directory;
    private final Path manifestPath;
    private StoreManifest manifest;

    private StoreRecovery(StoreFiles files, AtomStore atoms, TermIds termIds) {
        this.files = files;
        this.atoms = atoms;
        this.termIds = termIds;
        this.directory = files.directory();
        this.manifestPath = files.manifestPath();
    }

    /** Recovers the store in {@code files}' directory: publishes its last commit and hands the writer its state. */
    static void recover(StoreFiles files, AtomStore atoms, TermIds termIds, Snapshots snapshots, Commits commits)
        throws IOException {
        new StoreRecovery(files, atoms, termIds).run(snapshots, commits);
    }

    private void run(Snapshots snapshots, Commits commits) throws IOException {
        List<Path> segmentFiles = files.segmentFiles();
        List<Path> logFiles = CommitLog.files(directory);
        if (Files.exists(manifestPath)) {
            manifest = StoreManifest.read(files.io(), manifestPath);
        } else {
            if (!segmentFiles.isEmpty() || !logFiles.isEmpty()) {
                throw new CorruptStoreException(manifestPath + " is missing but "
                    + (segmentFiles.isEmpty() ? logFiles : segmentFiles).get(0).getFileName()
                    + " exists: refusing to treat " + directory + " as a new store");
            }
            TermCodec codec = new TermCodec();
            long defaultGraph = termIds.intern(DefaultGraph.INSTANCE, codec, new TermCodec());
            atoms.commit();
            StoreManifest fresh = StoreManifest.empty(defaultGraph, atoms.committedSize());
            fresh.save(files.io(), manifestPath);
            manifest = fresh;
        }
        if (manifest.atomCount() > atoms.committedSize()) {
            throw new CorruptStoreException(manifestPath + " needs " + manifest.atomCount()
                + " atoms but the atom store holds " + atoms.committedSize());
        }
        List<Segment> opened = new ArrayList<>();
        try {
            for (long number : manifest.segments()) {
                Path file = files.segmentPath(number);
                try {
                    opened.add(Segment.open(files.io(), file));
                } catch (NoSuchFileException e) {
                    throw new CorruptStoreException(file + " is missing: " + manifestPath + " names it");
                }
            }
            snapshots.publish(replay(logFiles, opened, snapshots));
        } catch (IOException | RuntimeException e) {
            for (Segment segment : opened) {
                segment.close();
            }
            throw e;
        }
        long maxSegment = manifest.nextSegmentNumber() - 1;
        for (Path file : segmentFiles) {
            maxSegment = Math.max(maxSegment, StoreFiles.segmentNumberOf(file));
        }
        files.startSegmentNumbersAt(maxSegment + 1);
        long maxLog = manifest.nextLogNumber() - 1;
        for (Path file : logFiles) {
            maxLog = Math.max(maxLog, CommitLog.numberOf(file));
        }
        commits.recovered(manifest, maxLog + 1);
        deleteLeftovers(segmentFiles, logFiles);
    }

    /** The last commit: the manifest's checkpoint with the log's later commits on top. */
    private Snapshot replay(List<Path> logFiles, List<Segment> opened, Snapshots snapshots) throws IOException {
        List<CommitLog.LogFile> logs = new ArrayList<>();
        for (Path file : logFiles) {
            if (CommitLog.numberOf(file) >= manifest.logStart()) {
                logs.add(CommitLog.read(files.io(), file));
            }
        }
        Memtable replayed = Memtable.empty();
        SortedMap<String, String> replayedMetadata = manifest.metadata();
        Path lastRead = null;
        long seq = manifest.checkpointSeq();
        long quads = manifest.quadCount();
        if (manifest.statistics() == null) { // format version 2: count them once, saved with the next change
            manifest = manifest.withCountedStatistics(
                StatisticsUpdate.count(Memtable.empty(), opened, termIds.rdfTypeId()));
        }
        StoreStatistics statistics = manifest.statistics();
        long replayedAtoms = manifest.atomCount(); // no quad replayed so far names a later atom
        for (int i = 0; i < logs.size(); i++) {
            // A later file that holds commits from sequence n on overrides this file's commits from n: they were
            // appends that failed and were never acknowledged.
            long cap = Long.MAX_VALUE;
            for (int j = i + 1; j < logs.size(); j++) {
                if (!logs.get(j).commits().isEmpty()) {
                    cap = logs.get(j).startSeq();
                    break;
                }
            }
            for (CommitLog.Commit commit : logs.get(i).commits()) {
                if (commit.seq() >= cap) {
                    break;
                }
                if (commit.seq() <= seq) {
                    continue; // already in the segments
                }
                if (commit.seq() != seq + 1) {
                    // The commit belongs at the end of the log before this one: name that file first.
                    Path shortLog = i > 0 ? logs.get(i - 1).file() : lastRead;
                    throw new CorruptStoreException(missingLogs(logs) + (shortLog == null ? ""
                        : shortLog + " ends at commit " + seq + " (damaged or cut): ") + commit.file()
                        + " holds commit " + commit.seq() + " but commit " + (seq + 1) + " is missing from the log");
                }
                if (commit.atomCount() > atoms.committedSize()) {
                    throw new CorruptStoreException(commit.file() + ": commit " + commit.seq() + " needs "
                        + commit.atomCount() + " atoms but the atom store holds " + atoms.committedSize());
                }
                Memtable changes = commit.changes();
                statistics = StatisticsUpdate.apply(statistics, replayed, opened, replayedAtoms,
                    order -> changes.cursor(order, new long[4], 0, false), true,
                    statistics.typeId() != 0 ? statistics.typeId() : termIds.rdfTypeId(), changes.size());
                replayed = replayed.plus(changes);
                replayedAtoms = commit.atomCount();
                replayedMetadata = commit.applyMetadataTo(replayedMetadata);
                seq = commit.seq();
                lastRead = commit.file();
                quads = commit.quadCount();
            }
        }
        if (seq < manifest.acknowledgedSeq()) {
            // The missing commits belong after the last one read: in its log, or in a later one.
            StringBuilder holders = new StringBuilder();
            for (CommitLog.LogFile log : logs) {
                if (lastRead == null || CommitLog.numberOf(log.file()) >= CommitLog.numberOf(lastRead)) {
                    holders.append(holders.length() == 0 ? "" : " or ").append(log.file());
                }
            }
            throw new CorruptStoreException(missingLogs(logs) + (holders.length() == 0
                ? "the commit log (no quads-*.wal file)" : holders.toString()) + ": the log ends at commit " + seq
                + ", but " + manifestPath
                + " records commits up to " + manifest.acknowledgedSeq() + " as acknowledged: a log file is damaged,"
                + " cut or missing");
        }
        if (statistics.quads() != quads) {
            throw new CorruptStoreException(manifestPath + " and the log count " + quads + " quads at commit " + seq
                + ", but their statistics count " + statistics.quads());
        }
        return snapshots.create(seq, quads, statistics, replayed, opened,
            Collections.unmodifiableSortedMap(replayedMetadata));
    }

    /**
     * "quads-N.wal is missing: " for each log file number from the manifest's first log up to the newest that has no
     * file, else "". Log files are numbered without gaps, so a gap is a deleted file; said only alongside another
     * sign that commits are missing.
     */
    private String missingLogs(List<CommitLog.LogFile> logs) {
        StringBuilder missing = new StringBuilder();
        long expected = manifest.logStart();
        for (CommitLog.LogFile log : logs) {
            for (long number = expected; number < CommitLog.numberOf(log.file()); number++) {
                missing.append(CommitLog.path(directory, number)).append(" is missing: ");
            }
            expected = CommitLog.numberOf(log.file()) + 1;
        }
        // The manifest saved at close knows the newest log too: a deleted last file is named as well.
        for (long number = expected; number < manifest.nextLogNumber(); number++) {
            missing.append(CommitLog.path(directory, number)).append(" is missing: ");
        }
        return missing.toString();
    }

    /** Files no manifest names: the remains of a crashed checkpoint, spill or compaction, or covered logs. */
    private void deleteLeftovers(List<Path> segmentFiles, List<Path> logFiles) throws IOException {
        List<Long> live = new ArrayList<>();
        for (long number : manifest.segments()) {
            live.add(number);
        }
        for (Path file : segmentFiles) {
            if (!live.contains(StoreFiles.segmentNumberOf(file))) {
                files.io().deleteIfExists(file);
            }
        }
        for (Path file : logFiles) {
            if (CommitLog.numberOf(file) < manifest.logStart()) {
                files.io().deleteIfExists(file);
            }
        }
        files.io().deleteIfExists(DurableFile.tempFor(manifestPath));
    }
}
