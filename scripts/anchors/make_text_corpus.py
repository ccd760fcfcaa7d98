#!/usr/bin/env python3
"""Rebuild the raw-text benchmark corpus from the UD treebanks' `# text =` lines.

Reads every *.conllu under --ud-dir (default: <repo>/../shared/data/ud, searched
recursively), and writes, per language (taken from the file name: fr_*.conllu, en_*.conllu):

  bench-out/text-LANG.txt    paragraphs separated by one blank line, documents of about
                             --doc-bytes (4096) bytes separated by two blank lines
  bench-out/text-LANG.jsonl  the same documents as {"id", "lang", "text"} lines, ready for
                             spacy_segment.py

Paragraphs follow the treebank's own `# newpar` marks; in a file without them, `# newdoc`
marks end paragraphs; in a file with neither, every --sents-per-par (20) sentences make a
paragraph. Sentences in a paragraph are joined by one space. Paragraphs are packed into
documents of about --doc-bytes, and a `# newdoc` always starts a new document when the
current one already has --doc-bytes / 2 bytes or more (so small UD documents are merged
rather than kept as tiny documents). Files are read in sorted path order, so the output is
deterministic.

bench-out/ is gitignored: run this once after checkout, before the benchmarks:
  python3 scripts/anchors/make_text_corpus.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def paragraphs_of(path, sents_per_par):
    """Yields (starts_new_doc, paragraph_text) for one CoNLL-U file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    has_newpar = any(l.startswith("# newpar") for l in lines)
    has_newdoc = any(l.startswith("# newdoc") for l in lines)
    cur, new_doc = [], True

    def flush():
        nonlocal cur, new_doc
        if cur:
            yield new_doc, " ".join(cur)
            new_doc = False
        cur = []

    for line in lines:
        if line.startswith("# newdoc"):
            yield from flush()
            new_doc = True
        elif line.startswith("# newpar"):
            yield from flush()
        elif line.startswith("# text ="):
            text = line[len("# text ="):].strip()
            if text:
                cur.append(text)
            if not has_newpar and not has_newdoc and len(cur) >= sents_per_par:
                yield from flush()
    yield from flush()


def build(files, doc_bytes, sents_per_par):
    docs, cur, size = [], [], 0
    for path in files:
        for new_doc, par in paragraphs_of(path, sents_per_par):
            n = len(par.encode("utf-8"))
            if cur and (size + n > doc_bytes or (new_doc and size >= doc_bytes // 2)):
                docs.append("\n\n".join(cur))
                cur, size = [], 0
            cur.append(par)
            size += n + 2
        # never let a document straddle two treebank files
        if cur:
            docs.append("\n\n".join(cur))
            cur, size = [], 0
    return docs


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ud-dir", type=Path, default=ROOT.parent / "shared" / "data" / "ud")
    p.add_argument("--out-dir", type=Path, default=ROOT / "bench-out")
    p.add_argument("--doc-bytes", type=int, default=4096)
    p.add_argument("--sents-per-par", type=int, default=20)
    args = p.parse_args(argv)

    files = sorted(args.ud_dir.rglob("*.conllu"))
    if not files:
        raise SystemExit(f"make_text_corpus: no *.conllu under {args.ud_dir}")
    by_lang = {}
    for f in files:
        by_lang.setdefault(f.name.split("_", 1)[0], []).append(f)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for lang, lang_files in sorted(by_lang.items()):
        docs = build(lang_files, args.doc_bytes, args.sents_per_par)
        txt = args.out_dir / f"text-{lang}.txt"
        txt.write_text("\n\n\n".join(docs) + "\n", encoding="utf-8")
        with open(args.out_dir / f"text-{lang}.jsonl", "w", encoding="utf-8") as out:
            for i, d in enumerate(docs):
                out.write(json.dumps({"id": f"{lang}-{i:05d}", "lang": lang, "text": d},
                                     ensure_ascii=False) + "\n")
        size = txt.stat().st_size
        print(f"make_text_corpus: {txt}: {len(docs)} documents, {size} bytes "
              f"from {', '.join(f.name for f in lang_files)}", file=sys.stderr)


if __name__ == "__main__":
    main()
