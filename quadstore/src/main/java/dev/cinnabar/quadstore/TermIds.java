package dev.cinnabar.quadstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.agrona.concurrent.UnsafeBuffer;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Term;
import dev.cinnabar.quadstore.term.TripleTerm;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * Terms to atom ids and back, through their canonical encoding ({@link TermCodec}). A typed literal's encoding
 * names its datatype by the datatype IRI's own atom id, so interning such a literal interns its datatype first.
 *
 * <p>This is where the store's read/write lock is taken (ADR-014): {@link #intern} under the write lock, for that
 * one term only; {@link #lookup} and {@link #decode} under the read lock, around their access to mapped atom bytes,
 * so a growth of the atom files can never unmap what they read. No lock is held between calls.
 *
 * <p>The intern cache is used by the one writer only and is cleared when a transaction rolls back, because the atom
 * store then hands the rolled-back ids out again.
 */
final class TermIds {

    private static final int INTERN_CACHE_MAX_TERMS = 1 << 16;
    private static final int DATATYPE_CACHE_MAX = 4096;
    /** Term bytes the files are extended ahead for before an intern: more than almost any term's encoding. */
    private static final long INTERN_AHEAD_BYTES = 64 * 1024;

    private final AtomStore atoms;
    private final Lock readLock;
    private final Lock writeLock;
    private final Map<Term, Long> internCache = new HashMap<>();
    private final Map<Long, Iri> datatypes = new ConcurrentHashMap<>();
    private final CommittedTerms committed = new CommittedTerms();

    TermIds(AtomStore atoms, ReentrantReadWriteLock lock) {
        this.atoms = atoms;
        this.readLock = lock.readLock();
        this.writeLock = lock.writeLock();
    }

    /**
     * The atom id of {@code term}, interning it if new. The writer only; takes the write lock for the intern, and
     * not at all for a term it interned lately (the cache is the writer's own).
     */
    long intern(Term term, TermCodec codec, TermCodec datatypeCodec) throws IOException {
        Long cached = internCache.get(term);
        if (cached != null) {
            return cached;
        }
        growAhead(atoms, writeLock, 2, INTERN_AHEAD_BYTES); // the term and its datatype
        writeLock.lock();
        try {
            return internLocked(term, codec, datatypeCodec);
        } finally {
            writeLock.unlock();
        }
    }

    private long internLocked(Term term, TermCodec codec, TermCodec datatypeCodec) throws IOException {
        Long cached = internCache.get(term);
        if (cached != null) {
            return cached;
        }
        if (term instanceof TripleTerm triple) {
            return internTripleLocked(triple, codec, datatypeCodec);
        }
        return internEncoded(term, codec, datatypeCodec, 0);
    }

    /**
     * A triple term: a nesting is a chain through the objects, interned from the innermost level not yet known out
     * (components before their triple term, so the same triple term has one atom), in a loop rather than through
     * the codec's callback: no recursion per level, however deep.
     */
    private long internTripleLocked(TripleTerm triple, TermCodec codec, TermCodec datatypeCodec)
        throws IOException {
        TripleTerm[] levels = new TripleTerm[triple.depth()];
        int count = 0;
        long objectId = 0;
        Term t = triple;
        while (t instanceof TripleTerm level) {
            Long cached = count == 0 ? null : internCache.get(level);
            if (cached != null) {
                objectId = cached;
                break;
            }
            levels[count++] = level;
            t = level.object();
        }
        if (objectId == 0) {
            objectId = internLocked(t, datatypeCodec, datatypeCodec);
        }
        for (int i = count - 1; i >= 0; i--) {
            objectId = internEncoded(levels[i], codec, datatypeCodec, objectId);
        }
        return objectId;
    }

    /**
     * Encodes and interns {@code term}, whose components are no triple terms but a triple term's object, whose id
     * is {@code objectId}.
     */
    private long internEncoded(Term term, TermCodec codec, TermCodec datatypeCodec, long objectId)
        throws IOException {
        int length;
        try {
            length = codec.encode(term, named -> {
                if (named instanceof TripleTerm) {
                    return objectId;
                }
                try {
                    return internLocked(named, datatypeCodec, datatypeCodec);
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

    /**
     * Makes room for {@code additionalAtoms} more atoms of {@code additionalBytes} term bytes without holding the
     * write lock for the slow part: the writer (holding the commit right) extends the atom files and builds a larger
     * index, if they will be needed, beside the readers, then swaps the index in under the write lock for
     * microseconds. Otherwise the intern that crosses the load factor would rebuild the whole index under the write
     * lock, and the one that fills the data file would write a growth step of zeros there, while every reader waits
     * (ADR-014).
     */
    static void growAhead(AtomStore atoms, Lock writeLock, long additionalAtoms, long additionalBytes)
        throws IOException {
        atoms.extendFilesAhead(additionalAtoms, additionalBytes);
        try (AtomStore.IndexGrowth growth = atoms.prepareIndexGrowth(additionalAtoms)) {
            if (growth == null) {
                return;
            }
            writeLock.lock();
            try {
                atoms.installIndex(growth); // false only if an intern raced it: that intern then grew the index
            } finally {
                writeLock.unlock();
            }
        }
    }

    /**
     * {@link #lookup}, answered from the committed-term cache when it can (no lock). The caller's snapshot holds
     * atoms {@code 1..committedAtoms}, all committed: a term found among them is cached for every transaction.
     */
    long lookup(Term term, TermCodec codec, TermCodec datatypeCodec, long committedAtoms) {
        long cached = committed.id(term);
        if (cached != 0) {
            return cached;
        }
        long id = lookup(term, codec, datatypeCodec);
        if (id > 0 && id <= committedAtoms) {
            committed.put(id, term);
        }
        return id;
    }

    /**
     * {@link #decode}, answered from the committed-term cache when it can (no lock); atoms up to
     * {@code committedAtoms} (committed, as in {@link #lookup(Term, TermCodec, TermCodec, long)}) are cached.
     */
    Term decode(long id, TermCodec codec, UnsafeBuffer view, long committedAtoms) {
        Term cached = committed.term(id);
        if (cached != null) {
            return cached;
        }
        Term term = decode(id, codec, view);
        if (id <= committedAtoms) {
            committed.put(id, term);
        }
        return term;
    }

    /** The atom id of {@code term}, or {@link QuadStore#NO_ID}, committed or not. Never adds. Takes the read lock. */
    long lookup(Term term, TermCodec codec, TermCodec datatypeCodec) {
        readLock.lock();
        try {
            return lookupLocked(term, codec, datatypeCodec);
        } finally {
            readLock.unlock();
        }
    }

    private long lookupLocked(Term term, TermCodec codec, TermCodec datatypeCodec) {
        if (!(term instanceof TripleTerm triple)) {
            return lookupEncoded(term, codec, datatypeCodec, 0);
        }
        // as internTripleLocked: the chain of objects from its innermost level out, in a loop
        TripleTerm[] levels = new TripleTerm[triple.depth()];
        Term t = triple;
        for (int i = 0; t instanceof TripleTerm level; i++) {
            levels[i] = level;
            t = level.object();
        }
        long objectId = lookupLocked(t, datatypeCodec, datatypeCodec);
        for (int i = levels.length - 1; i >= 0 && objectId != QuadStore.NO_ID; i--) {
            objectId = lookupEncoded(levels[i], codec, datatypeCodec, objectId);
        }
        return objectId;
    }

    /** As {@link #internEncoded}, but only looks up. */
    private long lookupEncoded(Term term, TermCodec codec, TermCodec datatypeCodec, long objectId) {
        int length = codec.encode(term, named -> {
            if (named instanceof TripleTerm) {
                return objectId;
            }
            long id = lookupLocked(named, datatypeCodec, datatypeCodec);
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
        readLock.lock();
        try {
            atoms.wrapAtom(id, view);
            if (view.capacity() > 0 && view.getByte(0) == TermCodec.KIND_TRIPLE_TERM) {
                return decodeTripleTerm(id, codec, view);
            }
            return codec.decode(view, 0, view.capacity(), this::referenced);
        } catch (IllegalArgumentException e) {
            // Atoms are only ever written as encoded terms, so one that does not decode is damaged data.
            throw new UncheckedIOException(new CorruptStoreException(atoms.directory().resolve("atoms.data")
                + ": atom " + id + " does not decode as a term (run verify): " + e.getMessage()));
        } finally {
            view.wrap(0, 0); // the view must not outlive the read lock: a remap may unmap what it points at
            readLock.unlock();
        }
    }

    /**
     * The triple term of atom {@code id}, wrapped in {@code view}: a nesting is a chain through the objects, read
     * level by level down to a known or non-triple object, then built up in a loop (no recursion per level). Each
     * object that is a triple term must be older than its owner, so a damaged store cannot send this round a cycle.
     */
    private Term decodeTripleTerm(long id, TermCodec codec, UnsafeBuffer view) {
        long[] ids = new long[3];
        long[] components = new long[2 * 8];
        int count = 0;
        long owner = id;
        Term object = null;
        while (true) {
            codec.tripleTermIds(view, 0, view.capacity(), ids);
            if (2 * count == components.length) {
                components = Arrays.copyOf(components, 2 * components.length);
            }
            components[2 * count] = ids[0];
            components[2 * count + 1] = ids[1];
            count++;
            long ref = ids[2];
            object = committed.term(ref);
            if (object != null) {
                break;
            }
            UnsafeBuffer next = viewOf(checkedRef(ref));
            if (next.capacity() == 0 || next.getByte(0) != TermCodec.KIND_TRIPLE_TERM) {
                object = referenced(ref);
                break;
            }
            if (ref >= owner) {
                throw olderTripleTerm(owner, ref);
            }
            owner = ref;
            view = next;
        }
        for (int i = count - 1; i >= 0; i--) {
            ids[0] = components[2 * i];
            ids[1] = components[2 * i + 1];
            object = TermCodec.tripleTerm(referenced(ids[0]), referenced(ids[1]), object, ids);
        }
        return object;
    }

    /** The store-wide committed-term cache. */
    CommittedTerms committedTerms() {
        return committed;
    }

    /**
     * The atom id of {@code rdf:type}, committed or not, or 0 if the store has none: the predicate class sizes are
     * counted for (ADR-017). Takes the read lock.
     */
    long rdfTypeId() {
        long id = lookup(Iri.RDF_TYPE, new TermCodec(), new TermCodec());
        return id == QuadStore.NO_ID ? 0 : id;
    }

    /** Atoms made durable by the atom store's last commit. Takes the read lock. */
    long committedAtoms() {
        readLock.lock();
        try {
            return atoms.committedSize();
        } finally {
            readLock.unlock();
        }
    }

    /**
     * The term of atom {@code ref}, which another atom names: a datatype IRI, or a triple term's subject, predicate
     * or non-triple object. None of those is a triple term, so this never recurses more than one level.
     */
    private Term referenced(long ref) {
        UnsafeBuffer view = viewOf(checkedRef(ref));
        byte kind = view.capacity() > 0 ? view.getByte(0) : 0;
        if (kind == TermCodec.KIND_IRI) {
            return datatype(ref);
        }
        if (kind == TermCodec.KIND_TRIPLE_TERM) {
            // only a triple term's object may be one, and decodeTripleTerm reads those itself
            throw new IllegalArgumentException("names the triple term atom " + ref + " where none may be");
        }
        return new TermCodec().decode(view, 0, view.capacity(), next -> referenced(next));
    }

    private long checkedRef(long ref) {
        if (ref < 1 || ref > atoms.size()) {
            throw new IllegalArgumentException("names atom " + ref + " of " + atoms.size());
        }
        return ref;
    }

    private static IllegalArgumentException olderTripleTerm(long owner, long ref) {
        return new IllegalArgumentException("names the triple term atom " + ref + ", which is not older than the"
            + " atom " + owner + " naming it");
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

    /** Forgets cached ids: after a rollback the atom store gives them out again. The writer, under the write lock. */
    void forgetUncommitted() {
        internCache.clear();
        datatypes.clear();
    }
}
