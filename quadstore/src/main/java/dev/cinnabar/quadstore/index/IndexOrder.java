package dev.cinnabar.quadstore.index;

/**
 * The six key orders of the quad indexes. A quad is (g, s, p, o); an order stores each quad as the key
 * (k0, k1, k2, k3): the quad's components permuted into the order of the letters in its name, so that
 * {@code GPOS} keys are (g, p, o, s). Keys compare as four signed longs, k0 first.
 *
 * <p>Components are numbered {@link #G} = 0, {@link #S} = 1, {@link #P} = 2, {@link #O} = 3 (the order of
 * {@code gspo} arrays). Every method is allocation-free.
 *
 * <p>The six orders let every one of the 16 patterns of bound components be answered by a prefix scan
 * ({@link #forPattern}).
 */
public enum IndexOrder {
    SPOG(IndexOrder.S, IndexOrder.P, IndexOrder.O, IndexOrder.G),
    POSG(IndexOrder.P, IndexOrder.O, IndexOrder.S, IndexOrder.G),
    OSPG(IndexOrder.O, IndexOrder.S, IndexOrder.P, IndexOrder.G),
    GSPO(IndexOrder.G, IndexOrder.S, IndexOrder.P, IndexOrder.O),
    GPOS(IndexOrder.G, IndexOrder.P, IndexOrder.O, IndexOrder.S),
    GOSP(IndexOrder.G, IndexOrder.O, IndexOrder.S, IndexOrder.P);

    /** Component number of the graph. */
    public static final int G = 0;
    /** Component number of the subject. */
    public static final int S = 1;
    /** Component number of the predicate. */
    public static final int P = 2;
    /** Component number of the object. */
    public static final int O = 3;

    /** {@code values()} clones its array on every call; lookups use this copy instead. */
    private static final IndexOrder[] ORDERS = values();
    /** The order for each pattern, indexed by the bound-component mask (bit c set when component c is bound). */
    private static final IndexOrder[] BY_PATTERN = new IndexOrder[16];

    static {
        for (int mask = 0; mask < 16; mask++) {
            for (IndexOrder order : ORDERS) {
                if (order.prefixMask(Integer.bitCount(mask)) == mask) {
                    BY_PATTERN[mask] = order;
                    break;
                }
            }
            if (BY_PATTERN[mask] == null) {
                throw new AssertionError("no order for pattern mask " + mask);
            }
        }
    }

    /** The component at each key position. */
    private final int c0;
    private final int c1;
    private final int c2;
    private final int c3;
    /** The key position of each component (the inverse permutation). */
    private final int[] positions = new int[4];

    IndexOrder(int c0, int c1, int c2, int c3) {
        this.c0 = c0;
        this.c1 = c1;
        this.c2 = c2;
        this.c3 = c3;
        positions[c0] = 0;
        positions[c1] = 1;
        positions[c2] = 2;
        positions[c3] = 3;
    }

    /** The order of index {@code ordinal} (0..5), as {@code values()[ordinal]} without the array copy. */
    public static IndexOrder of(int ordinal) {
        return ORDERS[ordinal];
    }

    /** Which quad component ({@link #G}, {@link #S}, {@link #P} or {@link #O}) sits at key {@code position}. */
    public int component(int position) {
        switch (position) {
            case 0:
                return c0;
            case 1:
                return c1;
            case 2:
                return c2;
            case 3:
                return c3;
            default:
                throw new IndexOutOfBoundsException("key position " + position);
        }
    }

    /** The key position (0..3) of quad component {@code component}: the inverse of {@link #component}. */
    public int position(int component) {
        return positions[component];
    }

    /** Writes the key of quad (g, s, p, o) into {@code key[0..4)}. */
    public void toKey(long g, long s, long p, long o, long[] key) {
        key[0] = pick(c0, g, s, p, o);
        key[1] = pick(c1, g, s, p, o);
        key[2] = pick(c2, g, s, p, o);
        key[3] = pick(c3, g, s, p, o);
    }

    /** Writes the quad of {@code key} into {@code gspo} as (g, s, p, o): the inverse of {@link #toKey}. */
    public void toQuad(long[] key, long[] gspo) {
        gspo[c0] = key[0];
        gspo[c1] = key[1];
        gspo[c2] = key[2];
        gspo[c3] = key[3];
    }

    /** The graph of {@code key}. */
    public long graph(long[] key) {
        return key[positions[G]];
    }

    /** The subject of {@code key}. */
    public long subject(long[] key) {
        return key[positions[S]];
    }

    /** The predicate of {@code key}. */
    public long predicate(long[] key) {
        return key[positions[P]];
    }

    /** The object of {@code key}. */
    public long object(long[] key) {
        return key[positions[O]];
    }

    /**
     * The order whose first {@link #boundCount} key positions are exactly the bound components, so that the
     * pattern is one prefix scan: bind the components with {@link #toKey} and scan with that prefix length. Of
     * several such orders, the first in declaration order is returned (with nothing or everything bound:
     * {@link #SPOG}).
     */
    public static IndexOrder forPattern(boolean gBound, boolean sBound, boolean pBound, boolean oBound) {
        return BY_PATTERN[patternMask(gBound, sBound, pBound, oBound)];
    }

    /** The number of bound components, which is the prefix length of the pattern's scan in its order. */
    public static int boundCount(boolean gBound, boolean sBound, boolean pBound, boolean oBound) {
        return (gBound ? 1 : 0) + (sBound ? 1 : 0) + (pBound ? 1 : 0) + (oBound ? 1 : 0);
    }

    private static int patternMask(boolean gBound, boolean sBound, boolean pBound, boolean oBound) {
        return (gBound ? 1 << G : 0) | (sBound ? 1 << S : 0) | (pBound ? 1 << P : 0) | (oBound ? 1 << O : 0);
    }

    /** The component mask of the first {@code length} key positions. */
    private int prefixMask(int length) {
        int mask = 0;
        for (int i = 0; i < length; i++) {
            mask |= 1 << component(i);
        }
        return mask;
    }

    private static long pick(int component, long g, long s, long p, long o) {
        switch (component) {
            case G:
                return g;
            case S:
                return s;
            case P:
                return p;
            default:
                return o;
        }
    }
}
