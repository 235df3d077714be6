package dev.cinnabar.atomstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A resource (a store, or a set of mapped files) shared by the many states of one jcstress fork, renewed every
 * {@code claimsPerGeneration} states so that files stay small.
 *
 * <p>jcstress makes millions of states per fork and has no tear-down per state, so a store per state is out of the
 * question. Instead each state's constructor {@link #claim()}s the current generation (and a number unique in it),
 * and its {@code @Arbiter}, which jcstress runs after every actor of that state has finished, {@link #release}s it.
 * A full generation is retired: no new state gets it, and it is closed and its directory deleted when the last state
 * holding it releases it. Nothing is ever closed or unmapped while a state that may still touch it exists, whatever
 * order jcstress runs states in. A state that is never released (an aborted run) only leaks its generation until the
 * fork exits; the fork's whole scratch directory is deleted by a shutdown hook.
 */
public final class Generations<T extends AutoCloseable> {

    /** Creates the resource of a new generation in its own empty directory. */
    public interface Factory<T> {
        T create(Path directory, int generation) throws IOException;
    }

    /** One generation: its resource, and how many states hold it. */
    public static final class Generation<T extends AutoCloseable> {
        final T resource;
        final int number;
        private final Path directory;
        private long claimed;
        private int holders;
        private boolean retired;

        private Generation(T resource, int number, Path directory) {
            this.resource = resource;
            this.number = number;
            this.directory = directory;
        }
    }

    /** What a state holds: its generation and its number in it (0, 1, 2, ...). */
    public record Claim<T extends AutoCloseable>(Generation<T> generation, long index) {
        public T resource() {
            return generation.resource;
        }
    }

    private final String name;
    private final long claimsPerGeneration;
    private final Factory<T> factory;
    private Generation<T> current;
    private int created;

    public Generations(String name, long claimsPerGeneration, Factory<T> factory) {
        this.name = name;
        this.claimsPerGeneration = claimsPerGeneration;
        this.factory = factory;
    }

    /** Called by a state's constructor. */
    public synchronized Claim<T> claim() {
        if (current == null || current.claimed == claimsPerGeneration) {
            if (current != null) {
                retire(current);
            }
            Path directory = ScratchDirectory.newDirectory(name + "-" + created);
            try {
                current = new Generation<>(factory.create(directory, created), created, directory);
                created++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        current.holders++;
        return new Claim<>(current, current.claimed++);
    }

    /** Called by the state's {@code @Arbiter}, after all its actors finished. */
    public synchronized void release(Claim<T> claim) {
        Generation<T> generation = claim.generation();
        generation.holders--;
        if (generation.retired && generation.holders == 0) {
            close(generation);
        }
    }

    private void retire(Generation<T> generation) {
        generation.retired = true;
        if (generation.holders == 0) {
            close(generation);
        }
    }

    private void close(Generation<T> generation) {
        try {
            generation.resource.close();
            deleteRecursively(generation.directory);
        } catch (Exception e) {
            throw new IllegalStateException("cannot close " + generation.directory, e);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (Files.notExists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}
