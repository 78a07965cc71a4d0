"""Fuzz the compiled plain-CSV reader (returns/ingest/native/csvscan.c) under the address
and undefined-behaviour sanitizers.

`make fuzz-native` compiles a sanitized copy of the module into var/build/sanitized/ and
runs this script with the sanitizer runtime preloaded: any read or write outside what
the reader allocated, or any undefined behaviour, stops the run with the sanitizer's
report. The script feeds the module generated files (separators, line ends, quotation
marks, NUL, multi-byte text, rows short and long), in one thread and in several, with
and without a row limit, and checks that whatever it reads has one value per row in
every column. It ends with `native reader: N files, M read, K left to polars`.
"""

import argparse
import importlib.util
import random
import sys
from pathlib import Path

PIECES = [b",", b";", b"\t", b"|", b"\n", b"\r", b"\r\n", b'"', b"\x00", b"a", b"bb", b"13",
          b"\xc3\xa9", b" ", b"R-1", b"x" * 20, b"2026-05-14", b"\xf0\x9f\x98\x80"]  # fmt: skip
PLAIN = [p for p in PIECES if p not in (b"\r", b'"', b"\x00")]  # half the files: what it reads


def load(path: Path):
    spec = importlib.util.spec_from_file_location("_csvscan", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="the sanitized build of the module")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    scan = load(args.module).scan
    rng = random.Random(args.seed)
    read = left = 0
    for _ in range(args.files):
        pieces = PLAIN if rng.random() < 0.5 else PIECES
        records = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
        body = b"h1,h2,h3\n" + records
        width = rng.randint(1, 6)
        coded = bytes(rng.randint(0, 1) for _ in range(width))
        separator, threads, limit = rng.choice(",;\t|"), rng.randint(1, 4), rng.choice([-1, 2, 50])
        scanned = scan(body, 9, separator, coded, threads, limit)
        if isinstance(scanned, tuple):
            rows, columns = scanned
            assert len(columns) == width
            for flag, column in zip(coded, columns, strict=True):
                if flag:
                    assert len(column[0]) == 4 * rows
            read += 1
        else:
            left += 1
    # Large files are cut into pieces, one a thread: every piece's codes merged.
    lines = [rng.choice([b"a,b,c", b"x,,", b"", b"1,2", b"\xc3\xa9,%d,k" % rng.randint(0, 5000),
                         b"R-%d,,%d" % (i, i % 300)]) for i in range(300_000)]  # fmt: skip
    big = b"h1,h2,h3\n" + b"\r\n".join(lines)
    answers = {threads: scan(big, 9, ",", b"\x01\x00\x01", threads) for threads in (1, 2, 3, 4)}
    shapes = {(a[0], len(a[1][0][1]), len(a[1][2][1])) for a in answers.values()}
    assert len(shapes) == 1, shapes
    print(f"native reader: {args.files + 4:,} files, {read + 4:,} read, {left:,} left to polars")


if __name__ == "__main__":
    sys.exit(main())
