package dev.cinnabar.atomstore;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * XXH64 (seed 0) of a term's bytes, read through {@code (base, address)} so that one implementation serves
 * heap arrays, direct buffers and the mapped data region alike, without copying or allocating.
 * Words are read little-endian whatever the platform, so an index file means the same on every machine.
 */
final class TermHash {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private TermHash() {
    }

    /** XXH64 of {@code bytes[offset, offset + length)}. */
    static long hash(byte[] bytes, int offset, int length) {
        return hash(bytes, BufferUtil.ARRAY_BASE_OFFSET + offset, length);
    }

    /** XXH64 of {@code length} bytes at {@code address} of {@code base} ({@code null} for off-heap memory). */
    static long hash(Object base, long address, int length) {
        long p = address;
        final long end = address + length;
        long h;
        if (length >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            final long limit = end - 32;
            do {
                v1 = round(v1, getLong(base, p));
                v2 = round(v2, getLong(base, p + 8));
                v3 = round(v3, getLong(base, p + 16));
                v4 = round(v4, getLong(base, p + 24));
                p += 32;
            } while (p <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += length;
        while (p + 8 <= end) {
            h ^= round(0, getLong(base, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (p + 4 <= end) {
            h ^= (UnsafeApi.getIntUnaligned(base, p, false) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < end) {
            h ^= (UnsafeApi.getByte(base, p) & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long getLong(Object base, long address) {
        return UnsafeApi.getLongUnaligned(base, address, false);
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long acc, long value) {
        acc ^= round(0, value);
        return acc * P1 + P4;
    }
}
