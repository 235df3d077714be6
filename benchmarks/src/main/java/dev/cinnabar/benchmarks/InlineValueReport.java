package dev.cinnabar.benchmarks;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cinnabar.atomstore.AtomStore;
import dev.cinnabar.atomstore.AtomStoreStats;

/**
 * What inlining small literal values into ids, as Jena TDB2 does, would save in the atom store, measured on a data
 * set (a plain main, not JMH; ADR-006).
 *
 * <p>Reads an N-Triples data set (default {@code bsbm-1m}; system property {@value #DATASET_PROPERTY}) with
 * {@link TermCorpus}, parses each term occurrence into its RDF term (escapes decoded, {@code "x"^^xsd:string} the
 * same term as {@code "x"}), encodes it the way ADR-006 specifies ({@code TermCodec} in the quadstore module, which
 * this module does not depend on, so the layout is repeated here: one kind byte; an IRI, blank node label or
 * xsd:string lexical form as UTF-8; a language literal as varint(tag length), tag, lexical form; another typed
 * literal as varint(atom id of its datatype IRI, interned first as an IRI atom), lexical form) and interns it in a
 * fresh {@link AtomStore} with default options. The store is the distinct filter: a term is new when its id is the
 * next one.
 *
 * <p>A typed literal counts as <em>inlinable</em> when TDB2 could pack it into a 56-bit value and give back exactly
 * the same lexical form, that is when its lexical form is canonical and fits the budget:
 * <ul>
 *   <li>the integer datatypes ({@code xsd:integer}, {@code long}, {@code int}, {@code short}, {@code byte}, the
 *       signed and unsigned subtypes): {@code -?(0|[1-9][0-9]*)}, not {@code -0}, within the datatype's range and
 *       within 56 bits signed;</li>
 *   <li>{@code xsd:decimal}: {@code -?(0|[1-9][0-9]*)\.([0-9]*[1-9]|0)}, not {@code -0.0}, with at most 127
 *       fraction digits and the digits as an integer within 48 bits signed (TDB2: 8-bit scale, 48-bit value);</li>
 *   <li>{@code xsd:boolean}: {@code true} or {@code false};</li>
 *   <li>{@code xsd:date}: {@code YYYY-MM-DD} and an optional timezone, {@code xsd:dateTime} (and
 *       {@code xsd:dateTimeStamp}, timezone required): {@code YYYY-MM-DDThh:mm:ss} with an optional fraction of 1 to
 *       3 digits not ending in 0 (milliseconds), then an optional timezone; a real calendar date, year 0001 to 8191
 *       in four digits (TDB2: 13-bit year), hours 00 to 23; a timezone is {@code Z} or {@code ±hh:mm} other than
 *       ±00:00, at most 14:00 and in steps of 15 minutes (TDB2: 7-bit timezone).</li>
 * </ul>
 *
 * <p>Saving per inlinable distinct literal: its record in the data file (varint length + encoding), its 8-byte
 * offsets entry and its share of the hash index, 8 bytes / 0.75 load = 10.67 bytes. The report sets that against
 * the same model for all atoms (and prints the real store's file sizes beside it), and against an estimate of the
 * whole store per quad under a stated assumption for the quad indexes.
 *
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar dev.cinnabar.benchmarks.InlineValueReport
 * </pre>
 */
public final class InlineValueReport {

    /** System property: the data set to read. */
    public static final String DATASET_PROPERTY = "cinnabar.inline.dataset";
    /** Assumed cost of the quad indexes: orders. */
    static final int INDEX_ORDERS = 6;
    /** Assumed cost of the quad indexes: bytes per quad in each order (compressed). */
    static final double INDEX_BYTES_PER_QUAD_PER_ORDER = 4;
    /** Bound: an uncompressed order holds four 8-byte ids per quad. */
    static final double UNCOMPRESSED_BYTES_PER_QUAD_PER_ORDER = 32;
    static final double OFFSET_ENTRY_BYTES = 8;
    static final double HASH_BYTES_PER_ATOM = 8 / 0.75;

    static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    static final String XSD_STRING = XSD + "string";
    static final String RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

    enum Kind {
        IRI("IRI"), BLANK("blank node"), STRING("xsd:string literal"), LANG("language literal"),
        TYPED("other typed literal"), DATATYPE("datatype IRI atom (not a term of the data)");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    enum Verdict {
        NOT_AN_INLINE_TYPE, INLINABLE, NOT_CANONICAL, OUT_OF_BUDGET
    }

