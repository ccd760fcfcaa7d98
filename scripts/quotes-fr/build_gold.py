#!/usr/bin/env python3
"""Builds the French quotation gold (crates/vigie-eval/fixtures/quotes-fr/*.jsonl) from the
hand annotations (annotations.txt beside them) and the source texts in ../shared/data.

Every span is computed here from the annotated surface strings and checked by re-slicing the
UTF-8 bytes; an annotation whose string is not found stops the build. Offsets are byte offsets
into `text` (what Vigie's spans are). Usage: python3 scripts/quotes-fr/build_gold.py [DATA_DIR]
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "crates/vigie-eval/fixtures/quotes-fr"
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data"
SOURCES = {
    "gsd-test": ("ud/fr-gsd/fr_gsd-ud-test.conllu", "UD French-GSD test", "CC BY-SA 4.0"),
    "sequoia-test": ("ud/fr-sequoia/fr_sequoia-ud-test.conllu", "UD French-Sequoia test", "LGPL-LR"),
    "pud": ("ud/fr-pud/fr_pud-ud-test.conllu", "UD French-PUD", "CC BY-SA 3.0"),
    "hipe-test": (
        "ner/fr-hipe2022-newseye/HIPE-2022-v2.1-newseye-test-fr.tsv",
        "HIPE-2022 NewsEye French test",
        "CC BY-NC-SA 4.0",
    ),
    # Training splits: excerpts from these are always dev (they enlarge the part tuned on).
    "gsd-dev": ("ud/fr-gsd/fr_gsd-ud-dev.conllu", "UD French-GSD dev", "CC BY-SA 4.0"),
    "sequoia-train": ("ud/fr-sequoia/fr_sequoia-ud-train.conllu", "UD French-Sequoia train", "LGPL-LR"),
    "sequoia-dev": ("ud/fr-sequoia/fr_sequoia-ud-dev.conllu", "UD French-Sequoia dev", "LGPL-LR"),
    "hipe-dev": (
        "ner/fr-hipe2022-newseye/HIPE-2022-v2.1-newseye-dev-fr.tsv",
        "HIPE-2022 NewsEye French dev",
        "CC BY-NC-SA 4.0",
    ),
    "hipe-dev2": (
        "ner/fr-hipe2022-newseye/HIPE-2022-v2.1-newseye-dev2-fr.tsv",
        "HIPE-2022 NewsEye French dev2",
        "CC BY-NC-SA 4.0",
    ),
}
TRAINING = {"gsd-dev", "sequoia-train", "sequoia-dev", "hipe-dev", "hipe-dev2"}
KINDS = {"direct", "partial", "indirect", "mixed", "selon"}
# Excerpts of held-out sources whose number modulo 10 is in DEV form the dev part (~30 %), the
# rest the test part; excerpts of training splits (TRAINING) are all dev.
DEV = {1, 4, 7}


def conllu_sentences(path):
    out, sid = {}, None
    for line in path.open(encoding="utf-8"):
        if line.startswith("# sent_id"):
            sid = line.split("=", 1)[1].strip()
        elif line.startswith("# text =") and sid is not None:
            out[sid] = line.split("=", 1)[1].strip()
    return out


def hipe_documents(path):
    """Article text as the HIPE tokens give it: NoSpaceAfter honoured, line-end hyphens (¬)
    joined, paragraphs on their own lines. OCR errors are kept."""
    docs, cur = {}, None
    for line in path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# hipe2022:document_id"):
            cur = line.split("=", 1)[1].strip()
            docs[cur] = ""
            continue
        if line.startswith("#") or line.startswith("TOKEN") or not line.strip() or cur is None:
            continue
        cols = line.split("\t")
        tok, misc = cols[0], cols[-1]
        if tok.endswith("¬") and "EndOfLine" in misc:
            docs[cur] += tok[:-1]
            continue
        docs[cur] += tok
        if "EndOfParagraph" in misc:
            docs[cur] += "\n"
        elif "NoSpaceAfter" not in misc:
            docs[cur] += " "
    return docs


def find(text, surface, near=None):
    """Character span of `surface` (`A ~~ B`: from A to the end of B); the occurrence nearest
    `near` when there are several. Straight and curly apostrophes are interchangeable."""
    def occurrences(s):
        found = []
        for variant in (s, s.replace("'", "’"), s.replace("’", "'")):
            i = text.find(variant)
            while i >= 0:
                j = i + len(variant)
                # Whole words only: "il" is not the end of "avril".
                left = i == 0 or not (text[i - 1].isalnum() and variant[0].isalnum())
                right = j == len(text) or not (text[j].isalnum() and variant[-1].isalnum())
                if left and right:
                    found.append((i, j))
                i = text.find(variant, i + 1)
            if found:
                break
        return found

    if " ~~ " in surface:
        a, b = surface.split(" ~~ ", 1)
        spans = []
        for s, _ in occurrences(a):
            ends = [e for (bs, e) in occurrences(b) if bs >= s]
            if ends:
                spans.append((s, min(ends)))
    else:
        spans = occurrences(surface)
    if not spans:
        raise SystemExit(f"not found: {surface!r}\nin: {text!r}")
    if near is not None:
        spans.sort(key=lambda sp: min(abs(sp[0] - near[1]), abs(sp[1] - near[0])))
    return spans[0]


def byte_span(text, span):
    s = len(text[: span[0]].encode("utf-8"))
    return s, s + len(text[span[0] : span[1]].encode("utf-8"))


def main():
    lines = (FIXTURES / "annotations.txt").read_text(encoding="utf-8").splitlines()
    cache = {}
    excerpts = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@ "):
            head = line[2:]
            source, rest = head.split(" ", 1)
            if source not in SOURCES:
                raise SystemExit(f"annotations.txt:{n}: unknown source {source}")
            if source not in cache:
                path = DATA / SOURCES[source][0]
                cache[source] = hipe_documents(path) if source.startswith("hipe") else conllu_sentences(path)
            if source.startswith("hipe"):
                doc, first, last = [x.strip() for x in rest.split("|")]
                article = cache[source][doc]
                s = article.find(first)
                e = article.find(last, s)
                if s < 0 or e < 0:
                    raise SystemExit(f"annotations.txt:{n}: excerpt bounds not found")
                text, ids = article[s : e + len(last)], [doc]
            else:
                ids = rest.split()
                text = " ".join(cache[source][i] for i in ids)
            excerpts.append({"source": source, "sentences": ids, "text": text, "quotes": [], "line": n})
            continue
        cols = [c.strip() for c in line.split("|")]
        if len(cols) != 5 or cols[0] not in KINDS:
            raise SystemExit(f"annotations.txt:{n}: expected KIND | CONTENT | SPEAKER | CANONICAL | CUE")
        kind, content, speaker, canonical, cue = cols
        text = excerpts[-1]["text"]
        cspan = find(text, content)
        quote = {"kind": kind}
        bs, be = byte_span(text, cspan)
        quote.update(start=bs, end=be, text=text[cspan[0] : cspan[1]])
        if speaker != "-":
            # `dit-[il]`: the bracketed words, found through their context.
            if "[" in speaker:
                pre, rest = speaker.split("[", 1)
                inner, post = rest.split("]", 1)
                whole = find(text, pre + inner + post, near=cspan)
                sspan = (whole[0] + len(pre), whole[0] + len(pre) + len(inner))
            else:
                sspan = find(text, speaker, near=cspan)
            ss, se = byte_span(text, sspan)
            quote["speaker"] = {"start": ss, "end": se, "text": text[sspan[0] : sspan[1]]}
        if canonical != "-":
            quote["canonical"] = canonical
        if cue != "-":
            quote["cue"] = cue
        excerpts[-1]["quotes"].append(quote)
    per_source = {}
    for i, ex in enumerate(excerpts):
        ex["split"] = "dev" if i % 10 in DEV or ex["source"] in TRAINING else "test"
        ex["id"] = f"{ex['source']}-{i:03}"
        raw = ex["text"].encode("utf-8")
        for q in ex["quotes"]:
            assert raw[q["start"] : q["end"]].decode("utf-8") == q["text"]
            if "speaker" in q:
                sp = q["speaker"]
                assert raw[sp["start"] : sp["end"]].decode("utf-8") == sp["text"]
        del ex["line"]
        per_source.setdefault(ex["source"], []).append(ex)
    for source, items in per_source.items():
        with (FIXTURES / f"{source}.jsonl").open("w", encoding="utf-8") as f:
            for ex in items:
                keys = ["id", "source", "sentences", "split", "text", "quotes"]
                f.write(json.dumps({k: ex[k] for k in keys}, ensure_ascii=False) + "\n")
    total = sum(len(e["quotes"]) for e in excerpts)
    dev = sum(len(e["quotes"]) for e in excerpts if e["split"] == "dev")
    kinds = {}
    for e in excerpts:
        for q in e["quotes"]:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"{len(excerpts)} excerpts, {total} quotes ({dev} dev, {total - dev} test); {kinds}")


if __name__ == "__main__":
    main()
