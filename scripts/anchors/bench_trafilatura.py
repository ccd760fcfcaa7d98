#!/usr/bin/env python3
"""Throughput of Python trafilatura's extract() over a directory of HTML files.

Every *.html / *.htm file under DIR (recursively, sorted) is read into memory as bytes
(untimed), then each variant runs --repeat times (default 3) over all files, calling
trafilatura.extract(raw_bytes, ...) once per file, so trafilatura's own charset
detection and HTML parsing are part of the measured time. The figure reported is the
BEST (fastest) run, with the median alongside. MB is 10^6 bytes of HTML input.
Single process, single thread.

Variants (--variants, comma-separated; default "default,metadata"):
  default   extract(html)                         trafilatura's default settings
  metadata  extract(html, with_metadata=True)
  fast      extract(html, fast=True)              no fallback extractors (readability/jusText)

One JSON object per variant on stdout:
  {"tool", "bytes", "seconds", "mb_per_s", "tokens", "docs", "docs_with_text",
   "chars_out", "repeat", "statistic": "best", "seconds_median", "trafilatura_version"}
"tokens" is null: trafilatura does not tokenise. "chars_out" is the total length of the
extracted text (from the last run) and "docs_with_text" how many files gave any text.

Example:
  .venv-anchors/bin/python scripts/anchors/bench_trafilatura.py bench/html
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

VARIANTS = {
    "default": {},
    "metadata": {"with_metadata": True},
    "fast": {"fast": True},
}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir", type=Path, help="directory of HTML files (searched recursively)")
    p.add_argument("--variants", default="default,metadata")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)

    import trafilatura

    # trafilatura logs a warning for every page it finds too little text in.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    files = sorted(f for f in args.dir.rglob("*") if f.suffix.lower() in (".html", ".htm"))
    if not files:
        raise SystemExit(f"bench_trafilatura: no .html files under {args.dir}")
    pages = [f.read_bytes() for f in files]
    nbytes = sum(len(b) for b in pages)
    print(f"bench_trafilatura: {args.dir}: {len(pages)} files, {nbytes} bytes", file=sys.stderr)

    for variant in [v.strip() for v in args.variants.split(",") if v.strip()]:
        if variant not in VARIANTS:
            raise SystemExit(f"bench_trafilatura: unknown variant {variant!r}")
        kwargs = VARIANTS[variant]
        times, chars, with_text = [], 0, 0
        for _ in range(args.repeat):
            chars, with_text = 0, 0
            t0 = time.perf_counter()
            for raw in pages:
                out = trafilatura.extract(raw, **kwargs)
                if out:
                    chars += len(out)
                    with_text += 1
            times.append(time.perf_counter() - t0)
        best = min(times)
        label = "extract()" if not kwargs else "extract(" + ", ".join(
            f"{k}={v}" for k, v in kwargs.items()) + ")"
        print(json.dumps({
            "tool": f"trafilatura-{trafilatura.__version__} {label}",
            "bytes": nbytes,
            "seconds": round(best, 4),
            "mb_per_s": round(nbytes / 1e6 / best, 3),
            "tokens": None,
            "docs": len(pages),
            "docs_with_text": with_text,
            "chars_out": chars,
            "repeat": args.repeat,
            "statistic": "best",
            "seconds_median": round(statistics.median(times), 4),
            "trafilatura_version": trafilatura.__version__,
        }), flush=True)


if __name__ == "__main__":
    main()
