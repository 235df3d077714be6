package dev.cinnabar.torture.kill;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * The kill workload as a pure function of (seed, operation number): the child runs {@link #operation(long)} and the
 * parent recomputes it to know exactly what each reported or in-flight operation did. Nothing depends on the
 * store's state, so an operation that was cut off by a kill can be run again and does the same thing.
 *
 * <p>Every quad an operation adds is itself a function of (seed, operation, index), so removes can name quads that
 * earlier operations added without recomputing those operations. Terms come from small pools (so adds, removes and
 * pattern removes meet the same quads) plus terms new to each operation (so atoms are interned all the time), with
 * now and then a literal of tens of KiB.
 */
final class WorkloadPlan {

    static final String EX = "http://ex.org/";
    static final int NAMED_GRAPHS = 8;
    static final int SUBJECTS = 400;
    static final int PREDICATES = 12;
    static final int LITERALS = 500;
    static final int BLANK_NODES = 40;
    /** Removes draw quads from the adds of this many earlier operations. */
    static final int REMOVE_LOOKBACK = 64;

    private static final Iri XSD_INTEGER = new Iri(Iri.XSD + "integer");
    private static final String[] LANGUAGES = {"en", "de", "EN", "fr-CA"};
    private static final String[] TEXTS = {"plain", "quote \" inside", "line\nbreak", "tab\tand \\ backslash",
        "ünïcødé", "emoji \uD83D\uDE00", "中文 text", "cr\rlf"};
    private static final String LARGE_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 éß中\"\\\n";

    private final long seed;

    WorkloadPlan(long seed) {
        this.seed = seed;
    }

    long seed() {
        return seed;
    }

    /** Operation {@code n}, derived from (seed, n) only. */
    Operation operation(long n) {
        Shape shape = shape(n);
        return switch (shape) {
            case COMPACTION -> new Operation(n, Operation.Kind.COMPACTION, List.of(), List.of(), List.of());
            case CHECKPOINT -> new Operation(n, Operation.Kind.CHECKPOINT, List.of(), List.of(), List.of());
            case BULK_LOAD -> bulkLoad(n);
            default -> transaction(n, shape);
        };
    }

    /** How many distinct quads operation {@code n} adds (the bulk files may repeat some). */
    int addCount(long n) {
        SplittableRandom random = random(n, -1);
        return switch (shape(n)) {
            case SMALL, SMALL_ROLLBACK -> 1 + random.nextInt(30);
            case LARGE, LARGE_ROLLBACK -> 100 + random.nextInt(1400);
            case CLEAR_GRAPH, REMOVE_HEAVY -> random.nextInt(10);
            case BULK_LOAD -> {
                int size = random.nextInt(100);
                yield size < 70 ? 20 + random.nextInt(380) : size < 95 ? 400 + random.nextInt(2600)
                    : 3000 + random.nextInt(17000);
            }
            case COMPACTION, CHECKPOINT -> 0;
        };
    }

    /** The {@code index}-th quad operation {@code n} adds. */
    Quad addedQuad(long n, int index) {
        SplittableRandom random = random(n, index);
        boolean bulk = shape(n) == Shape.BULK_LOAD;
        return new Quad(graph(random, !bulk), subject(random, n, index, !bulk), predicate(random, n),
            object(random, n, index, !bulk));
    }

    // ------------------------------------------------------------------------------------------------ shapes

    private enum Shape {
        SMALL, LARGE, CLEAR_GRAPH, REMOVE_HEAVY, SMALL_ROLLBACK, LARGE_ROLLBACK, BULK_LOAD, COMPACTION, CHECKPOINT
    }

    private Shape shape(long n) {
        int roll = random(n, -2).nextInt(100);
        if (roll < 65) {
            return Shape.SMALL;
        } else if (roll < 69) {
            return Shape.LARGE;
        } else if (roll < 74) {
            return Shape.CLEAR_GRAPH;
        } else if (roll < 79) {
            return Shape.REMOVE_HEAVY;
        } else if (roll < 85) {
            return Shape.SMALL_ROLLBACK;
        } else if (roll < 87) {
            return Shape.LARGE_ROLLBACK;
        } else if (roll < 92) {
            return Shape.BULK_LOAD;
        } else if (roll < 97) {
            return Shape.COMPACTION;
        }
        return Shape.CHECKPOINT;
    }

    private Operation transaction(long n, Shape shape) {
        SplittableRandom random = random(n, -3);
        int adds = addCount(n);
        int removes = switch (shape) {
            case REMOVE_HEAVY -> 5 + random.nextInt(40);
            case CLEAR_GRAPH -> random.nextInt(3);
            default -> (int) (adds * 0.3 * random.nextDouble());
        };
        List<Change> changes = new ArrayList<>(adds + removes + 1);
        if (shape == Shape.CLEAR_GRAPH) {
            changes.add(Change.removeAll(graph(random, true), null, null, null));
        }
        int added = 0;
        while (added < adds || removes > 0) {
            if (removes == 0 || (added < adds && random.nextInt(adds + removes) < adds - added)) {
                changes.add(Change.add(addedQuad(n, added++)));
            } else {
                changes.add(removal(random, n, added));
                removes--;
            }
        }
        boolean rollback = shape == Shape.SMALL_ROLLBACK || shape == Shape.LARGE_ROLLBACK;
        return new Operation(n, rollback ? Operation.Kind.ROLLBACK : Operation.Kind.TRANSACTION,
            List.copyOf(changes), List.of(), List.of());
    }

    /** A remove: mostly of a quad an earlier operation (or this one, before) added; sometimes a pattern. */
    private Change removal(SplittableRandom random, long n, int addedSoFar) {
        int roll = random.nextInt(100);
        if (roll < 60 && n > 0) {
            long earlier = n - 1 - random.nextInt((int) Math.min(n, REMOVE_LOOKBACK));
            int count = addCount(earlier);
            if (count > 0) {
                return Change.remove(addedQuad(earlier, random.nextInt(count)));
            }
        } else if (roll < 80 && addedSoFar > 0) {
            return Change.remove(addedQuad(n, random.nextInt(addedSoFar)));
        } else if (roll < 90) {
            return switch (random.nextInt(4)) {
                case 0 -> Change.removeAll(null, subject(random, n, -1, true), null, null);
                case 1 -> Change.removeAll(graph(random, true), subject(random, n, -1, true), null, null);
                case 2 -> Change.removeAll(null, null, predicate(random, n), object(random, n, -1, true));
                default -> Change.removeAll(graph(random, true), null, predicate(random, n), null);
            };
        }
        // Most likely absent: a remove that changes nothing.
        return Change.remove(new Quad(graph(random, true), subject(random, n, -1, true), predicate(random, n),
            object(random, n, -1, true)));
    }

    private Operation bulkLoad(long n) {
        SplittableRandom random = random(n, -4);
        int count = addCount(n);
        int fileCount = 1 + random.nextInt(3);
        List<List<Quad>> files = new ArrayList<>(fileCount);
        List<Boolean> gzipped = new ArrayList<>(fileCount);
        for (int f = 0; f < fileCount; f++) {
            files.add(new ArrayList<>());
            gzipped.add(random.nextBoolean());
        }
        for (int j = 0; j < count; j++) {
            Quad quad = addedQuad(n, j);
            files.get(random.nextInt(fileCount)).add(quad);
            if (random.nextInt(20) == 0) {
                // A repeat, in the same file or another: set semantics keeps one.
                files.get(random.nextInt(fileCount)).add(quad);
            }
        }
        List<List<Quad>> frozen = new ArrayList<>(fileCount);
        for (List<Quad> file : files) {
            frozen.add(Collections.unmodifiableList(file));
        }
        return new Operation(n, Operation.Kind.BULK_LOAD, List.of(), List.copyOf(frozen), List.copyOf(gzipped));
    }

    // ------------------------------------------------------------------------------------------------ terms

    /** Blank nodes only inside transactions: a bulk load renames them, so their quads would not be predictable. */
    private static Term graph(SplittableRandom random, boolean blankAllowed) {
        int roll = random.nextInt(100);
        if (roll < 25) {
            return DefaultGraph.INSTANCE;
        } else if (roll < 90 || !blankAllowed) {
            return new Iri(EX + "g/" + random.nextInt(NAMED_GRAPHS));
        }
        return new BlankNode("gb" + random.nextInt(3));
    }

    private static Term subject(SplittableRandom random, long n, int index, boolean blankAllowed) {
        int roll = random.nextInt(100);
        if (roll < 12 && index >= 0) {
            return new Iri(EX + "op/" + n + "/s" + index);
        } else if (roll < 25 && blankAllowed) {
            return new BlankNode("b" + random.nextInt(BLANK_NODES));
        }
        return new Iri(EX + "s/" + random.nextInt(SUBJECTS));
    }

    private static Iri predicate(SplittableRandom random, long n) {
        if (random.nextInt(100) < 2) {
            return new Iri(EX + "op/" + n + "/p");
        }
        return new Iri(EX + "p/" + random.nextInt(PREDICATES));
    }

    private Term object(SplittableRandom random, long n, int index, boolean inTransaction) {
        int roll = random.nextInt(1000);
        if (roll < 220) {
            return new Iri(EX + "s/" + random.nextInt(SUBJECTS));
        } else if (roll < 370) {
            return Literal.of("v" + random.nextInt(LITERALS));
        } else if (roll < 450) {
            return Literal.lang("v" + random.nextInt(100), LANGUAGES[random.nextInt(LANGUAGES.length)]);
        } else if (roll < 550) {
            return Literal.typed(Integer.toString(random.nextInt(1000)), XSD_INTEGER);
        } else if (roll < 600) {
            return Literal.typed(Integer.toString(random.nextInt(100)), new Iri(EX + "dt/" + random.nextInt(3)));
        } else if (roll < 610) {
            // A datatype atom new to this operation: interned before the literal that names it.
            return Literal.typed("x" + index, new Iri(EX + "op/" + n + "/dt"));
        } else if (roll < 810) {
            return Literal.of("op " + n + " #" + index + " " + TEXTS[random.nextInt(TEXTS.length)]);
        } else if (roll < 890) {
            return inTransaction ? new BlankNode("b" + random.nextInt(BLANK_NODES))
                : new Iri(EX + "s/" + random.nextInt(SUBJECTS));
        } else if (roll < (inTransaction ? 900 : 891)) {
            return largeLiteral(random, n, index);
        }
        return new Iri(EX + "op/" + n + "/o" + index);
    }

    /** 8,000 to 40,000 characters, some of them 2 or 3 bytes in UTF-8: 8 to about 60 KiB. */
    private static Literal largeLiteral(SplittableRandom random, long n, int index) {
        int length = 8_000 + random.nextInt(32_000);
        StringBuilder text = new StringBuilder(length + 32).append("large ").append(n).append('/').append(index)
            .append(' ');
        while (text.length() < length) {
            text.append(LARGE_ALPHABET.charAt(random.nextInt(LARGE_ALPHABET.length())));
        }
        return random.nextBoolean() ? Literal.of(text.toString()) : Literal.lang(text.toString(), "en");
    }

    private SplittableRandom random(long n, long stream) {
        return new SplittableRandom(mix(seed + mix(n * 0x9E3779B97F4A7C15L + mix(stream))));
    }

    /** Stafford's mix13 (as in SplittableRandom): neighbouring inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
