package dev.cinnabar.torture.corrupt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * Opens, verifies and reads a damaged store copy and classifies what happened ({@link Outcome}). When
 * {@code verify()} has reported the damage, the full read still runs, and how it went is noted
 * ({@link ReadAfterReport}): the store said it is damaged, but reads should still fail clearly, not crash. A
 * snapshot opened on another thread right after open is held across verify() and the read, then read in full: it
 * must read what the store read (or fail clearly where that read did), and the store must close once it closed.
 */
final class ImageCheck {

    /** How reads went after verify() had reported damage. */
    enum ReadAfterReport { NOT_RUN, SAME_ANSWERS, CLEAR_ERROR, RAW_ERROR, WRONG_ANSWERS }

    record Result(Outcome outcome, ReadAfterReport read, String detail) {
        String line() {
            return outcome + " " + read + " " + detail.replace('\n', ' ').replace('\r', ' ');
        }

        static Result parse(String line) {
            String[] parts = line.split(" ", 3);
            return new Result(Outcome.valueOf(parts[0]), ReadAfterReport.valueOf(parts[1]),
                parts.length > 2 ? parts[2] : "");
        }
    }

    private final QuadStoreOptions options;
    private final Answers expected;
    private final List<Term> expectedTerms;
    /** Quads after each commit of the fixture, oldest first. */
    private final List<Set<String>> commits;
    /** The thread of the held snapshot (a read transaction belongs to the thread that began it). */
    private final ExecutorService readerThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "held snapshot reader");
        thread.setDaemon(true);
        return thread;
    });
    /** The quads the last {@link #classify} read, null if that read failed or did not run. */
    private Set<String> readQuads;

    private ImageCheck(QuadStoreOptions options, Answers expected, List<Term> expectedTerms,
        List<Set<String>> commits) {
        this.options = options;
        this.expected = expected;
        this.expectedTerms = expectedTerms;
        this.commits = commits;
    }

    /** Reads the expected answers from a scratch copy of {@code original} and the fixture's snapshots. */
    static ImageCheck of(Path original, Path snapshots, Path scratch, QuadStoreOptions options) throws IOException {
        StoreCopy.copy(original, scratch);
        Answers answers;
        List<Term> terms;
        try (QuadStore store = QuadStore.open(scratch, options)) {
            store.verify();
            terms = Answers.termsOf(store);
            answers = Answers.read(store, terms);
        }
        StoreCopy.delete(scratch);
        List<Set<String>> commits = new ArrayList<>();
        try (var files = Files.list(snapshots)) {
            for (Path file : files.sorted().toList()) {
                commits.add(new TreeSet<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
            }
        }
        if (!commits.get(commits.size() - 1).equals(answers.quads())) {
            throw new IllegalStateException("the store's quads differ from its last snapshot");
        }
        return new ImageCheck(options, answers, terms, commits);
    }

    int atoms() {
        return expectedTerms.size();
    }

    int quads() {
        return expected.quads().size();
    }

    /** Opens, verifies and reads {@code image}, whose file {@code damagedFile} was damaged. */
    Result check(Path image, String damagedFile) {
        QuadStore store;
        try {
            store = QuadStore.open(image, options);
        } catch (IOException e) {
            Outcome outcome = names(e.getMessage(), damagedFile) ? Outcome.OPEN_REPORTED
                : e instanceof CorruptStoreException && names(e.getMessage(), image.toString())
                ? Outcome.OPEN_REPORTED_OTHER_FILE : Outcome.OPEN_UNNAMED;
            return new Result(outcome, ReadAfterReport.NOT_RUN, describe(e));
        } catch (RuntimeException | Error e) {
            return new Result(Outcome.OPEN_RAW, ReadAfterReport.NOT_RUN, describe(e));
        }
        ReadTxn held = null;
        try {
            held = onReaderThread(store::beginRead);
            return withHeldSnapshot(classify(store, damagedFile), held);
        } catch (ExecutionException e) {
            return new Result(Outcome.SNAPSHOT_DIFFERS, ReadAfterReport.NOT_RUN, "a snapshot did not open: "
                + describe(e.getCause()));
        } finally {
            if (held != null) {
                ReadTxn closing = held;
                try {
                    onReaderThread(() -> {
                        closing.close();
                        return null;
                    });
                } catch (ExecutionException e) {
                    // closing a read transaction only releases references
                }
            }
            try {
                store.close();
            } catch (IOException | RuntimeException e) {
                // the copy is thrown away; a failed close of a damaged copy says nothing about the damage
            }
        }
    }

    /** {@code result}, unless the held snapshot, read in full now, contradicts it. */
    private Result withHeldSnapshot(Result result, ReadTxn held) {
        if (!result.outcome().acceptable) {
            return result;
        }
        Set<String> quads;
        try {
            quads = onReaderThread(() -> {
                Set<String> lines = new TreeSet<>();
                try (Stream<Quad> all = held.match(null, null, null, null)) {
                    all.forEach(quad -> lines.add(quad.toString()));
                }
                return lines;
            });
        } catch (ExecutionException e) {
            boolean clear = e.getCause() instanceof UncheckedIOException && readQuads == null;
            return clear ? result : new Result(Outcome.SNAPSHOT_DIFFERS, ReadAfterReport.NOT_RUN,
                "a snapshot held across verify() and the read failed: " + describe(e.getCause()) + " (then: "
                    + result.line() + ")");
        }
        if (readQuads != null && !quads.equals(readQuads)) {
            return new Result(Outcome.SNAPSHOT_DIFFERS, ReadAfterReport.NOT_RUN, "a snapshot held across verify()"
                + " and the read holds " + quads.size() + " quads, the read found " + readQuads.size()
                + " (other quads, if the numbers agree) (then: " + result.line() + ")");
        }
        return result;
    }

    private <T> T onReaderThread(Callable<T> task) throws ExecutionException {
        try {
            return readerThread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }

    /** Verifies and reads the opened {@code store}. */
    private Result classify(QuadStore store, String damagedFile) {
        readQuads = null;
        String reported = null;
        try {
            store.verify();
        } catch (CorruptStoreException e) {
            if (!names(e.getMessage(), damagedFile)) {
                return new Result(Outcome.VERIFY_UNNAMED, ReadAfterReport.NOT_RUN, describe(e));
            }
            reported = describe(e);
        } catch (IOException | RuntimeException | Error e) {
            return new Result(Outcome.VERIFY_RAW, ReadAfterReport.NOT_RUN, describe(e));
        }
        Answers answers;
        try {
            answers = Answers.read(store, expectedTerms);
            readQuads = answers.quads();
        } catch (UncheckedIOException | IOException e) {
            String why = describe(e);
            return reported != null ? new Result(Outcome.VERIFY_REPORTED, ReadAfterReport.CLEAR_ERROR,
                reported + " | read: " + why) : new Result(Outcome.READ_FAILED_UNVERIFIED,
                ReadAfterReport.NOT_RUN, why);
        } catch (RuntimeException | Error e) {
            String why = describe(e);
            return reported != null ? new Result(Outcome.VERIFY_REPORTED, ReadAfterReport.RAW_ERROR,
                reported + " | read: " + why) : new Result(Outcome.READ_FAILED_UNVERIFIED,
                ReadAfterReport.NOT_RUN, why);
        }
        if (reported != null) {
            return new Result(Outcome.VERIFY_REPORTED,
                answers.equals(expected) ? ReadAfterReport.SAME_ANSWERS : ReadAfterReport.WRONG_ANSWERS,
                reported);
        }
        if (answers.equals(expected)) {
            return new Result(Outcome.INTACT, ReadAfterReport.NOT_RUN, "");
        }
        int commit = commits.indexOf(answers.quads());
        if (commit >= 0 && answers.terms().equals(expected.terms()) && answers.lookupMisses() == 0
            && answers.idMismatches() == 0) {
            return new Result(Outcome.EARLIER_COMMIT, ReadAfterReport.NOT_RUN,
                "answers as after commit " + (commit + 1) + " of " + commits.size());
        }
        return new Result(Outcome.WRONG_ANSWER, ReadAfterReport.NOT_RUN, difference(answers));
    }

    private String difference(Answers answers) {
        return "quads " + answers.quads().size() + " (expected " + expected.quads().size() + ", equal "
            + answers.quads().equals(expected.quads()) + "), terms " + answers.terms().size() + " (equal "
            + answers.terms().equals(expected.terms()) + "), pattern counts equal "
            + answers.patternCounts().equals(expected.patternCounts()) + ", lookup misses " + answers.lookupMisses()
            + ", term id mismatches " + answers.idMismatches();
    }

    private static boolean names(String message, String file) {
        return message != null && message.contains(file);
    }

    static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return e.getClass().getSimpleName() + ": " + message;
    }
}
