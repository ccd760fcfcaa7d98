#!/usr/bin/env python3
"""spaCy tags, lemmas, morphology and dependency parses as CoNLL-U, for Vigie's evaluator.

  spacy_parse.py --model fr_core_news_md --mode raw|gold INPUT.conllu > OUT.conllu

raw   Each document's raw text is rebuilt from INPUT exactly as Vigie's reader does
      (crates/vigie-eval/src/conllu.rs): a sentence's text is its `# text =` line (trimmed)
      when the surface forms can be found in it in order, else the forms joined by a space
      unless SpaceAfter=No; sentences are joined by one space, a sentence after `# newpar` by a
      blank line ("\\n\\n"); `# newdoc` starts a new document, and a file without any newdoc
      is one document. The full spaCy pipeline runs on each document's text and its own
      tokens and sentences are written out: one CoNLL-U sentence per spaCy sentence, each
      document opened with `# newdoc id = FILE#N` (N from 1, as Vigie numbers them).
      Whitespace tokens (spaCy's is_space tokens such as "\\n\\n" or a second space) are left
      out; a word attached to one is re-attached to the first non-whitespace ancestor.
gold  The gold segmentation: each gold sentence's syntactic words (word lines; multi-word
      token range lines and empty nodes are skipped) become a Doc with the sentence start
      preset on the first word and cleared on the others, so the parser returns exactly one
      sentence per gold sentence (spaCy 3.8's parser obeys preset boundaries; the output is
      checked and any extra root is repaired and counted). Output: the gold word ids, forms
      and `# sent_id`/`# text` lines, no MWT lines.

Columns: ID, FORM (token text as in the input), LEMMA, UPOS (token.pos_), XPOS `_`,
FEATS (str(token.morph) or `_`), HEAD (1-based in the sentence, 0 for the root),
DEPREL (spaCy's ROOT -> root, every other label lower-cased), DEPS `_`,
MISC (SpaceAfter=No when no whitespace follows the token in the text; gold mode: copied
from the gold word or its multi-word token).

Validity repairs (counted on stderr): a sentence must have exactly one root. Extra roots
(several spaCy roots, or words whose only ancestors were whitespace tokens) are attached to
the first root (DEPREL kept, `dep` if it was root); a sentence without a root (cannot happen with spaCy's
parser, checked anyway) gets its first word as root. Empty labels become `dep`.

stderr: documents, sentences, words, repairs, model load time, processing wall time and
words/second (processing excludes model loading and file reading/writing).
The `ner` component is disabled (it changes none of the columns written).
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

MAX_LENGTH = 2_000_000_000


# ---------------------------------------------------------------- CoNLL-U input

class GoldSentence:
    __slots__ = ("comments", "text", "forms", "words", "newdoc", "newpar")

    def __init__(self):
        self.comments = []   # raw comment lines
        self.text = None     # `# text =` value, trimmed
        self.forms = []      # surface tokens: (form, space_after_no), MWT counted once
        self.words = []      # syntactic words: (id, form, space_after_no)
        self.newdoc = False
        self.newpar = False


def read_conllu(path):
    """Gold sentences, in the way conllu.rs reads them (same skipping and flag rules)."""
    with open(path, encoding="utf-8") as f:
        content = f.read()
    sents = []
    cur = GoldSentence()
    skip_until = 0
    mwt_end, mwt_no_space = 0, False
    for line_no, line in enumerate(content.split("\n"), 1):
        line = line.rstrip("\r")
        if not line:
            if cur.forms:
                sents.append(cur)
                cur = GoldSentence()
            skip_until = 0
            mwt_end, mwt_no_space = 0, False
            continue
        if line.startswith("#"):
            comment = line[1:].lstrip()
            if comment.startswith("newdoc"):
                cur.newdoc = True
            elif comment.startswith("newpar"):
                cur.newpar = True
            elif comment.startswith("text ="):
                cur.text = comment[len("text ="):].strip()
            cur.comments.append(line)
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise SystemExit(f"spacy_parse: {path}:{line_no}: expected 10 columns, found {len(cols)}")
        wid = cols[0]
        if "." in wid:
            continue  # empty node
        no_space = "SpaceAfter=No" in cols[9].split("|")
        if "-" in wid:
            a, b = wid.split("-", 1)
            skip_until = int(b)
            mwt_end, mwt_no_space = int(b), no_space
            cur.forms.append((cols[1], no_space))
            continue
        n = int(wid)
        word_no_space = no_space or (n == mwt_end and mwt_no_space)
        cur.words.append((wid, cols[1], word_no_space))
        if n <= skip_until:
            continue
        cur.forms.append((cols[1], no_space))
    if cur.forms:
        sents.append(cur)
    return sents


def align_forms(text, forms):
    pos = 0
    for form, _ in forms:
        rest = text[pos:]
        start = pos + (len(rest) - len(rest.lstrip()))
        if not text.startswith(form, start):
            return False
        pos = start + len(form)
    return True


def rebuild(forms):
    out = []
    for i, (form, no_space) in enumerate(forms):
        out.append(form)
        if not no_space and i + 1 < len(forms):
            out.append(" ")
    return "".join(out)


def documents(sents):
    """[(text, n_sentences)] per document, as conllu.rs builds them."""
    docs = []
    for s in sents:
        if s.newdoc or not docs:
            docs.append([[], 0])
        doc = docs[-1]
        if doc[0]:
            doc[0].append("\n\n" if s.newpar else " ")
        if s.text is not None and align_forms(s.text, s.forms):
            doc[0].append(s.text)
        else:
            doc[0].append(rebuild(s.forms))
        doc[1] += 1
    return [("".join(parts), n) for parts, n in docs]


# ---------------------------------------------------------------- CoNLL-U output

def clean(s, empty="_"):
    s = s.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return s if s else empty


def deprel(tok):
    d = tok.dep_
    if d == "ROOT":
        return "root"
    return d.lower() if d else "dep"


def sentence_rows(tokens, fixes):
    """CoNLL-U rows for a list of spaCy tokens (whitespace tokens already in the list are
    skipped and their dependents re-attached). Returns (rows, kept tokens)."""
    kept = [t for t in tokens if not (t.is_space or not t.text.strip())]
    if not kept:
        return [], []
    index = {t.i: k for k, t in enumerate(kept, 1)}
    heads, rels, roots = [], [], []
    for k, t in enumerate(kept, 1):
        h = t.head
        seen = 0
        while h.i not in index and h.head.i != h.i and seen < 1000:
            h = h.head  # climb over whitespace tokens (or out-of-sentence heads)
            seen += 1
        rel = deprel(t)
        if h.i == t.i or h.i not in index:
            if h.i != t.i:
                fixes["head was a whitespace token (re-attached)"] += 1
            heads.append(0)
            roots.append(k)
        else:
            if t.head.i not in index:
                fixes["head was a whitespace token (re-attached)"] += 1
            heads.append(index[h.i])
        rels.append(rel)
    if not roots:
        fixes["sentence without root (first word made root)"] += 1
        roots = [1]
        heads[0] = 0
    # The root: the first token spaCy itself made root, else the first orphan.
    main = next((k for k in roots if kept[k - 1].head.i == kept[k - 1].i), roots[0])
    for k in roots:
        if k != main:
            fixes["extra root attached to the first root"] += 1
            heads[k - 1] = main
            if rels[k - 1] == "root":
                rels[k - 1] = "dep"
    rels[main - 1] = "root"
    for k in range(len(kept)):
        if heads[k] != 0 and rels[k] == "root":
            rels[k] = "dep"
            fixes["non-root labelled root (relabelled dep)"] += 1
    rows = []
    for k, t in enumerate(kept, 1):
        rows.append([str(k), clean(t.text), clean(t.lemma_), t.pos_ or "X", "_",
                     clean(str(t.morph)), str(heads[k - 1]), rels[k - 1], "_", None])
    return rows, kept


def write_sentence(out, comments, rows):
    for c in comments:
        out.write(c + "\n")
    for r in rows:
        out.write("\t".join(r) + "\n")
    out.write("\n")


def check_rows(rows, fixes):
    """Validity check of one output sentence; counts problems (should stay at zero)."""
    n = len(rows)
    roots = sum(1 for r in rows if r[6] == "0")
    if roots != 1:
        fixes["INVALID: root count != 1 after repair"] += 1
    for r in rows:
        if len(r) != 10 or not (0 <= int(r[6]) <= n) or int(r[6]) == int(r[0]):
            fixes["INVALID: bad row after repair"] += 1
    heads = [int(r[6]) for r in rows]
    for i in range(1, n + 1):  # every word must reach the root
        j, steps = i, 0
        while j != 0 and steps <= n and 0 < j <= n:
            j, steps = heads[j - 1], steps + 1
        if j != 0:
            fixes["INVALID: cycle or dangling head"] += 1
            break


# ---------------------------------------------------------------- modes

def run_raw(nlp, path, out, stats, fixes, batch_size):
    sents = read_conllu(path)
    docs = documents(sents)
    stats["documents"] = len(docs)
    stats["gold sentences"] = len(sents)
    texts = [t for t, _ in docs]
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=batch_size))
    stats["seconds"] = time.perf_counter() - t0
    for d, (doc, text) in enumerate(zip(parsed, texts), 1):
        stats["whitespace tokens skipped"] += sum(1 for t in doc if t.is_space or not t.text.strip())
        first = True
        for s_no, sent in enumerate(doc.sents, 1):
            rows, kept = sentence_rows(list(sent), fixes)
            if not rows:
                fixes["whitespace-only sentence dropped"] += 1
                continue
            parts = []
            for r, t in zip(rows, kept):
                end = t.idx + len(t.text)
                no_space = end < len(text) and not text[end].isspace()
                r[9] = "SpaceAfter=No" if no_space else "_"
                parts.append(t.text)
                if t is not kept[-1] and not no_space:
                    parts.append(" ")
            comments = []
            if first:
                comments.append(f"# newdoc id = {path}#{d}")
                first = False
            comments.append(f"# sent_id = {d}-{s_no}")
            comments.append("# text = " + clean("".join(parts)))
            check_rows(rows, fixes)
            write_sentence(out, comments, rows)
            stats["sentences"] += 1
            stats["words"] += len(rows)


def run_gold(nlp, path, out, stats, fixes, batch_size):
    from spacy.tokens import Doc

    sents = read_conllu(path)
    stats["gold sentences"] = len(sents)
    docs = []
    for s in sents:
        words = [w[1] for w in s.words]
        spaces = [not w[2] for w in s.words]
        spaces[-1] = False
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces,
                        sent_starts=[True] + [False] * (len(words) - 1)))
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(docs, batch_size=batch_size))
    stats["seconds"] = time.perf_counter() - t0
    for s, doc in zip(sents, parsed):
        n_sents = sum(1 for _ in doc.sents)
        if n_sents != 1:
            fixes["spaCy split a gold sentence (roots merged)"] += 1
        rows, kept = sentence_rows(list(doc), fixes)
        if len(rows) != len(s.words):
            raise SystemExit(f"spacy_parse: word count changed in a gold sentence of {path}")
        for r, w in zip(rows, s.words):
            r[0] = w[0]
            r[1] = w[1]
            r[9] = "SpaceAfter=No" if w[2] else "_"
        # Gold ids are 1..n in order (no MWT or empty-node lines), so heads stay valid.
        comments = [c for c in s.comments if c[1:].lstrip().startswith(("newdoc", "newpar", "sent_id", "text ="))]
        check_rows(rows, fixes)
        write_sentence(out, comments, rows)
        stats["sentences"] += 1
        stats["words"] += len(rows)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", "-m", default="fr_core_news_md")
    p.add_argument("--mode", choices=("raw", "gold"), required=True)
    p.add_argument("--output", "-o", help="output file (default: stdout)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("input")
    args = p.parse_args(argv)

    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(args.model, exclude=["ner"])
    nlp.max_length = MAX_LENGTH
    load_s = time.perf_counter() - t0
    print(f"spacy_parse: {args.model} {nlp.meta.get('version')} (meta name {nlp.meta.get('lang')}_"
          f"{nlp.meta.get('name')}), spaCy {spacy.__version__}, pipes={nlp.pipe_names}, "
          f"loaded in {load_s:.1f} s", file=sys.stderr)

    stats = collections.Counter()
    fixes = collections.Counter()
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    try:
        (run_raw if args.mode == "raw" else run_gold)(nlp, args.input, out, stats, fixes, args.batch_size)
    finally:
        if args.output:
            out.close()
    secs = stats.pop("seconds")
    words = stats["words"]
    print("spacy_parse: " + ", ".join(f"{k} {v}" for k, v in stats.items()), file=sys.stderr)
    print(f"spacy_parse: mode {args.mode}: {words} words in {secs:.2f} s "
          f"= {words / secs if secs else 0:.0f} words/s (model load excluded)", file=sys.stderr)
    if fixes:
        for k, v in sorted(fixes.items()):
            print(f"spacy_parse: repair: {k}: {v}", file=sys.stderr)
    else:
        print("spacy_parse: repairs: none", file=sys.stderr)
    if any(k.startswith("INVALID") for k in fixes):
        sys.exit(1)


if __name__ == "__main__":
    main()