    /** Integer datatypes and their value ranges (inclusive; null = unbounded). */
    private static final Map<String, BigInteger[]> INTEGER_TYPES = new HashMap<>();

    static {
        BigInteger two = BigInteger.TWO;
        integerType("integer", null, null);
        integerType("long", two.pow(63).negate(), two.pow(63).subtract(BigInteger.ONE));
        integerType("int", two.pow(31).negate(), two.pow(31).subtract(BigInteger.ONE));
        integerType("short", two.pow(15).negate(), two.pow(15).subtract(BigInteger.ONE));
        integerType("byte", two.pow(7).negate(), two.pow(7).subtract(BigInteger.ONE));
        integerType("nonNegativeInteger", BigInteger.ZERO, null);
        integerType("positiveInteger", BigInteger.ONE, null);
        integerType("nonPositiveInteger", null, BigInteger.ZERO);
        integerType("negativeInteger", null, BigInteger.ONE.negate());
        integerType("unsignedLong", BigInteger.ZERO, two.pow(64).subtract(BigInteger.ONE));
        integerType("unsignedInt", BigInteger.ZERO, two.pow(32).subtract(BigInteger.ONE));
        integerType("unsignedShort", BigInteger.ZERO, two.pow(16).subtract(BigInteger.ONE));
        integerType("unsignedByte", BigInteger.ZERO, two.pow(8).subtract(BigInteger.ONE));
    }

    private static void integerType(String localName, BigInteger min, BigInteger max) {
        INTEGER_TYPES.put(XSD + localName, new BigInteger[] {min, max});
    }

    private static final BigInteger MIN_56 = BigInteger.TWO.pow(55).negate();
    private static final BigInteger MAX_56 = BigInteger.TWO.pow(55).subtract(BigInteger.ONE);
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.([0-9]*[1-9]|0)");
    private static final String TIMEZONE = "(Z|[+-][0-9]{2}:[0-9]{2})";
    private static final Pattern DATE = Pattern.compile("(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})" + TIMEZONE + "?");
    private static final Pattern DATE_TIME = Pattern.compile(
        "(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?" + TIMEZONE + "?");

    private InlineValueReport() {
    }

    /** Whether a literal of {@code datatype} with {@code lexical} could be inlined with an exact round trip. */
    static Verdict classify(String datatype, String lexical) {
        BigInteger[] range = INTEGER_TYPES.get(datatype);
        if (range != null) {
            if (!INTEGER.matcher(lexical).matches() || lexical.equals("-0")) {
                return Verdict.NOT_CANONICAL;
            }
            BigInteger value = new BigInteger(lexical);
            if ((range[0] != null && value.compareTo(range[0]) < 0)
                || (range[1] != null && value.compareTo(range[1]) > 0)) {
                return Verdict.NOT_CANONICAL; // ill-typed: out of the datatype's range
            }
            return value.compareTo(MIN_56) >= 0 && value.compareTo(MAX_56) <= 0 ? Verdict.INLINABLE
                : Verdict.OUT_OF_BUDGET;
        }
        switch (datatype.startsWith(XSD) ? datatype.substring(XSD.length()) : "") {
            case "decimal": {
                if (!DECIMAL.matcher(lexical).matches() || lexical.equals("-0.0")) {
                    return Verdict.NOT_CANONICAL;
                }
                int point = lexical.indexOf('.');
                String fraction = lexical.substring(point + 1);
                int scale = fraction.equals("0") ? 0 : fraction.length();
                BigInteger unscaled = new BigInteger(lexical.substring(0, point) + (scale == 0 ? "" : fraction));
                return scale <= 127 && unscaled.bitLength() <= 47 ? Verdict.INLINABLE : Verdict.OUT_OF_BUDGET;
            }
            case "boolean":
                return lexical.equals("true") || lexical.equals("false") ? Verdict.INLINABLE : Verdict.NOT_CANONICAL;
            case "date":
                return dateOrTime(DATE.matcher(lexical), false, false);
            case "dateTime":
                return dateOrTime(DATE_TIME.matcher(lexical), true, false);
            case "dateTimeStamp":
                return dateOrTime(DATE_TIME.matcher(lexical), true, true);
            default:
                return Verdict.NOT_AN_INLINE_TYPE;
        }
    }

