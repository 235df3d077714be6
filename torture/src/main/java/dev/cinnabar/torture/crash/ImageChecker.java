package dev.cinnabar.torture.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreOptions;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.torture.crash.QuadWorkload.Phase;

/**
 * The oracle for one crash image: written to a directory and opened with the plain file system, it must open, hold
 * exactly the quads of a commit no older than the one acknowledged when the image was taken (or of the commit then
 * in progress), count them right, and pass {@code verify()}. With a follow-up, it must also take a new commit and
 * hold it after a reopen.
 */
final class ImageChecker {

    /** What an image held. */
    enum Found { ACKNOWLEDGED, IN_PROGRESS }

    private static final Quad FOLLOW_UP = new Quad(new Iri("http://example.org/after-crash"),
        new Iri("http://example.org/after-crash/s"), new Iri("http://example.org/after-crash/p"),
        Literal.of("written after the crash"));

    private final Path workDir;
    private final QuadStoreOptions options;
    private long sequence;

    ImageChecker(Path workDir, QuadStoreOptions plainOptions) {
        this.workDir = workDir;
        this.options = plainOptions;
    }

    /**
     * Checks {@code image}, taken between the phases {@code before} and {@code after} of the workload.
     *
     * @throws ImageFailure if the image loses or damages a commit
     */
    Found check(Map<String, byte[]> image, Phase before, Phase after, boolean followUp, String where)
        throws IOException {
        Path dir = workDir.resolve("image-" + sequence++);
        Files.createDirectories(dir);
        try {
            for (Map.Entry<String, byte[]> file : image.entrySet()) {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
            return checkDirectory(dir, before, after, followUp, where);
        } finally {
            deleteTree(dir);
        }
    }

    private Found checkDirectory(Path dir, Phase before, Phase after, boolean followUp, String where)
        throws IOException {
        Set<Quad> found;
        try (QuadStore store = QuadStore.open(dir, options)) {
            found = readAll(store);
            long counted = store.stats().quads();
            if (counted != found.size()) {
                throw new ImageFailure(where + ": counts " + counted + " quads but holds " + found.size());
            }
            store.verify();
            if (followUp) {
                try (WriteTxn txn = store.beginWrite()) {
                    txn.add(FOLLOW_UP);
                    txn.commit();
                }
            }
        } catch (ImageFailure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageFailure(where + ": does not open and verify: " + e, e);
        }
        Found which = judge(found, before, after, where);
        if (followUp) {
            Set<Quad> expected = new HashSet<>(found);
            expected.add(FOLLOW_UP);
            try (QuadStore store = QuadStore.open(dir, options)) {
                Set<Quad> reopened = readAll(store);
                if (!reopened.equals(expected)) {
                    throw new ImageFailure(where + ": after a commit on the recovered image and a reopen: "
                        + difference(reopened, expected));
                }
                store.verify();
            } catch (ImageFailure e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ImageFailure(where + ": a commit after recovery does not reopen: " + e, e);
            }
        }
        return which;
    }

    private static Found judge(Set<Quad> found, Phase before, Phase after, String where) {
        if (found.equals(before.acknowledged()) || found.equals(after.acknowledged())) {
            return found.equals(before.acknowledged()) ? Found.ACKNOWLEDGED : Found.IN_PROGRESS;
        }
        if (found.equals(before.inFlight()) || found.equals(after.inFlight())) {
            return Found.IN_PROGRESS;
        }
        StringBuilder message = new StringBuilder(where).append(": holds ").append(found.size())
            .append(" quads, not the acknowledged commit #").append(before.acknowledgedNumber()).append(" (")
            .append(difference(found, before.acknowledged())).append(")");
        if (before.inFlight() != null) {
            message.append(" nor the one in progress (").append(difference(found, before.inFlight())).append(")");
        }
        throw new ImageFailure(message.toString());
    }

    static String difference(Set<Quad> found, Set<Quad> expected) {
        List<Quad> missing = new ArrayList<>();
        for (Quad quad : expected) {
            if (!found.contains(quad)) {
                missing.add(quad);
            }
        }
        List<Quad> extra = new ArrayList<>();
        for (Quad quad : found) {
            if (!expected.contains(quad)) {
                extra.add(quad);
            }
        }
        return missing.size() + " missing" + (missing.isEmpty() ? "" : " e.g. " + shorten(missing.get(0))) + ", "
            + extra.size() + " extra" + (extra.isEmpty() ? "" : " e.g. " + shorten(extra.get(0)));
    }

    private static String shorten(Quad quad) {
        String text = quad.toString();
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    static Set<Quad> readAll(QuadStore store) {
        try (ReadTxn read = store.beginRead(); Stream<Quad> all = read.match(null, null, null, null)) {
            return all.collect(Collectors.toSet());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** An image that lost or damaged a commit, or does not open. */
    static final class ImageFailure extends RuntimeException {
        ImageFailure(String message) {
            super(message);
        }

        ImageFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
