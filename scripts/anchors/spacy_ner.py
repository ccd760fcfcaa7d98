#!/usr/bin/env python3
"""spaCy named-entity spans on gold tokens, for `vigie eval ner`.

  spacy_ner.py --model fr_core_news_md < sentences.jsonl > entities.jsonl

Input: one JSON object per line, {"words": [...], "spaces": [true, ...]} (one gold sentence).
Each becomes a spacy.tokens.Doc(words=..., spaces=...) (so spaCy sees exactly the gold
tokens), run through the whole pipeline (nlp.pipe, every component the model has, `ner`
included). Output: one line per input line, {"ents": [[start, end, "LABEL"], ...]} with
token indices (end exclusive) and spaCy's own labels; the label mapping is Vigie's
(vigie_ner::EntityType::from_label), done by the caller.

stderr: model, pipes, words, processing wall time and words/second (model loading excluded).
"""

import argparse
import json
import os
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", "-m", default="fr_core_news_md")
    p.add_argument("--batch-size", type=int, default=64)
    args = p.parse_args(argv)

    import spacy
    from spacy.tokens import Doc

    t0 = time.perf_counter()
    nlp = spacy.load(args.model)
    load_s = time.perf_counter() - t0
    print(f"spacy_ner: {args.model} {nlp.meta.get('version')}, spaCy {spacy.__version__}, "
          f"pipes={nlp.pipe_names}, loaded in {load_s:.1f} s", file=sys.stderr)
    docs = []
    for line_no, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            words = [str(w) for w in rec["words"]]
            spaces = [bool(s) for s in rec.get("spaces", [True] * len(words))]
        except (ValueError, KeyError, TypeError) as e:
            raise SystemExit(f"spacy_ner: stdin:{line_no}: {e}")
        if len(spaces) != len(words):
            spaces = [True] * len(words)
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
    n_words = sum(len(d) for d in docs)
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(docs, batch_size=args.batch_size))
    secs = time.perf_counter() - t0
    out = sys.stdout
    for doc in parsed:
        ents = [[e.start, e.end, e.label_] for e in doc.ents]
        out.write(json.dumps({"ents": ents}, ensure_ascii=False) + "\n")
    print(f"spacy_ner: {len(docs)} sentences, {n_words} words in {secs:.2f} s "
          f"= {n_words / secs if secs else 0:.0f} words/s (model load excluded)", file=sys.stderr)


if __name__ == "__main__":
    main()
