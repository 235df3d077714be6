package dev.cinnabar.quadstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.concurrent.UnsafeBuffer;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * Terms to atom ids and back, through their canonical encoding ({@link TermCodec}). A typed literal's encoding
 * names its datatype by the datatype IRI's own atom id, so interning such a literal interns its datatype first.
 *
 * <p>The intern cache is touched only under the store's write lock and is cleared when a transaction rolls back,
 * because the atom store then hands the rolled-back ids out again.
 */
final class TermIds {

    private static final int INTERN_CACHE_MAX_TERMS = 1 << 16;
    private static final int DATATYPE_CACHE_MAX = 4096;

    private final AtomStore atoms;
    private final Map<Term, Long> internCache = new HashMap<>();
    private final Map<Long, Iri> datatypes = new ConcurrentHashMap<>();

    TermIds(AtomStore atoms) {
        this.atoms = atoms;
    }

    /** The atom id of {@code term}, interning it if new. Under the write lock. */
    long intern(Term term, TermCodec codec, TermCodec datatypeCodec) throws IOException {
        Long cached = internCache.get(term);
        if (cached != null) {
            return cached;
        }
        int length;
        try {
            length = codec.encode(term, datatype -> {
                try {
                    return intern(datatype, datatypeCodec, datatypeCodec);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long id = atoms.intern(codec.scratch(), 0, length);
        if (internCache.size() >= INTERN_CACHE_MAX_TERMS) {
            internCache.clear();
        }
        internCache.put(term, id);
        return id;
    }

    /** The atom id of {@code term}, or {@link QuadStore#NO_ID}. Never adds. */
    long lookup(Term term, TermCodec codec, TermCodec datatypeCodec) {
        int length = codec.encode(term, datatype -> {
            long id = lookup(datatype, datatypeCodec, datatypeCodec);
            return id == QuadStore.NO_ID ? AtomStore.NO_ATOM : id;
        });
        if (length < 0) {
            return QuadStore.NO_ID;
        }
        long id = atoms.lookup(codec.scratch(), 0, length);
        return id == AtomStore.NO_ATOM ? QuadStore.NO_ID : id;
    }

    /**
     * The term of atom {@code id}, decoded through {@code view}.
     *
     * @throws UncheckedIOException wrapping a {@link CorruptStoreException} naming the atom data if the atom's
     *     bytes are no term encoding: the atom store was damaged (verify reports where)
     */
    Term decode(long id, TermCodec codec, UnsafeBuffer view) {
        atoms.wrapAtom(id, view);
        try {
            return codec.decode(view, 0, view.capacity(), this::datatype);
        } catch (IllegalArgumentException e) {
            // Atoms are only ever written as encoded terms, so one that does not decode is damaged data.
            throw new UncheckedIOException(new CorruptStoreException(atoms.directory().resolve("atoms.data")
                + ": atom " + id + " does not decode as a term (run verify): " + e.getMessage()));
        }
    }

    private Iri datatype(long id) {
        Iri iri = datatypes.get(id);
        if (iri == null) {
            Term term = new TermCodec().decode(viewOf(id), 0, atoms.length(id), unused -> {
                throw new IllegalArgumentException("a datatype names a literal");
            });
            if (!(term instanceof Iri datatype)) {
                throw new IllegalArgumentException("atom " + id + " is named as a datatype but is " + term);
            }
            iri = datatype;
            if (datatypes.size() < DATATYPE_CACHE_MAX) {
                datatypes.put(id, iri);
            }
        }
        return iri;
    }

    private UnsafeBuffer viewOf(long id) {
        UnsafeBuffer view = new UnsafeBuffer(0, 0);
        atoms.wrapAtom(id, view);
        return view;
    }

    /** Forgets cached ids: after a rollback the atom store gives them out again. */
    void forgetUncommitted() {
        internCache.clear();
        datatypes.clear();
    }
}
