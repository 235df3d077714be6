package dev.cinnabar.atomstore;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

import dev.cinnabar.storage.StorageIo;

/**
 * Manifest publication (ADR-003: clone, mutate, save, publish). The writer interns one atom and commits: the commit
 * builds the next {@link Manifest}, saves it (temp file, force, atomic rename, directory force) and only then sets the
 * store's volatile {@code committed} field. The reader, taking no lock, reads that field (volatile, as declared) and
 * then the manifest file ({@link Manifest#read}, which checks its CRC). Each must be one whole committed state,
 * every field of the same commit: r1 is what the field showed, r2 what the file showed, each OLD, NEW or LATER than
 * this state's own commit (LATER when the reader fell behind the writer by a state or more). As the file is renamed
 * before the field is set, the file is never older than the field the reader saw first.
 */
@JCStressTest
@Description("A reader sees the old or the new committed manifest entirely, in memory and on disk, never a mix.")
@Outcome(id = {"OLD, OLD", "NEW, NEW", "OLD, LATER", "NEW, LATER", "LATER, LATER"}, expect = Expect.ACCEPTABLE,
    desc = "Whole committed states; the file is as new as the field or newer.")
@Outcome(id = "OLD, NEW", expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "The reader ran between the rename of the new manifest and the publication of the field.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "MIXED (fields of different commits), CORRUPT (the file did not read as a manifest), or a file older"
        + " than the field.")
@State
public class ManifestPublicationTest {

    private static final Generations<ManifestStore> STORES = new Generations<>("manifest",
        ManifestStore.COMMITS_PER_GENERATION, ManifestStore::create);

    private final Generations.Claim<ManifestStore> claim = STORES.claim();
    private final ManifestStore shared = claim.resource();
    private long committed;
    private Manifest inMemory;
    private Manifest onDisk;
    private String diskError;

    @Actor
    public void writer() {
        try {
            committed = shared.internAndCommit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void reader() {
        inMemory = Internals.committed(shared.store);
        try {
            onDisk = Manifest.read(StorageIo.system(), shared.manifestFile);
        } catch (IOException e) {
            diskError = "CORRUPT " + e.getClass().getSimpleName();
        }
    }

    @Arbiter
    public void arbiter(LL_Result r) {
        r.r1 = classify(inMemory);
        r.r2 = diskError != null ? diskError : onDisk.commitSequence() < inMemory.commitSequence()
            ? "OLDER_THAN_MEMORY" : classify(onDisk);
        STORES.release(claim);
    }

    private String classify(Manifest seen) {
        if (!seen.equals(shared.expected(seen.commitSequence()))) {
            return "MIXED";
        }
        long sequence = seen.commitSequence();
        return sequence < committed ? "OLD" : sequence == committed ? "NEW" : "LATER";
    }
}
