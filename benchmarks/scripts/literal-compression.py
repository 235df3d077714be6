#!/usr/bin/env python3
"""How much per-literal compression could save on a data set (issue 14, space): a paper study, no store code.

Reads an N-Triples .nt.gz, takes the distinct literal lexical forms (object position), and prints their raw bytes
per quad, and the bytes per quad if every form of at least MIN bytes were stored deflated on its own (raw DEFLATE,
level 6), and deflated with one preset dictionary (the last 32 KiB of the first 2,000 such forms), keeping a form
raw where compressing would not make it shorter.

Usage: python3 benchmarks/scripts/literal-compression.py ../shared/data/bsbm/bsbm-1m.nt.gz
"""
import gzip
import sys
import zlib

MIN = 64


def deflate(data, dictionary=None):
    args = [dictionary] if dictionary else []
    c = zlib.compressobj(6, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, *args)
    return c.compress(data) + c.flush()


def main(path):
    literals = []
    quads = 0
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        for line in f:
            quads += 1
            i = line.find(' "')
            if i > 0:
                literals.append(line[i + 2:line.rfind('"')].encode())
    distinct = list(dict.fromkeys(literals))
    raw = sum(len(x) for x in distinct)
    long_forms = [x for x in distinct if len(x) >= MIN]
    print(f'{quads} quads, {len(literals)} literal objects, {len(distinct)} distinct')
    print(f'raw distinct literal bytes: {raw} = {raw / quads:.1f} B/quad; forms >= {MIN} B: {len(long_forms)}, '
          f'{sum(len(x) for x in long_forms)} bytes')
    dictionary = b''.join(long_forms[:2000])[-32768:]
    for name, d in (('deflate each', None), ('deflate each, preset dictionary', dictionary)):
        total = sum(min(len(x), len(deflate(x, d))) if len(x) >= MIN else len(x) for x in distinct)
        print(f'{name}: {total} = {total / quads:.1f} B/quad')


if __name__ == '__main__':
    main(sys.argv[1])
