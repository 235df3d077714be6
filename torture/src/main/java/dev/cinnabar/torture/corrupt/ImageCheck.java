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

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * Opens, verifies and reads a damaged store copy and classifies what happened ({@link Outcome}). When
 * {@code verify()} has reported the damage, the full read still runs, and how it went is noted
 * ({@link ReadAfterReport}): the store said it is damaged, but reads should still fail clearly, not crash.
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
        try {
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
        } finally {
            try {
                store.close();
            } catch (IOException | RuntimeException e) {
                // the copy is thrown away; a failed close of a damaged copy says nothing about the damage
            }
        }
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
