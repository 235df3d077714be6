package dev.cinnabar.torture.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import dev.cinnabar.atomstore.AtomStoreOptions;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.storage.StorageIo;
import dev.cinnabar.torture.crash.ImageChecker.Found;
import dev.cinnabar.torture.crash.ImageChecker.ImageFailure;
import dev.cinnabar.torture.crash.PowerLossIo.EntryMode;
import dev.cinnabar.torture.crash.PowerLossIo.PageMode;
import dev.cinnabar.torture.crash.QuadWorkload.Phase;
import dev.cinnabar.torture.snapshot.SnapshotReaders;

/**
 * One power-loss run: a seeded {@link QuadWorkload} on a store whose every I/O call goes through a
 * {@link PowerLossIo}; at I/O calls (each one with a given probability, before or after it is made) a power-loss
 * image is built and judged by {@link ImageChecker}. Failures are collected, not thrown, so that a run can count
 * how many images a broken store loses.
 */
final class CrashImageRun {

    /**
     * @param seed             seeds the workload and the images
     * @param maxSteps         workload steps at most
     * @param deadlineNanos    {@link System#nanoTime()} after which no new step starts
     * @param imageProbability chance that a call point (before or after an I/O call) gets an image
     * @param autoCompaction   background compaction on (images then come from its thread too)
     * @param storeLayer       wraps the recording layer as the store sees it (identity, or a broken order)
     * @param maxFailures      the run stops after this many failed images
     */
    record Config(long seed, int maxSteps, long deadlineNanos, double imageProbability, boolean autoCompaction,
        UnaryOperator<StorageIo> storeLayer, int maxFailures) {
    }

    record Result(long seed, int steps, long commits, long ioCalls, long callPoints, long images,
        long imagesShowingCommitInProgress, long followUps, long[] stepCounts, SnapshotReaders.Counts snapshots,
        List<String> failures) {

        String summary() {
            return "seed=" + seed + " steps=" + steps + " commits=" + commits + " ioCalls=" + ioCalls
                + " callPoints=" + callPoints + " images=" + images + " inProgressCommitSeen="
                + imagesShowingCommitInProgress + " followUps=" + followUps + " failures=" + failures.size()
                + " steps=" + Arrays.toString(stepCounts) + " readers: " + snapshots;
        }
    }

    /** Small files and limits, so a short run crosses chunks, rehashes, spills, checkpoints and compacts. */
    static QuadStoreOptions storeOptions(boolean autoCompaction) {
        return QuadStoreOptions.defaults().withTxnBufferMaxQuads(16).withMemtableMaxQuads(48).withLogMaxBytes(2048)
            .withAutoCompaction(autoCompaction).withCompactionTriggerSegments(3).withBlockBytes(256)
            .withAtomStoreOptions(AtomStoreOptions.defaults().withChunkSizeBytes(1 << 16)
                .withMaxAtomBytes(1 << 15).withInitialHashCapacity(16).withInitialDataBytes(0));
    }

    private CrashImageRun() {
    }

    static Result run(Path workDir, Config config) throws IOException {
        Path storeDir = workDir.resolve("store");
        Path imagesDir = workDir.resolve("images");
        Files.createDirectories(imagesDir);
        Random imageRandom = new Random(config.seed() ^ 0x5DEECE66DL);
        PowerLossIo recorder = new PowerLossIo(StorageIo.system(), storeDir);
        QuadStoreOptions options = storeOptions(config.autoCompaction())
            .withStorageIo(config.storeLayer().apply(recorder));
        ImageChecker checker = new ImageChecker(imagesDir, storeOptions(false));
        QuadWorkload workload = new QuadWorkload(new Random(config.seed()), storeDir, workDir.resolve("scratch"),
            options);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long[] counts = new long[4]; // call points, images, in progress seen, follow-ups
        recorder.listen((call, after) -> {
            counts[0]++;
            if (failures.size() >= config.maxFailures() || imageRandom.nextDouble() >= config.imageProbability()) {
                return;
            }
            EntryMode entries = EntryMode.values()[imageRandom.nextInt(EntryMode.values().length)];
            int p = imageRandom.nextInt(10);
            PageMode pages = p == 0 ? PageMode.DURABLE_ONLY : p == 1 ? PageMode.ALL_CURRENT : PageMode.RANDOM;
            boolean followUp = imageRandom.nextInt(8) == 0;
            String where = "seed " + config.seed() + ", call point " + counts[0] + " (" + (after ? "after " : "before ")
                + call + "), entries " + entries + ", pages " + pages;
            Phase before = workload.phase();
            Map<String, byte[]> image = recorder.image(imageRandom, entries, pages);
            Phase later = workload.phase();
            counts[1]++;
            try {
                if (checker.check(image, before, later, followUp, where) == Found.IN_PROGRESS) {
                    counts[2]++;
                }
                if (followUp) {
                    counts[3]++;
                }
            } catch (ImageFailure e) {
                failures.add(e.getMessage());
            }
        });
        int steps = 0;
        workload.open();
        try {
            while (steps < config.maxSteps() && System.nanoTime() < config.deadlineNanos()
                && failures.size() < config.maxFailures()) {
                workload.step();
                steps++;
            }
        } finally {
            workload.close();
            for (String failure : workload.stopReaders()) {
                failures.add("seed " + config.seed() + ", snapshot reader: " + failure);
            }
        }
        recorder.listen(null);
        Phase last = workload.phase();
        try {
            checker.check(PowerLossIo.snapshot(storeDir), last, last, true, "seed " + config.seed()
                + ", the store after a clean close");
        } catch (ImageFailure e) {
            failures.add(e.getMessage());
        }
        ImageChecker.deleteTree(workDir);
        return new Result(config.seed(), steps, last.acknowledgedNumber(), recorder.calls(), counts[0], counts[1],
            counts[2], counts[3], workload.stepCounts(), workload.readerCounts(), List.copyOf(new ArrayList<>(failures)));
    }
}