    private static Verdict dateOrTime(Matcher m, boolean time, boolean timezoneRequired) {
        if (!m.matches()) {
            return Verdict.NOT_CANONICAL; // not XSD syntax: ill-typed
        }
        String yearText = m.group(1);
        String digits = yearText.startsWith("-") ? yearText.substring(1) : yearText;
        if ((digits.length() > 4 && digits.startsWith("0")) || yearText.equals("-0000")) {
            return Verdict.NOT_CANONICAL;
        }
        long year = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(yearText);
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            return Verdict.NOT_CANONICAL;
        }
        boolean withinBudget = year >= 1 && year <= 8191; // TDB2: 13-bit year
        int tzGroup = 4;
        if (time) {
            int hour = Integer.parseInt(m.group(4));
            int minute = Integer.parseInt(m.group(5));
            int second = Integer.parseInt(m.group(6));
            String fraction = m.group(7); // with its '.'
            if (hour > 23 || minute > 59 || second > 59) {
                return Verdict.NOT_CANONICAL; // 24:00:00 is canonically the next day's 00:00:00
            }
            if (fraction != null) {
                if (fraction.endsWith("0")) {
                    return Verdict.NOT_CANONICAL;
                }
                withinBudget &= fraction.length() <= 4; // milliseconds
            }
            tzGroup = 8;
        }
        String tz = m.group(tzGroup);
        if (tz == null) {
            if (timezoneRequired) {
                return Verdict.NOT_CANONICAL;
            }
        } else if (!tz.equals("Z")) {
            int hours = Integer.parseInt(tz.substring(1, 3));
            int minutes = Integer.parseInt(tz.substring(4, 6));
            if (minutes > 59 || hours > 14 || (hours == 14 && minutes > 0)) {
                return Verdict.NOT_CANONICAL;
            }
            if (hours == 0 && minutes == 0) {
                return Verdict.NOT_CANONICAL; // canonically Z
            }
            withinBudget &= minutes % 15 == 0; // TDB2: 7-bit timezone in quarter hours
        }
        return withinBudget ? Verdict.INLINABLE : Verdict.OUT_OF_BUDGET;
    }

