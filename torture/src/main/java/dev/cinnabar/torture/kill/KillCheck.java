package dev.cinnabar.torture.kill;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * Checks a store reopened after a kill: it opens, {@code verify()} is clean, its quads are exactly the state after
 * the last reported commit or that state plus the whole in-flight operation, every atom decodes and its term looks
 * up to that same id (so no term has two ids), and every quad's terms look up.
 */
final class KillCheck {

    /** How many missing or extra quads a problem lists before it only counts. */
    private static final int SHOWN = 5;

    enum Outcome {
        /** The quads after the last reported commit, without the in-flight operation. */
        REPORTED,
        /** The quads after the last reported commit and the whole in-flight operation. */
        WITH_IN_FLIGHT,
        /** A quad of a reported commit is missing. */
        LOST,
        /** Anything else: an extra quad, part of a transaction, a failed verify, a term with two ids. */
        WRONG
    }

    record Result(Outcome outcome, List<String> problems, long quads, long atoms) {
        boolean ok() {
            return outcome == Outcome.REPORTED || outcome == Outcome.WITH_IN_FLIGHT;
        }
    }

    private KillCheck() {
    }

    /**
     * Opens the store in {@code directory}, checks it and closes it.
     *
     * @param reported   the quads after the last reported commit
     * @param withInFlight the quads if the in-flight operation committed as a whole, or null if there was none (or it
     *                   changes nothing)
     */
    static Result check(Path directory, QuadStoreOptions options, Set<Quad> reported, Set<Quad> withInFlight) {
        List<String> problems = new ArrayList<>();
        Set<Quad> actual = new HashSet<>();
        long atoms = 0;
        try (QuadStore store = QuadStore.open(directory, options)) {
            try {
                store.verify();
            } catch (IOException e) {
                problems.add("verify: " + e.getMessage());
            }
            long listed = 0;
            try (ReadTxn txn = store.beginRead(); Stream<Quad> quads = txn.match(null, null, null, null)) {
                for (Quad quad : (Iterable<Quad>) quads::iterator) {
                    listed++;
                    actual.add(quad);
                }
            }
            if (listed != actual.size()) {
                problems.add("match(any) listed " + listed + " quads but only " + actual.size() + " distinct ones");
            }
            long counted = store.stats().quads();
            if (counted != actual.size()) {
                problems.add("stats() counts " + counted + " quads, match(any) gives " + actual.size());
            }
            atoms = store.stats().atoms();
            try (ReadTxn txn = store.beginRead()) {
                problems.addAll(atomProblems(atoms, txn::term, txn::termId));
                problems.addAll(unresolvedTerms(actual, txn::termId));
            }
        } catch (IOException | RuntimeException e) {
            problems.add("open or read failed: " + e);
        }
        Outcome outcome = classify(actual, reported, withInFlight, problems);
        return new Result(outcome, List.copyOf(problems), actual.size(), atoms);
    }

    /** Compares the store's quads with the allowed states, adding what is wrong to {@code problems}. */
    static Outcome classify(Set<Quad> actual, Set<Quad> reported, Set<Quad> withInFlight, List<String> problems) {
        boolean clean = problems.isEmpty();
        if (actual.equals(reported)) {
            return clean ? Outcome.REPORTED : Outcome.WRONG;
        }
        if (withInFlight != null && actual.equals(withInFlight)) {
            return clean ? Outcome.WITH_IN_FLIGHT : Outcome.WRONG;
        }
        Set<Quad> allowed = withInFlight == null ? reported : withInFlight;
        List<Quad> missing = new ArrayList<>();
        for (Quad quad : reported) {
            if (allowed.contains(quad) && !actual.contains(quad)) {
                missing.add(quad);
            }
        }
        List<Quad> extra = new ArrayList<>();
        for (Quad quad : actual) {
            if (!reported.contains(quad) && !allowed.contains(quad)) {
                extra.add(quad);
            }
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " quads of reported commits are missing, e.g. " + shown(missing));
        }
        if (!extra.isEmpty()) {
            problems.add(extra.size() + " quads are present that neither the last reported commit nor the in-flight"
                + " operation has (a lost remove, or data of no transaction), e.g. " + shown(extra));
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            problems.add("the store holds part of the in-flight operation: " + actual.size() + " quads, "
                + reported.size() + " without it and " + allowed.size() + " with all of it");
        }
        return missing.isEmpty() ? Outcome.WRONG : Outcome.LOST;
    }

    /**
     * Decodes atoms 1..{@code atoms} and looks each term up again: a term with two ids fails for at least one of
     * them, whichever id the lookup returns.
     */
    static List<String> atomProblems(long atoms, LongFunction<Term> termOf, ToLongFunction<Term> idOf) {
        List<String> problems = new ArrayList<>();
        int failures = 0;
        for (long id = 1; id <= atoms; id++) {
            String problem;
            try {
                Term term = termOf.apply(id);
                long back = idOf.applyAsLong(term);
                problem = back == id ? null
                    : back < 0 ? "atom " + id + " decodes to " + abbreviated(term) + ", which does not look up"
                    : "the term " + abbreviated(term) + " has two ids: " + id + " and " + back;
            } catch (RuntimeException e) {
                problem = "atom " + id + " does not decode: " + e;
            }
            if (problem != null && failures++ < SHOWN) {
                problems.add(problem);
            }
        }
        if (failures > SHOWN) {
            problems.add((failures - SHOWN) + " more atom problems");
        }
        return problems;
    }

    private static List<String> unresolvedTerms(Set<Quad> quads, ToLongFunction<Term> idOf) {
        List<String> problems = new ArrayList<>();
        for (Quad quad : quads) {
            for (Term term : List.of(quad.graph(), quad.subject(), quad.predicate(), quad.object())) {
                if (idOf.applyAsLong(term) < 0 && problems.size() < SHOWN) {
                    problems.add("the term " + abbreviated(term) + " of the quad " + abbreviated(quad)
                        + " does not look up");
                }
            }
        }
        return problems;
    }

    private static String shown(List<Quad> quads) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN, quads.size()); i++) {
            out.append(i == 0 ? "" : "; ").append(abbreviated(quads.get(i)));
        }
        return out.toString();
    }

    /** Large literals are tens of KiB: messages show their start. */
    static String abbreviated(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
