package dev.cinnabar.atomstore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.cinnabar.storage.MappedFile;

/**
 * Read access to an {@link AtomStore}'s private fields, so that the tests observe the real store's own index, files
 * and committed manifest without a test hook in the main code. The field names are a contract with
 * {@code AtomStore}: a rename fails every test that uses them with an error, never silently.
 */
final class Internals {

    private static final VarHandle INDEX;
    private static final VarHandle DATA;
    private static final VarHandle OFFSETS;
    private static final VarHandle COMMITTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(AtomStore.class, MethodHandles.lookup());
            INDEX = lookup.findVarHandle(AtomStore.class, "index", HashIndex.class);
            DATA = lookup.findVarHandle(AtomStore.class, "data", MappedFile.class);
            OFFSETS = lookup.findVarHandle(AtomStore.class, "offsets", MappedFile.class);
            COMMITTED = lookup.findVarHandle(AtomStore.class, "committed", Manifest.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Internals() {
    }

    /** The store's current hash index (a plain read: the caller is the writer, or no rehash can happen). */
    static HashIndex index(AtomStore store) {
        return (HashIndex) INDEX.get(store);
    }

    /** The store's data file; the same object for the store's whole life. */
    static MappedFile data(AtomStore store) {
        return (MappedFile) DATA.get(store);
    }

    /** The store's offsets file; the same object for the store's whole life. */
    static MappedFile offsets(AtomStore store) {
        return (MappedFile) OFFSETS.get(store);
    }

    /** The store's committed manifest, read as the field is declared: volatile, without any lock. */
    static Manifest committed(AtomStore store) {
        return (Manifest) COMMITTED.getVolatile(store);
    }
}