    private static int daysIn(long year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /** An RDF term parsed from its N-Triples surface form, escapes decoded. */
    static final class Parsed {
        Kind kind;
        String value; // IRI, label or lexical form
        String language;
        String datatype;
    }

    /** Parses one term as {@link TermCorpus} delimits it. */
    static void parse(String s, Parsed into) {
        into.language = null;
        into.datatype = null;
        char first = s.charAt(0);
        if (first == '<') {
            into.kind = Kind.IRI;
            into.value = unescape(s, 1, s.length() - 1);
        } else if (first == '_') {
            into.kind = Kind.BLANK;
            into.value = s.substring(2);
        } else {
            int close = 1;
            while (s.charAt(close) != '"') {
                close += s.charAt(close) == '\\' ? 2 : 1;
            }
            into.value = unescape(s, 1, close);
            if (close + 1 == s.length()) {
                into.kind = Kind.STRING;
            } else if (s.charAt(close + 1) == '@') {
                into.kind = Kind.LANG;
                into.language = s.substring(close + 2);
            } else {
                String datatype = unescape(s, close + 4, s.length() - 1);
                if (datatype.equals(XSD_STRING)) {
                    into.kind = Kind.STRING;
                } else {
                    into.kind = Kind.TYPED;
                    into.datatype = datatype;
                }
            }
        }
    }

    /** Decodes N-Triples escapes (ECHAR and UCHAR) in {@code s[from, to)}. */
    static String unescape(String s, int from, int to) {
        int backslash = s.indexOf('\\', from);
        if (backslash < 0 || backslash >= to) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 't': out.append('\t'); break;
                case 'b': out.append('\b'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 'f': out.append('\f'); break;
                case 'u':
                    out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                    break;
                case 'U':
                    out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16));
                    i += 8;
                    break;
                default: out.append(e); // \" \' \\
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------ encoding

    /** The ADR-006 encoding; {@code datatypeId} is used only for TYPED. */
    static byte[] encode(Parsed term, long datatypeId) {
        byte kind;
        byte[] prefix;
        switch (term.kind) {
            case IRI: case DATATYPE: kind = 0x01; prefix = new byte[0]; break;
            case BLANK: kind = 0x02; prefix = new byte[0]; break;
            case STRING: kind = 0x03; prefix = new byte[0]; break;
            case LANG: {
                kind = 0x04;
                byte[] tag = utf8(term.language);
                byte[] length = varint(tag.length);
                prefix = new byte[length.length + tag.length];
                System.arraycopy(length, 0, prefix, 0, length.length);
                System.arraycopy(tag, 0, prefix, length.length, tag.length);
                break;
            }
            default: kind = 0x05; prefix = varint(datatypeId);
        }
        byte[] value = utf8(term.value);
        byte[] out = new byte[1 + prefix.length + value.length];
        out[0] = kind;
        System.arraycopy(prefix, 0, out, 1, prefix.length);
        System.arraycopy(value, 0, out, 1 + prefix.length, value.length);
        return out;
    }

    static byte[] varint(long value) {
        byte[] buf = new byte[10];
        int n = 0;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buf[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
        return java.util.Arrays.copyOf(buf, n);
    }

    static int varintBytes(int value) {
        return value < (1 << 7) ? 1 : value < (1 << 14) ? 2 : value < (1 << 21) ? 3 : value < (1 << 28) ? 4 : 5;
    }

    private static byte[] utf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate in " + s);
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ report

    static final class Tally {
        long distinct;
        long recordBytes;
        long encodedBytes;
        long inlinable;
        long inlinableRecordBytes;
        long notCanonical;
        long outOfBudget;
        /** Distinct literals of a non-XSD datatype whose lexical form is an inlinable xsd:decimal or xsd:integer. */
        long numberShaped;
        long numberShapedRecordBytes;
        /** Bytes more the distinct literals' records would take with the datatype IRI spelled out. */
        long spelledOutExtraBytes;
        long objectOccurrences;
        long inlinableOccurrences;
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        String dataset = System.getProperty(DATASET_PROPERTY, "bsbm-1m");
        Path file = SharedData.dataset(dataset);
        Path tempDir = Dirs.createTemp("cinnabar-inline-");
        try {
            run(dataset, file, tempDir.resolve("store"));
        } finally {
            Dirs.deleteRecursively(tempDir);
        }
    }

    private static void run(String dataset, Path file, Path storeDir) throws IOException {
        Map<Kind, Tally> byKind = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            byKind.put(kind, new Tally());
        }
        Map<String, Tally> byDatatype = new LinkedHashMap<>();
        Map<String, Long> datatypeIds = new HashMap<>();
        Parsed term = new Parsed();
        Parsed datatypeTerm = new Parsed();
        datatypeTerm.kind = Kind.DATATYPE;
        long[] occurrences = {0};
        long[] objects = {0};
        long[] literalObjects = {0};
        long start = System.nanoTime();
        long triples;
        AtomStoreStats stats;
        try (AtomStore store = AtomStore.open(storeDir)) {
            triples = TermCorpus.forEachTerm(file, (buf, offset, length) -> {
                boolean object = occurrences[0]++ % 3 == 2;
                parse(new String(buf, offset, length, StandardCharsets.UTF_8), term);
                long datatypeId = 0;
                if (term.kind == Kind.TYPED) {
                    Long known = datatypeIds.get(term.datatype);
                    if (known == null) {
                        datatypeTerm.value = term.datatype;
                        byte[] bytes = encode(datatypeTerm, 0);
                        long before = store.size();
                        known = store.intern(bytes);
                        if (known > before) {
                            count(byKind.get(Kind.DATATYPE), bytes.length);
                        }
                        datatypeIds.put(term.datatype, known);
                    }
                    datatypeId = known;
                }
                byte[] bytes = encode(term, datatypeId);
                long before = store.size();
                long id = store.intern(bytes);
                boolean fresh = id > before;
                if (fresh) {
                    count(byKind.get(term.kind), bytes.length);
                }
                if (object && term.kind != Kind.IRI && term.kind != Kind.BLANK) {
                    literalObjects[0]++;
                }
                if (term.kind == Kind.TYPED) {
                    Tally t = byDatatype.computeIfAbsent(term.datatype, k -> new Tally());
                    Verdict verdict = classify(term.datatype, term.value);
                    int record = varintBytes(bytes.length) + bytes.length;
                    if (fresh) {
                        count(t, bytes.length);
                        int datatypeBytes = utf8(term.datatype).length;
                        int spelledOut = bytes.length - varint(datatypeId).length + varintBytes(datatypeBytes)
                            + datatypeBytes;
                        t.spelledOutExtraBytes += varintBytes(spelledOut) + spelledOut - record;
                        switch (verdict) {
                            case INLINABLE:
                                t.inlinable++;
                                t.inlinableRecordBytes += record;
                                break;
                            case NOT_CANONICAL:
                                t.notCanonical++;
                                break;
                            case OUT_OF_BUDGET:
                                t.outOfBudget++;
                                break;
                            default:
                                if (!term.datatype.startsWith(XSD) && numberShaped(term.value)) {
                                    t.numberShaped++;
                                    t.numberShapedRecordBytes += record;
                                }
                        }
                    }
                    if (object) {
                        t.objectOccurrences++;
                        if (verdict == Verdict.INLINABLE) {
                            t.inlinableOccurrences++;
                        }
                    }
                }
                if (object) {
                    objects[0]++;
                }
            });
            store.commit();
            stats = store.stats();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        print(dataset, file, triples, occurrences[0], objects[0], literalObjects[0], seconds, byKind, byDatatype,
            stats);
    }

    private static boolean numberShaped(String lexical) {
        return classify(XSD + "decimal", lexical) == Verdict.INLINABLE
            || classify(XSD + "integer", lexical) == Verdict.INLINABLE;
    }

    private static void count(Tally t, int encodedBytes) {
        t.distinct++;
        t.encodedBytes += encodedBytes;
        t.recordBytes += varintBytes(encodedBytes) + encodedBytes;
    }

    private static double modelBytes(long atoms, long recordBytes) {
        return recordBytes + atoms * (OFFSET_ENTRY_BYTES + HASH_BYTES_PER_ATOM);
    }

    private static void print(String dataset, Path file, long triples, long occurrences, long objects,
        long literalObjects, double seconds, Map<Kind, Tally> byKind, Map<String, Tally> byDatatype,
        AtomStoreStats stats) {
        System.out.printf("InlineValueReport: %s (%s)%n", dataset, file);
        System.out.printf("  %,d triples (= quads, all in the default graph), %,d term occurrences, %,d objects"
            + " (%,d literals); read, parsed, encoded and interned in %.1f s%n%n", triples, occurrences, objects,
            literalObjects, seconds);

        System.out.println("Distinct terms by kind (atoms, encoded as ADR-006; record = varint length + encoding)");
        System.out.printf("  %-44s %12s %16s %12s%n", "kind", "distinct", "record bytes", "mean record");
        long atoms = 0;
        long recordBytes = 0;
        for (Kind kind : Kind.values()) {
            Tally t = byKind.get(kind);
            atoms += t.distinct;
            recordBytes += t.recordBytes;
            System.out.printf("  %-44s %,12d %,16d %12.1f%n", kind.label, t.distinct, t.recordBytes,
                t.distinct == 0 ? 0.0 : (double) t.recordBytes / t.distinct);
        }
        System.out.printf("  %-44s %,12d %,16d %12.1f%n%n", "all atoms", atoms, recordBytes,
            (double) recordBytes / atoms);

        System.out.println("Typed literals by datatype (other than xsd:string and rdf:langString)");
        System.out.printf("  %-40s %10s %10s %10s %10s %12s %12s%n", "datatype", "distinct", "inlinable",
            "not canon.", "too big", "object occ.", "inlinable");
        long inlinable = 0;
        long inlinableRecordBytes = 0;
        long inlinableOccurrences = 0;
        long numberShaped = 0;
        long numberShapedRecordBytes = 0;
        long spelledOutExtraBytes = 0;
        for (Map.Entry<String, Tally> e : byDatatype.entrySet()) {
            Tally t = e.getValue();
            String name = e.getKey().startsWith(XSD) ? "xsd:" + e.getKey().substring(XSD.length()) : e.getKey();
            if (name.length() > 40) {
                name = "..." + name.substring(name.length() - 37);
            }
            System.out.printf("  %-40s %,10d %,10d %,10d %,10d %,12d %,12d%n", name, t.distinct, t.inlinable,
                t.notCanonical, t.outOfBudget, t.objectOccurrences, t.inlinableOccurrences);
            inlinable += t.inlinable;
            inlinableRecordBytes += t.inlinableRecordBytes;
            inlinableOccurrences += t.inlinableOccurrences;
            numberShaped += t.numberShaped;
            numberShapedRecordBytes += t.numberShapedRecordBytes;
            spelledOutExtraBytes += t.spelledOutExtraBytes;
        }
        System.out.printf("  datatype as an atom id: the records of these literals would take %,d bytes more with"
            + " the datatype IRI spelled out (varint length + IRI), %.1f %% of all record bytes%n",
            spelledOutExtraBytes, 100.0 * spelledOutExtraBytes / recordBytes);

        double modelAll = modelBytes(atoms, recordBytes);
        double saved = modelBytes(inlinable, inlinableRecordBytes);
        System.out.printf("%nInlining as TDB2 does (canonical lexical forms within the 56-bit budgets only)%n");
        System.out.printf("  inlinable distinct literals  %,14d  (%.2f%% of %,d atoms)%n", inlinable,
            100.0 * inlinable / atoms, atoms);
        System.out.printf("  inlinable object occurrences %,14d  (%.2f%% of %,d objects; %.2f%% of %,d term"
            + " occurrences, each an intern or lookup call saved)%n", inlinableOccurrences,
            100.0 * inlinableOccurrences / objects, objects, 100.0 * inlinableOccurrences / occurrences, occurrences);
        System.out.printf("  atom store saving            %,14.0f bytes = records %,d + offsets %,.0f + hash share"
            + " %,.0f (8 / 0.75 = %.2f per atom)%n", saved, inlinableRecordBytes, inlinable * OFFSET_ENTRY_BYTES,
            inlinable * HASH_BYTES_PER_ATOM, HASH_BYTES_PER_ATOM);
        System.out.printf("  atom store, same model       %,14.0f bytes for %,d atoms (%.1f per atom)%n", modelAll,
            atoms, modelAll / atoms);
        System.out.printf("  saving / atom store          %14.2f %%%n", 100.0 * saved / modelAll);
        if (numberShaped > 0) {
            double more = modelBytes(numberShaped, numberShapedRecordBytes);
            System.out.printf("  what if: %,d distinct literals of non-XSD datatypes have the lexical form of an"
                + " inlinable xsd:decimal or xsd:integer; were they typed so, inlining would save %,.0f bytes more,"
                + " %.2f %% of the atom store in all%n", numberShaped, more, 100.0 * (saved + more) / modelAll);
        }
        System.out.printf("  real store after commit      %,14d bytes in files (data %,d and offsets %,d in use,"
            + " hash file %,d: %,d slots at load %.3f)%n", stats.fileBytes(), stats.dataBytes(), stats.atoms() * 8,
            stats.hashFileBytes(), stats.hashCapacity(), stats.loadFactor());

        double atomPerQuad = modelAll / triples;
        double indexPerQuad = INDEX_ORDERS * INDEX_BYTES_PER_QUAD_PER_ORDER;
        double savedPerQuad = saved / triples;
        System.out.printf("%nWhole store per quad (ASSUMPTION: quad indexes of %d orders x %.0f bytes per quad ="
            + " %.0f bytes per quad)%n", INDEX_ORDERS, INDEX_BYTES_PER_QUAD_PER_ORDER, indexPerQuad);
        System.out.printf("  atom store %.1f + indexes %.1f = %.1f bytes per quad; inlining saves %.2f bytes per"
            + " quad = %.2f %% of the store%n", atomPerQuad, indexPerQuad, atomPerQuad + indexPerQuad,
            savedPerQuad, 100.0 * savedPerQuad / (atomPerQuad + indexPerQuad));
        double uncompressed = INDEX_ORDERS * UNCOMPRESSED_BYTES_PER_QUAD_PER_ORDER;
        System.out.printf("  bound with uncompressed indexes (%d x 4 ids x 8 bytes = %.0f bytes per quad): %.1f"
            + " bytes per quad, saving %.2f %%%n", INDEX_ORDERS, uncompressed, atomPerQuad + uncompressed,
            100.0 * savedPerQuad / (atomPerQuad + uncompressed));
    }
}
