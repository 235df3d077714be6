package dev.cinnabar.cli;

import java.util.Locale;

/** Numbers for people: grouped counts, binary byte sizes, rates and durations. Always in the ROOT locale. */
final class Format {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Format() {
    }

    /** {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s", value,
            UNITS[unit]);
    }

    /** Short, for a progress bar: {@code 9,999}, {@code 12.3K}, {@code 1.32M}, {@code 4.56G}. */
    static String compact(double n) {
        if (n < 10_000) {
            return String.format(Locale.ROOT, "%,.0f", n);
        }
        String[] units = {"K", "M", "G", "T"};
        int unit = -1;
        while (n >= 1000 && unit < units.length - 1) {
            n /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, n >= 100 ? "%.0f%s" : n >= 10 ? "%.1f%s" : "%.2f%s", n, units[unit]);
    }

    /** A rate per second, grouped and without decimals: {@code 1,234,567}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** Seconds as {@code 0.42 s}, {@code 12.3 s} or {@code 1:02:03}. */
    static String seconds(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return clock(Math.round(seconds));
    }

    /** {@code 4:05} or {@code 1:02:03}. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
            : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
